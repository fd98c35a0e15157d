// Builds and starts the membership subgraph.
import { outboxRoute, startSubgraph, type HubPubSub, type Logger, type RunningSubgraph } from "@benefits-hub/platform";
import { apiKeyRoute } from "./api-key-route";
import { audienceRoute } from "./audience-route";
import { tenantIdsRoute } from "./tenant-ids-route";
import { MembershipOutboxRepository } from "./data/outbox.repository";
import { TenantIdsRepository } from "./data/tenant-ids.repository";
import { TenantIdsService } from "./domain/tenant-ids.service";
import { AudienceRepository } from "./data/audience.repository";
import { AudienceService } from "./domain/audience.service";
import { AuditRepository } from "./data/audit.repository";
import { ApiKeyRepository } from "./data/api-key.repository";
import { ApiKeyService } from "./domain/api-key.service";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { databaseHealth } from "@benefits-hub/platform/server/service-process";
import { loadTypeDefs } from "@benefits-hub/platform/server/type-defs";
import { contextFactory, longestWindowMs } from "./context";
import { PostgresAttemptStore, databaseName, type AttemptStore } from "./data/auth-attempts.store";
import { RedisAttemptStore } from "./data/auth-attempts.redis";
import type { AuthLimits } from "./domain/auth-limits";
import { permissions } from "./permissions";
import { resolvers } from "./resolvers";
import { MemberImportRepository } from "./data/member-import.repository";
import { OrgUnitRepository } from "./data/org-unit.repository";
import { MemberImportJobs } from "./domain/member-import-jobs";

export const typeDefs = loadTypeDefs(new URL("./schema", import.meta.url));

export interface MembershipOptions {
  port: number;
  db: PrismaClient;
  internalSecret: string;
  authSecret: string;
  pubsub: HubPubSub;
  log: Logger;
  production?: boolean;
  /** Set: login limits are counted in Redis (shared by every instance); unset: in PostgreSQL. */
  redisUrl?: string;
  authLimits?: Partial<AuthLimits>;
  /** How long access tokens last (default 15 min); tests shorten it. */
  accessTokenTtlSeconds?: number;
}

export async function startMembership(options: MembershipOptions): Promise<RunningSubgraph> {
  const importRows = new MemberImportRepository(options.db, new OrgUnitRepository(options.db), new AuditRepository());
  const memberImports = new MemberImportJobs(importRows);
  await memberImports.failAbandoned(options.log);
  const attempts: AttemptStore = options.redisUrl
    ? new RedisAttemptStore(options.redisUrl, () => databaseName(options.db))
    : new PostgresAttemptStore(options.db, longestWindowMs(options.authLimits));
  const subgraph = await startSubgraph({
    name: "membership",
    port: options.port,
    typeDefs,
    resolvers,
    permissions,
    createContext: contextFactory(
      options.db,
      options.authSecret,
      options.pubsub,
      memberImports,
      {
        attempts,
        limits: options.authLimits,
        accessTokenTtlSeconds: options.accessTokenTtlSeconds,
      },
      options.log,
    ),
    routes: (app) => {
      outboxRoute(new MembershipOutboxRepository(options.db).readAfter)(app);
      apiKeyRoute(new ApiKeyService(new ApiKeyRepository(options.db, new AuditRepository()), options.pubsub))(app);
      audienceRoute(new AudienceService(new AudienceRepository(options.db)))(app);
      tenantIdsRoute(new TenantIdsService(new TenantIdsRepository(options.db)))(app);
    },
    internalSecret: options.internalSecret,
    log: options.log,
    production: options.production,
    checkHealth: databaseHealth(options.db),
  });
  // Imports still running finish (or fail) before the process lets go of the database.
  return {
    ...subgraph,
    close: () =>
      subgraph
        .close()
        .then(() => memberImports.drain())
        .finally(() => attempts.close()),
  };
}
