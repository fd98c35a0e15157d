// Runs a service process: starts it, stops it cleanly on SIGINT/SIGTERM or
// when the hub that started it is gone, exits non-zero when it cannot start.
import type { Logger } from "pino";
import { stopWithParent } from "./parent-watch";
import { describe } from "./subgraph-server";

export async function runService(log: Logger, start: () => Promise<() => Promise<void>>): Promise<void> {
  let stop: (() => Promise<void>) | undefined;
  let requested: string | undefined;
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (!stop) {
      // Asked while starting: stop once started, or give up on a start that hangs.
      if (!requested) setTimeout(() => process.exit(1), 10_000).unref();
      requested ??= reason;
      return;
    }
    if (stopping) return;
    stopping = true;
    requested ??= reason;
    log.info({ reason: requested }, "shutting down");
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
  stopWithParent(() => void shutdown("the hub is gone"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  try {
    stop = await start();
  } catch (error) {
    log.fatal({ err: describe(error) }, "failed to start");
    process.exit(1);
  }
  if (requested) void shutdown(requested);
}
