// The sources' side of bench/analytics.ts, in a process of its own (so the
// analytics process's CPU is analytics' alone): the entitlements, membership
// and catalog outboxes served as those services serve them, GET
// /internal/outbox through the platform's outboxRoute over the services' own
// readers (service identities only), each on its own port.
// Over the fork() IPC channel:
//   <- { type: "start", url, internalSecret }  -> { type: "ready", urls }
//   <- { type: "stop" }                         closes the servers and exits
import { parse } from "graphql";
import { createLogger, outboxReader, outboxRoute, startSubgraph, type RunningSubgraph } from "@benefits-hub/platform";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { OutboxRepository } from "../subgraphs/entitlements/src/data/outbox.repository";
import { MembershipOutboxRepository } from "../subgraphs/membership/src/data/outbox.repository";

export type SourceName = "entitlements" | "membership" | "catalog";
export type SourcesParentMessage = { type: "start"; url: string; internalSecret: string } | { type: "stop" };
export type SourcesChildMessage =
  { type: "ready"; urls: Record<SourceName, string>; pid: number } | { type: "error"; message: string };

if (!process.send) {
  console.error("bench/analytics-sources-process.ts is meant to be started by bench/analytics.ts");
  process.exit(2);
}
const send = (message: SourcesChildMessage) => process.send!(message);
const servers: RunningSubgraph[] = [];
process.on("disconnect", () => process.exit(0));

process.on("message", async (message: SourcesParentMessage) => {
  try {
    if (message.type === "stop") {
      await Promise.all(servers.map((s) => s.close()));
      process.exit(0);
    }
    const db = createPrisma({ url: message.url, poolSize: 4 });
    const log = createLogger("bench-sources", "warn");
    const readers = {
      entitlements: new OutboxRepository(db).readAfter,
      membership: new MembershipOutboxRepository(db).readAfter,
      catalog: outboxReader(db, "catalog.outbox_event"),
    };
    const urls = {} as Record<SourceName, string>;
    for (const [name, read] of Object.entries(readers) as [SourceName, (typeof readers)[SourceName]][]) {
      const server = await startSubgraph({
        name,
        port: 0,
        typeDefs: parse("type Query { ok: Boolean }"),
        resolvers: {},
        permissions: {},
        createContext: (viewer, log) => ({ viewer, log }),
        internalSecret: message.internalSecret,
        log,
        routes: outboxRoute(read),
      });
      servers.push(server);
      urls[name] = server.url.replace(/\/graphql$/, "");
    }
    send({ type: "ready", urls, pid: process.pid });
  } catch (error) {
    send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
