// A child of `npm start` stops by itself when the hub is gone. The hub starts
// its children with an IPC channel; the kernel closes it when the hub dies, even
// by SIGKILL, and Node emits 'disconnect' at once (no polling, no signal needed).

/**
 * Calls `stop` once when the process that started this one with an IPC channel
 * goes away (at once if it is already gone). Does nothing for a process started
 * without one (a terminal, a test, a supervisor).
 */
export function stopWithParent(stop: () => void): void {
  if (!process.send) return;
  const gone = () => {
    // The hub read our output: writes to its pipe now fail with EPIPE, which must not crash the shutdown.
    for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
    stop();
  };
  if (!process.connected) setImmediate(gone);
  else process.once("disconnect", gone);
}
