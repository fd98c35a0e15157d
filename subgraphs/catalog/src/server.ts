// Builds and starts the catalog subgraph, with its background work: the
// supplier stock sync and the top-up worker.
import { startSubgraph, type HubPubSub, type Logger, type RunningSubgraph } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { databaseHealth } from "@benefits-hub/platform/server/service-process";
import { loadTypeDefs } from "@benefits-hub/platform/server/type-defs";
import type express from "express";
import { contextFactory, type CatalogDeps } from "./context";
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
  const background: BackgroundWork[] = [];
  const subgraph = await startSubgraph({
    name: "catalog",
    port: options.port,
    typeDefs,
    resolvers,
    permissions,
    createContext: contextFactory(deps),
    routes: (app) => background.forEach((work) => work.routes?.(app)),
    internalSecret: options.internalSecret,
    log: options.log,
    production: options.production,
    checkHealth: databaseHealth(options.db),
  });
  return {
    ...subgraph,
    close: async () => {
      await subgraph.close();
      for (const work of background.reverse()) await work.close();
    },
  };
}

function buildDeps(options: CatalogOptions): CatalogDeps {
  return { db: options.db, log: options.log, pubsub: options.pubsub };
}
