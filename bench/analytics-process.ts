// The analytics side of bench/analytics.ts, in a process of its own (its CPU
// is what the benchmark reports per 1,000 events). Over the fork() IPC channel:
//   <- { type: "start", url, internalSecret, sources }       -> { type: "started", pid }
//   <- { type: "read", ends }    the read-only pass: the consumers' OutboxClient reads the entitlements and
//                                membership outboxes from the start to `ends` (1,000 a request, both at once),
//                                nothing folded                                  -> { type: "pass", ... }
//   <- { type: "fold", ends }    the real consumers (OutboxConsumer, node-postgres pool, as startAnalytics
//                                builds them) from their checkpoints until both reach `ends` -> { type: "pass", ... }
//   <- { type: "fill", ... }     a tenant's events generated here and folded with foldEntitlementEvents
//                                directly (one transaction per batch, no outbox, no checkpoint) -> { type: "filled" }
//   <- { type: "serve" }         startAnalytics (the subgraph over HTTP, its consumers caught up) -> { type: "serving", url }
//   <- { type: "stop" }
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createInProcessPubSub, createLogger, internalTokenCodec } from "@benefits-hub/platform";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { inPgTransaction, type Position } from "../subgraphs/analytics/src/data/checkpoint.repository";
import { foldEntitlementEvents } from "../subgraphs/analytics/src/data/ingest/entitlements.fold";
import { OutboxClient, type RemoteEvent } from "../subgraphs/analytics/src/consumers/outbox-client";
import { BATCH, OutboxConsumer } from "../subgraphs/analytics/src/consumers/outbox-consumer";
import { SOURCES } from "../subgraphs/analytics/src/consumers/sources";
import { startAnalytics, type RunningAnalytics } from "../subgraphs/analytics/src/server";
import { entitlementEvents, makeTenant } from "./analytics-events";
import type { SourceName } from "./analytics-sources-process";

type Ends = Record<"entitlements" | "membership", { xid: string; seq: string }>;
export type TenantSpec = { label: string; departments: number; members: number; campaigns: number; days: number };
export type AnalyticsParentMessage =
  | { type: "start"; url: string; internalSecret: string; sources: Record<SourceName, string> }
  | { type: "read"; ends: Ends }
  | { type: "fold"; ends: Ends }
  | { type: "fill"; tenant: TenantSpec; events: number; end: string; seed: number; batch: number }
  | { type: "serve" }
  | { type: "stop" };
export interface Pass {
  type: "pass";
  events: Record<string, number>;
  wallMs: number;
  cpu: NodeJS.CpuUsage;
}
export interface Filled {
  type: "filled";
  events: number;
  batches: number;
  wallMs: number;
  /** Time inside the fold transactions (the rest is generating the events). */
  foldMs: number;
  cpu: NodeJS.CpuUsage;
}
export type AnalyticsChildMessage =
  | { type: "started"; pid: number }
  | Pass
  | Filled
  | { type: "serving"; url: string }
  | { type: "error"; message: string };

if (!process.send) {
  console.error("bench/analytics-process.ts is meant to be started by bench/analytics.ts");
  process.exit(2);
}
const send = (message: AnalyticsChildMessage) => process.send!(message);
process.on("disconnect", () => process.exit(0));

let setup: Extract<AnalyticsParentMessage, { type: "start" }>;
let pool: pg.Pool;
let analytics: RunningAnalytics | undefined;
const log = createLogger("bench-analytics", "warn");
const position = (p: { xid: string; seq: string }): Position => ({ xid: BigInt(p.xid), seq: BigInt(p.seq) });
const reached = (at: Position, end: Position) => at.xid > end.xid || (at.xid === end.xid && at.seq >= end.seq);

async function handle(message: AnalyticsParentMessage): Promise<void> {
  switch (message.type) {
    case "start": {
      setup = message;
      // As startAnalytics makes it.
      pool = new pg.Pool({ connectionString: message.url, max: 3 });
      send({ type: "started", pid: process.pid });
      return;
    }
    case "read": {
      const tokens = internalTokenCodec(setup.internalSecret);
      const counts: Record<string, number> = {};
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      await Promise.all(
        (["entitlements", "membership"] as const).map(async (name) => {
          const client = new OutboxClient(setup.sources[name], tokens, "analytics");
          const end = position(message.ends[name]);
          let at: Position = { xid: 0n, seq: 0n };
          counts[name] = 0;
          while (!reached(at, end)) {
            const events = await client.readAfter(at, BATCH);
            if (events.length === 0) throw new Error(`${name}: the outbox ended before ${end.xid}/${end.seq}`);
            counts[name] += events.length;
            at = events[events.length - 1]!;
          }
        }),
      );
      send({ type: "pass", events: counts, wallMs: performance.now() - t0, cpu: process.cpuUsage(cpu0) });
      return;
    }
    case "fold": {
      const tokens = internalTokenCodec(setup.internalSecret);
      const db = createPrisma({ url: setup.url, poolSize: 4 });
      const pubsub = createInProcessPubSub();
      const names = ["entitlements", "membership", "catalog"] as const;
      const consumers = names.map(
        (name) =>
          new OutboxConsumer({
            source: SOURCES[name],
            feed: new OutboxClient(setup.sources[name], tokens, "analytics"),
            db,
            pubsub,
            log,
            pollMs: 250,
            pool,
          }),
      );
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      for (const c of consumers) c.start();
      const waits = (["entitlements", "membership"] as const).map(async (name, i) => {
        const end = position(message.ends[name]);
        while (!reached(await consumers[i]!.store.position(), end)) await new Promise((r) => setTimeout(r, 20));
      });
      await Promise.all(waits);
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      await Promise.all(consumers.map((c) => c.stop()));
      await db.$disconnect();
      send({ type: "pass", events: {}, wallMs, cpu });
      return;
    }
    case "fill": {
      const tenant = makeTenant(message.tenant.label, message.tenant);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      let events = 0;
      let batches = 0;
      let foldMs = 0;
      for (const batch of entitlementEvents(tenant, message.events, {
        days: message.tenant.days,
        end: new Date(message.end),
        batch: message.batch,
        seed: message.seed,
      })) {
        const remote: RemoteEvent[] = batch.map((e, i) => ({
          id: e.entitlementId,
          xid: 0n,
          seq: BigInt(events + i + 1),
          tenantId: e.tenantId,
          entitlementId: e.entitlementId,
          type: e.type,
          payload: e.payload,
          occurredAt: e.occurredAt.toISOString(),
        }));
        const f0 = performance.now();
        await inPgTransaction(pool, (sql) => foldEntitlementEvents(sql, "analytics", remote));
        foldMs += performance.now() - f0;
        events += batch.length;
        batches++;
        if (batches % 200 === 0)
          console.error(
            `[bench] ${tenant.name}: ${events} events folded (${Math.round(events / ((performance.now() - t0) / 1000))}/s)`,
          );
      }
      send({
        type: "filled",
        events,
        batches,
        wallMs: performance.now() - t0,
        foldMs,
        cpu: process.cpuUsage(cpu0),
      });
      return;
    }
    case "serve": {
      analytics = await startAnalytics({
        port: 0,
        db: createPrisma({ url: setup.url, poolSize: 10 }),
        pubsub: createInProcessPubSub(),
        internalSecret: setup.internalSecret,
        entitlementsInternalUrl: setup.sources.entitlements,
        membershipInternalUrl: setup.sources.membership,
        catalogInternalUrl: setup.sources.catalog,
        databaseUrl: setup.url,
        log,
        production: true,
      });
      send({ type: "serving", url: analytics.url });
      return;
    }
    case "stop": {
      await analytics?.close();
      await pool?.end();
      process.exit(0);
    }
  }
}

process.on("message", (message: AnalyticsParentMessage) => {
  handle(message).catch((error) =>
    send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
