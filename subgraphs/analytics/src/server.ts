// Builds and starts the analytics subgraph and its outbox consumers (one per source).
import {
  internalTokenCodec,
  startSubgraph,
  type HubPubSub,
  type Logger,
  type RunningSubgraph,
} from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import pg from "pg";
import { databaseHealth } from "@benefits-hub/platform/server/service-process";
import { loadTypeDefs } from "@benefits-hub/platform/server/type-defs";
import { contextFactory } from "./context";
import { createCockpitServices } from "./domain/cockpit";
import { DetailExportRepository } from "./export/detail.repository";
import { exportQueries } from "./export/cockpit-queries";
import { exportRoutes } from "./export/export-route";
import { OutboxClient } from "./consumers/outbox-client";
import { OutboxConsumer } from "./consumers/outbox-consumer";
import { SOURCES, type SourceName } from "./consumers/sources";
import { permissions } from "./permissions";
import { resolvers } from "./resolvers";

export const typeDefs = loadTypeDefs(new URL("./schema", import.meta.url));

export interface AnalyticsOptions {
  port: number;
  db: PrismaClient;
  pubsub: HubPubSub;
  internalSecret: string;
  entitlementsInternalUrl: string;
  /** Membership's and catalog's outboxes (budget ledger, org tree; supplier orders, statements). */
  membershipInternalUrl: string;
  catalogInternalUrl: string;
  /** The database's URL: the consumers fold on node-postgres directly (else through `db`, ~2x the CPU). */
  databaseUrl?: string;
  pollMs?: number;
  log: Logger;
  production?: boolean;
}

export interface RunningAnalytics extends RunningSubgraph {
  /** The entitlements consumer (what feeds the redemption counters). */
  consumer: OutboxConsumer;
  consumers: Record<SourceName, OutboxConsumer>;
}

export async function startAnalytics(options: AnalyticsOptions): Promise<RunningAnalytics> {
  const tokens = internalTokenCodec(options.internalSecret);
  const pool = options.databaseUrl ? new pg.Pool({ connectionString: options.databaseUrl, max: 3 }) : undefined;
  const urls: Record<SourceName, string> = {
    entitlements: options.entitlementsInternalUrl,
    membership: options.membershipInternalUrl,
    catalog: options.catalogInternalUrl,
  };
  const consumers = Object.fromEntries(
    Object.values(SOURCES).map((source) => [
      source.name,
      new OutboxConsumer({
        source,
        feed: new OutboxClient(urls[source.name], tokens, "analytics"),
        db: options.db,
        pubsub: options.pubsub,
        log: options.log,
        pollMs: options.pollMs ?? 250,
        pool,
      }),
    ]),
  ) as Record<SourceName, OutboxConsumer>;
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
    // GET /export/cockpit.{csv,xlsx}, reached through the gateway's route of the same name.
    routes: exportRoutes({
      detail: new DetailExportRepository(options.db),
      queries: exportQueries(createCockpitServices(options.db)),
      log: options.log,
    }),
  });
  for (const consumer of Object.values(consumers)) consumer.start();
  return {
    ...server,
    consumer: consumers.entitlements,
    consumers,
    async close() {
      await Promise.all(Object.values(consumers).map((c) => c.stop()));
      await pool?.end();
      await server.close();
    },
  };
}
