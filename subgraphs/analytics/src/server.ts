// Builds and starts the analytics subgraph and its outbox consumer.
import {
  internalTokenCodec,
  startSubgraph,
  type HubPubSub,
  type Logger,
  type RunningSubgraph,
} from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { databaseHealth } from "@benefits-hub/platform/server/service-process";
import { loadTypeDefs } from "@benefits-hub/platform/server/type-defs";
import { contextFactory } from "./context";
import { ConsumerStore } from "./data/checkpoint.repository";
import { OutboxClient } from "./consumers/outbox-client";
import { RedemptionConsumer } from "./consumers/redemption-consumer";
import { permissions } from "./permissions";
import { resolvers } from "./resolvers";

export const typeDefs = loadTypeDefs(new URL("./schema", import.meta.url));

export interface AnalyticsOptions {
  port: number;
  db: PrismaClient;
  pubsub: HubPubSub;
  internalSecret: string;
  entitlementsInternalUrl: string;
  pollMs?: number;
  log: Logger;
  production?: boolean;
}

export interface RunningAnalytics extends RunningSubgraph {
  consumer: RedemptionConsumer;
}

export async function startAnalytics(options: AnalyticsOptions): Promise<RunningAnalytics> {
  const outbox = new OutboxClient(
    options.entitlementsInternalUrl,
    internalTokenCodec(options.internalSecret),
    "analytics",
  );
  const store = new ConsumerStore(options.db, "analytics.redemptions");
  const consumer = new RedemptionConsumer(outbox, store, options.pubsub, options.log, options.pollMs ?? 250);
  const server = await startSubgraph({
    name: "analytics",
    port: options.port,
    typeDefs,
    resolvers,
    permissions,
    createContext: contextFactory(options.db, options.pubsub),
    internalSecret: options.internalSecret,
    log: options.log,
    production: options.production,
    checkHealth: databaseHealth(options.db),
  });
  consumer.start();
  return {
    ...server,
    consumer,
    async close() {
      await consumer.stop();
      await server.close();
    },
  };
}
