// Builds and starts the entitlements subgraph, with its background work
// (issuance recovery, grant jobs, expiry, budget settlements).
import { startSubgraph, type RunningSubgraph } from "@benefits-hub/platform";
import { databaseHealth } from "@benefits-hub/platform/server/service-process";
import { loadTypeDefs } from "@benefits-hub/platform/server/type-defs";
import { buildDeps, buildProcessServices, contextFactory, type EntitlementsOptionsCore } from "./context";
import { OutboxRepository } from "./data/outbox.repository";
import { outboxRoute } from "./outbox-route";
import { permissions } from "./permissions";
import { resolvers } from "./resolvers";
import { startBackgroundWork, type BackgroundOptions } from "./workers";

export const typeDefs = loadTypeDefs(new URL("./schema", import.meta.url));

export interface EntitlementsOptions extends EntitlementsOptionsCore, BackgroundOptions {
  port: number;
  production?: boolean;
}

export async function startEntitlements(options: EntitlementsOptions): Promise<RunningSubgraph> {
  const deps = buildDeps(options);
  const services = buildProcessServices(deps);
  const subgraph = await startSubgraph({
    name: "entitlements",
    port: options.port,
    typeDefs,
    resolvers,
    permissions,
    createContext: contextFactory(services),
    internalSecret: options.internalSecret,
    log: options.log,
    production: options.production,
    routes: outboxRoute(new OutboxRepository(options.db)),
    checkHealth: databaseHealth(options.db),
  });
  const background = await startBackgroundWork(services, options);
  return {
    ...subgraph,
    close: async () => {
      await subgraph.close();
      await background.close();
    },
  };
}
