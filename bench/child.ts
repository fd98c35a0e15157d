// A benchmark's server side in a child process (TypeScript, through tsx),
// talked to over the fork() IPC channel with typed messages: the parent waits
// for a message of a given type, sends requests, and stops the child. A child
// that dies, or sends { type: "error" }, fails every wait.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export class Child<In extends { type: string }, Out extends { type: string }> {
  private waiters: { type: Out["type"]; resolve(message: Out): void }[] = [];
  private rejecters = new Set<(error: Error) => void>();
  private failure: Error | undefined;

  private constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    process.on("message", (message: Out | { type: "error"; message: string }) => {
      if (message.type === "error") return this.fail(new Error(`${name}: ${(message as { message: string }).message}`));
      const index = this.waiters.findIndex((w) => w.type === message.type);
      if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(message as Out);
    });
    process.on("exit", (code, signal) => this.fail(new Error(`${name} exited (code ${code}, signal ${signal})`)));
  }

  /** Forks `file` (next to this one) with tsx; `stdin: "pipe"` gives the parent a stream into the child's stdin. */
  static start<In extends { type: string }, Out extends { type: string }>(
    name: string,
    file: string,
    options: { stdin?: "pipe" | "ignore"; env?: NodeJS.ProcessEnv; execArgv?: string[] } = {},
  ): Child<In, Out> {
    const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
      execArgv: ["--import", import.meta.resolve("tsx"), ...(options.execArgv ?? [])],
      stdio: [options.stdin ?? "ignore", "inherit", "inherit", "ipc"],
      env: options.env ?? process.env,
    });
    return new Child<In, Out>(name, child);
  }

  get pid() {
    return this.process.pid;
  }

  get running() {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  private fail(error: Error) {
    this.failure ??= error;
    for (const reject of this.rejecters) reject(error);
  }

  /** The next message of `type` (messages of other types are not queued: wait before asking). */
  next<T extends Out["type"]>(type: T, timeoutMs = 60_000): Promise<Extract<Out, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === Infinity
          ? undefined
          : setTimeout(() => done(new Error(`${this.name}: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
      const done = (error?: Error, message?: Out) => {
        clearTimeout(timer);
        this.rejecters.delete(done);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        if (error) reject(error);
        else resolve(message as Extract<Out, { type: T }>);
      };
      const waiter = { type, resolve: (message: Out) => done(undefined, message) };
      this.waiters.push(waiter);
      this.rejecters.add(done);
    });
  }

  send(message: In) {
    this.process.send(message);
  }

  /** Sends `message` and waits for the reply of type `reply`. */
  ask<T extends Out["type"]>(message: In, reply: T, timeoutMs?: number) {
    const answer = this.next(reply, timeoutMs);
    this.send(message);
    return answer;
  }

  /** Waits up to `ms` for the child to exit by itself (true if it did). */
  async exited(ms: number): Promise<boolean> {
    if (!this.running) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.process.once("exit", () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Sends `message` (the child's stop request, if any) and waits for the exit; SIGKILL after `graceMs`. */
  async stop(message?: In, graceMs = 30_000) {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.process.once("exit", () => resolve()));
    this.rejecters.clear();
    if (message && this.process.connected) this.process.send(message);
    else this.process.kill("SIGTERM");
    const timer = setTimeout(() => this.process.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
