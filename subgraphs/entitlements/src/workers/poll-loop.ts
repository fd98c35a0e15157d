// A background loop: runs `tick` every `pollMs`, at once again while it
// reports a full batch, logs (and survives) failures, and stops cleanly.
import type { Logger } from "@benefits-hub/platform";
import type { Worker } from "./index";

export function pollLoop(name: string, pollMs: number, log: Logger, tick: () => Promise<boolean>): Worker {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const schedule = (ms: number) => {
    if (!stopped) timer = setTimeout(run, ms);
  };
  const run = () => {
    running = (async () => {
      let more = false;
      try {
        more = await tick();
      } catch (error) {
        log.error({ err: error instanceof Error ? error.message : String(error), worker: name }, "worker tick failed");
      }
      schedule(more ? 0 : pollMs);
    })();
  };
  schedule(0);
  return {
    close: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
