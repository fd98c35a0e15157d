// The child side of a benchmark's hub process: the IPC channel to the parent
// and one orderly stop (on disconnect, Ctrl-C, SIGTERM or when asked), shared
// by every *-hub-process.ts.

export interface HubChild<M> {
  send(message: M): void;
  /** Reports an error to the parent as `{ type: "error", message }`. */
  sendError(error: unknown): void;
  /** Runs `cleanup` once and exits with `code`. */
  stop(code: number): Promise<void>;
}

export function hubChild<M>(self: string, parent: string, cleanup: () => Promise<void>): HubChild<M> {
  if (!process.send) {
    console.error(`bench/${self} is meant to be started by bench/${parent} (fork with an IPC channel)`);
    process.exit(2);
  }
  const send = (message: M) => void process.send!(message);
  let stopping: Promise<void> | undefined;
  const stop = (code: number) => {
    stopping ??= (async () => {
      await cleanup().catch((error) => console.error("[hub] stop failed:", error));
      process.exit(code);
    })();
    return stopping;
  };
  process.on("disconnect", () => void stop(0));
  process.on("SIGINT", () => void stop(130));
  process.on("SIGTERM", () => void stop(143));
  return {
    send,
    sendError: (error) =>
      send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) } as M),
    stop,
  };
}
