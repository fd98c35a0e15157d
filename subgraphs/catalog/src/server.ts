// Builds and starts the catalog subgraph.
import { startSubgraph, type Logger, type RunningSubgraph } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { databaseHealth } from "@benefits-hub/platform/server/service-process";
import { loadTypeDefs } from "@benefits-hub/platform/server/type-defs";
import { contextFactory } from "./context";
import { permissions } from "./permissions";
import { resolvers } from "./resolvers";

export const typeDefs = loadTypeDefs(new URL("./schema", import.meta.url));

export interface CatalogOptions {
  port: number;
  db: PrismaClient;
  internalSecret: string;
  log: Logger;
  production?: boolean;
}

export function startCatalog(options: CatalogOptions): Promise<RunningSubgraph> {
  return startSubgraph({
    name: "catalog",
    port: options.port,
    typeDefs,
    resolvers,
    permissions,
    createContext: contextFactory(options.db),
    internalSecret: options.internalSecret,
    log: options.log,
    production: options.production,
    checkHealth: databaseHealth(options.db),
  });
}
