// Builds and starts the membership subgraph.
import { startSubgraph, type HubPubSub, type Logger, type RunningSubgraph } from "@benefits-hub/platform";
import { apiKeyRoute } from "./api-key-route";
import { AuditRepository } from "./data/audit.repository";
import { ApiKeyRepository } from "./data/api-key.repository";
import { ApiKeyService } from "./domain/api-key.service";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { databaseHealth } from "@benefits-hub/platform/server/service-process";
import { loadTypeDefs } from "@benefits-hub/platform/server/type-defs";
import { contextFactory } from "./context";
import { permissions } from "./permissions";
import { resolvers } from "./resolvers";

export const typeDefs = loadTypeDefs(new URL("./schema", import.meta.url));

export interface MembershipOptions {
  port: number;
  db: PrismaClient;
  internalSecret: string;
  authSecret: string;
  pubsub: HubPubSub;
  log: Logger;
  production?: boolean;
}

export function startMembership(options: MembershipOptions): Promise<RunningSubgraph> {
  return startSubgraph({
    name: "membership",
    port: options.port,
    typeDefs,
    resolvers,
    permissions,
    createContext: contextFactory(options.db, options.authSecret, options.pubsub),
    routes: apiKeyRoute(new ApiKeyService(new ApiKeyRepository(options.db, new AuditRepository()), options.pubsub)),
    internalSecret: options.internalSecret,
    log: options.log,
    production: options.production,
    checkHealth: databaseHealth(options.db),
  });
}
