// A benchmark's database in a child process of its own: a fresh, migrated
// database from createTestDatabase() (embedded PGlite served on a free port
// in this process, or a new database on TEST_DATABASE_URL's server), so that
// neither the load generator nor the code under test shares a process (event
// loop, heap, RSS) with the embedded database. Talks over the fork() IPC channel:
//   -> { type: "ready", url, embedded, pid }   once, when the database is migrated
//   <- { type: "stats" }  -> { type: "stats", ... }   (CPU time and memory of this process so far)
//   <- { type: "stop" }   drops the database (stops PGlite), then exits
// The parent going away (IPC disconnect) also drops it.
import { createTestDatabase, type TestDatabase } from "@benefits-hub/platform/testing/database";

export interface DatabaseReady {
  type: "ready";
  url: string;
  /** True when this process serves the embedded database (its CPU and memory are the database's). */
  embedded: boolean;
  pid: number;
}

export interface DatabaseStats {
  type: "stats";
  at: number;
  cpu: NodeJS.CpuUsage;
  rssBytes: number;
  /** process.resourceUsage().maxRSS: the peak resident set of this process so far (KiB). */
  maxRssKiB: number;
}

export type DatabaseParentMessage = { type: "stats" } | { type: "stop" };
export type DatabaseChildMessage = DatabaseReady | DatabaseStats | { type: "error"; message: string };

if (!process.send) {
  console.error("bench/database-process.ts is meant to be started by a benchmark (fork with an IPC channel)");
  process.exit(2);
}
const send = (message: DatabaseChildMessage) => process.send!(message);

let database: TestDatabase | undefined;
let stopping: Promise<void> | undefined;
const stop = (code: number) => {
  stopping ??= (async () => {
    await database?.drop().catch((error) => console.error("[database] drop failed:", error));
    process.exit(code);
  })();
  return stopping;
};

process.on("disconnect", () => void stop(0));
process.on("SIGINT", () => void stop(130));
process.on("SIGTERM", () => void stop(143));

try {
  database = await createTestDatabase();
  send({ type: "ready", url: database.url, embedded: !process.env.TEST_DATABASE_URL, pid: process.pid });
} catch (error) {
  send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  await stop(1);
}

process.on("message", async (message: DatabaseParentMessage) => {
  if (message.type === "stats") {
    send({
      type: "stats",
      at: performance.now(),
      cpu: process.cpuUsage(),
      rssBytes: process.memoryUsage.rss(),
      maxRssKiB: process.resourceUsage().maxRSS,
    });
  } else if (message.type === "stop") await stop(0);
});
