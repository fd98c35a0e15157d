// Child processes of the hub: started with a name, their output prefixed and
// made readable, stopped in order. Each gets an IPC channel: when the hub dies,
// even by SIGKILL, the kernel closes it and the child stops by itself
// (runService, embedded-db.ts, and stop-with-parent.mjs for the others).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface Child {
  name: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };
const COLOURS = ["36", "35", "33", "32", "34", "31", "90"];
let nextColour = 0;

/** Turns a pino JSON line into `name | level message {details}`; other lines pass through. */
export function format(name: string, colour: string, line: string): string {
  let text = line;
  if (line.startsWith("{")) {
    try {
      const { level, msg, time: _t, pid: _p, hostname: _h, service: _s, name: _n, ...rest } = JSON.parse(line);
      const details = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : "";
      text = `${(LEVELS[level] ?? level).padEnd(5)} ${msg ?? ""}${details}`;
    } catch {
      // not JSON after all
    }
  }
  return `\x1b[${colour}m${name.padEnd(12)}\x1b[0m| ${text}`;
}

export const nextColourCode = () => COLOURS[nextColour++ % COLOURS.length]!;

export function startChild(
  name: string,
  command: string,
  args: string[],
  options: {
    env: NodeJS.ProcessEnv;
    cwd?: string;
    onLine?: (line: string) => void;
    /** Print the child's output, prefixed with its name (default true). */
    echo?: boolean;
  },
): Child {
  const colour = nextColourCode();
  // Own process group: a terminal Ctrl-C reaches only the hub, which stops children in order.
  const child = spawn(command, args, {
    env: options.env,
    cwd: options.cwd,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    detached: true,
  });
  // The channel only tells the child we are alive; it must not keep the hub running.
  child.channel?.unref();
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on("line", (line) => {
      options.onLine?.(line);
      if (options.echo !== false) console.log(format(name, colour, line));
    });
  }
  return {
    name,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.once("exit", () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

export async function waitForHttp(url: string, child: Child, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited with code ${child.process.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.name} did not answer at ${url} within ${timeoutMs / 1000} s`);
}
