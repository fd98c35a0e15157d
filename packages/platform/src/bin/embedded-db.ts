// Runs the embedded database as its own process. Prints exactly one line,
// `READY <url>`, to stdout once it accepts connections; everything else is a
// pino log on stderr. SIGINT/SIGTERM shut it down cleanly; so does the hub
// going away (after its other children have disconnected, or 10 s).
//   EMBEDDED_DB_DIR   data folder (default <repo>/.data/pglite)
//   EMBEDDED_DB_PORT  TCP port (default 54329)
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { z } from "zod";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../db/embedded";
import { parseEnv } from "../env";
import { stopWithParent } from "../server/parent-watch";

const env = parseEnv({
  EMBEDDED_DB_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL("../../../../.data/pglite", import.meta.url))),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(54329),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
const log = pino({ name: "embedded-db", level: env.LOG_LEVEL, base: { service: "embedded-db" } }, pino.destination(2));

let database: EmbeddedDatabase | undefined;
let requested: string | undefined;
let stopping = false;

/** The services using the database stop at the same time: give them up to 10 s to disconnect first. */
async function clientsGone(db: EmbeddedDatabase): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (db.connections() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

function stop(reason: string) {
  requested ??= reason;
  if (stopping || !database) return; // asked while starting: runs once started
  stopping = true;
  log.info({ reason: requested }, "shutting down");
  const db = database;
  (requested === "the hub is gone" ? clientsGone(db) : Promise.resolve())
    .then(() => db.close())
    .then(
      () => {
        log.info("embedded database closed");
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, "embedded database did not close cleanly");
        process.exit(1);
      },
    );
}

async function main(): Promise<void> {
  stopWithParent(() => stop("the hub is gone"));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  database = await startEmbeddedDatabase({ dataDir: env.EMBEDDED_DB_DIR, port: env.EMBEDDED_DB_PORT });
  log.info({ dataDir: env.EMBEDDED_DB_DIR, port: database.port }, "embedded database ready");
  process.stdout.write(`READY ${database.url}\n`);
  if (requested) stop(requested);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "embedded database failed to start");
  process.exit(1);
});
