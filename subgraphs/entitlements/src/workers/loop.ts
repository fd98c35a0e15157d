// A background loop: runs `tick` now and then every `intervalMs`, one tick at
// a time; errors are logged, never thrown. close() waits for a running tick.
import type { Logger } from "@benefits-hub/platform";
import type { Worker } from "./index";

export function startLoop(name: string, intervalMs: number, log: Logger, tick: () => Promise<unknown>): Worker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = tick()
      .then(() => undefined)
      .catch((err: unknown) => log.warn({ worker: name, err: String(err) }, "background tick failed"))
      .finally(() => {
        if (!stopped) timer = setTimeout(run, intervalMs);
      });
  };
  run();
  return {
    close: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
