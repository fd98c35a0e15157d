// Preloaded (`node --import`) into the hub's children that know nothing of it:
// the Next.js server and the supplier simulator. When the hub is gone (the
// kernel closes its IPC channel, even after a SIGKILL) this sends the process
// the SIGTERM it already answers with its own orderly stop. Services built on
// @benefits-hub/platform do the same in runService (parent-watch.ts).
if (process.send) {
  const gone = () => {
    // The hub read our output: writes to its pipe now fail with EPIPE, which must not crash the stop.
    for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
    // Still starting: wait until the program has its SIGTERM handler (the default would kill it).
    const terminate = () =>
      process.listenerCount("SIGTERM") > 0 ? process.kill(process.pid, "SIGTERM") : setTimeout(terminate, 100);
    terminate();
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  if (process.connected) process.once("disconnect", gone);
  else gone();
}
