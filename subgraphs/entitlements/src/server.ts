// Builds and starts the entitlements subgraph.
import { startSubgraph, type HubPubSub, type Logger, type RunningSubgraph } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { databaseHealth } from "@benefits-hub/platform/server/service-process";
import { loadTypeDefs } from "@benefits-hub/platform/server/type-defs";
import { contextFactory } from "./context";
import { OutboxRepository } from "./data/outbox.repository";
import { outboxRoute } from "./outbox-route";
import { permissions } from "./permissions";
import { resolvers } from "./resolvers";

export const typeDefs = loadTypeDefs(new URL("./schema", import.meta.url));

export interface EntitlementsOptions {
  port: number;
  db: PrismaClient;
  pubsub: HubPubSub;
  internalSecret: string;
  log: Logger;
  production?: boolean;
}

export function startEntitlements(options: EntitlementsOptions): Promise<RunningSubgraph> {
  return startSubgraph({
    name: "entitlements",
    port: options.port,
    typeDefs,
    resolvers,
    permissions,
    createContext: contextFactory(options.db, options.pubsub),
    internalSecret: options.internalSecret,
    log: options.log,
    production: options.production,
    routes: outboxRoute(new OutboxRepository(options.db)),
    checkHealth: databaseHealth(options.db),
  });
}
