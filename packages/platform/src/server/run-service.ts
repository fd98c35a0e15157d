// Runs a service process: starts it, stops it cleanly on SIGINT/SIGTERM,
// exits non-zero when it cannot start.
import type { Logger } from "pino";
import { describe } from "./subgraph-server";

export async function runService(log: Logger, start: () => Promise<() => Promise<void>>): Promise<void> {
  let stop: () => Promise<void>;
  try {
    stop = await start();
  } catch (error) {
    log.fatal({ err: describe(error) }, "failed to start");
    process.exit(1);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await stop();
      clearTimeout(timer);
      process.exit(0);
    } catch (error) {
      log.error({ err: describe(error) }, "unclean shutdown");
      process.exit(1);
    }
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}
