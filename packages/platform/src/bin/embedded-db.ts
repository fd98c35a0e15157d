// Runs the embedded database as its own process. Prints exactly one line,
// `READY <url>`, to stdout once it accepts connections; everything else is a
// pino log on stderr. SIGINT/SIGTERM shut it down cleanly.
//   EMBEDDED_DB_DIR   data folder (default <repo>/.data/pglite)
//   EMBEDDED_DB_PORT  TCP port (default 54329)
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { z } from "zod";
import { startEmbeddedDatabase } from "../db/embedded";
import { parseEnv } from "../env";

const env = parseEnv({
  EMBEDDED_DB_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL("../../../../.data/pglite", import.meta.url))),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(54329),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
const log = pino({ name: "embedded-db", level: env.LOG_LEVEL, base: { service: "embedded-db" } }, pino.destination(2));

async function main(): Promise<void> {
  const database = await startEmbeddedDatabase({ dataDir: env.EMBEDDED_DB_DIR, port: env.EMBEDDED_DB_PORT });
  log.info({ dataDir: env.EMBEDDED_DB_DIR, port: database.port }, "embedded database ready");
  process.stdout.write(`READY ${database.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    database.close().then(
      () => {
        log.info("embedded database closed");
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, "embedded database did not close cleanly");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, "embedded database failed to start");
  process.exit(1);
});
