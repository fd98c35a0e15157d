// Builds and starts the catalog subgraph, with its background work: the
// supplier stock sync and the top-up worker.
import { outboxRoute, startSubgraph, type HubPubSub, type Logger, type RunningSubgraph } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { databaseHealth } from "@benefits-hub/platform/server/service-process";
import { loadTypeDefs } from "@benefits-hub/platform/server/type-defs";
import type express from "express";
import { TenantIdsClient } from "@benefits-hub/platform/tenant-ids";
import { AudienceClient } from "./clients/audience.client";
import { contextFactory, type CatalogDeps } from "./context";
import { CodeKeyRing } from "./crypto/key-ring";
import { startSupplierWork } from "./domain/suppliers";
import { codeImportRoute } from "./code-import-route";
import { CardCodeRepository } from "./data/codes/card-code.repository";
import { catalogOutboxReader } from "./data/outbox.repository";
import { ABANDONED_AFTER_MS, CodeImporter } from "./domain/codes/code-importer";
import { permissions } from "./permissions";
import { resolvers } from "./resolvers";

export const typeDefs = loadTypeDefs(new URL("./schema", import.meta.url));

export interface CatalogOptions {
  port: number;
  db: PrismaClient;
  internalSecret: string;
  log: Logger;
  pubsub: HubPubSub;
  /** See CATALOG_CODE_KEYS and CATALOG_CODE_FINGERPRINT_KEY in env.ts. */
  codeKeys: { masterKeys: string; fingerprintKey: string };
  /** Membership's base URL (http://host:port), for shelf audiences. */
  membershipUrl: string;
  /** 0 or unset: no periodic supplier sync (tests run it by hand). */
  supplierSyncIntervalMs?: number;
  /** How often the top-up worker looks for due orders (default 500 ms). */
  topupPollMs?: number;
  production?: boolean;
}

/** Something the catalog runs beside its GraphQL server, stopped before the database goes. */
export interface BackgroundWork {
  routes?: (app: express.Express) => void;
  close(): Promise<void>;
}

export async function startCatalog(options: CatalogOptions): Promise<RunningSubgraph> {
  const deps: CatalogDeps = buildDeps(options);
  const background: BackgroundWork[] = [await startCodeImports(deps)];
  const subgraph = await startSubgraph({
    name: "catalog",
    port: options.port,
    typeDefs,
    resolvers,
    permissions,
    createContext: contextFactory(deps),
    routes: (app) => {
      // GET /internal/outbox: supplier orders and statement lines, for analytics (service identities only).
      outboxRoute(catalogOutboxReader(options.db))(app);
      background.forEach((work) => work.routes?.(app));
    },
    internalSecret: options.internalSecret,
    log: options.log,
    production: options.production,
    checkHealth: databaseHealth(options.db),
  });
  background.push(
    startSupplierWork(deps, { syncIntervalMs: options.supplierSyncIntervalMs, topupPollMs: options.topupPollMs }),
  );
  return {
    ...subgraph,
    close: async () => {
      await subgraph.close();
      for (const work of background.reverse()) await work.close();
    },
  };
}

/**
 * Card-code uploads. Imports whose process died (no heartbeat for a minute,
 * on any instance) are failed at start and every minute after; shutdown waits
 * for the imports in flight.
 */
async function startCodeImports(deps: CatalogDeps): Promise<BackgroundWork> {
  const importer = new CodeImporter(new CardCodeRepository(deps.db), deps.keyRing, deps.pubsub, deps.log);
  await importer.failAbandoned();
  const sweep = setInterval(() => {
    importer.failAbandoned().catch((error: unknown) => {
      deps.log.warn({ error: (error as Error).name }, "sweep of abandoned card-code imports failed");
    });
  }, ABANDONED_AFTER_MS);
  sweep.unref();
  return {
    routes: codeImportRoute(importer, deps.log),
    close: async () => {
      clearInterval(sweep);
      await importer.drain();
    },
  };
}

/** The process-wide dependencies of the catalog's services (benchmarks build a bare subgraph from them). */
export function buildDeps(
  options: Pick<
    CatalogOptions,
    "db" | "log" | "pubsub" | "codeKeys" | "membershipUrl" | "internalSecret" | "supplierSyncIntervalMs"
  >,
): CatalogDeps {
  return {
    supplierSyncIntervalMs: options.supplierSyncIntervalMs,
    db: options.db,
    log: options.log,
    pubsub: options.pubsub,
    keyRing: CodeKeyRing.fromConfig(options.codeKeys),
    tenantIds: new TenantIdsClient(options.membershipUrl, options.internalSecret, "catalog"),
    audience: new AudienceClient({
      baseUrl: options.membershipUrl,
      internalSecret: options.internalSecret,
      log: options.log,
    }),
  };
}
