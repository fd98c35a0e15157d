// The hub's record of its processes (.data/hub-processes.json, or HUB_PID_FILE):
// its own pid and each child's, with the start time the kernel gives each. A
// hub that died without stopping its children (SIGKILL, OOM) leaves it behind;
// the next `npm start` reads it, refuses to start beside a hub that still
// runs, and stops what is left, never a process that merely reuses a pid.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isSameProcess, startTimeOf } from "./process-table";

interface Entry {
  name: string;
  pid: number;
  startTime: string;
}

interface Snapshot {
  hub: Entry;
  children: Entry[];
}

type Log = (message: string) => void;

export class PidFile {
  private record: Snapshot | undefined;

  constructor(readonly file: string) {}

  /**
   * Clears what an earlier run left (see above), then records this hub. Throws
   * when the file names a hub that is still running.
   */
  async claim(log: Log): Promise<void> {
    const previous = this.read();
    if (previous) await stopLeftovers(previous, this.file, log);
    this.record = { hub: entryOf("hub", process.pid), children: [] };
    this.write();
  }

  add(name: string, pid: number | undefined): void {
    if (!this.record || pid === undefined) return;
    this.record.children.push(entryOf(name, pid));
    this.write();
  }

  /** After an orderly stop: nothing is left to clear. */
  remove(): void {
    if (this.record) rmSync(this.file, { force: true });
  }

  private read(): Snapshot | undefined {
    if (!existsSync(this.file)) return undefined;
    try {
      return JSON.parse(readFileSync(this.file, "utf8")) as Snapshot;
    } catch {
      return undefined; // unreadable: nothing to go on (it is written whole, by rename)
    }
  }

  private write(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const partial = `${this.file}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(this.record, null, 2));
    renameSync(partial, this.file);
  }
}

function entryOf(name: string, pid: number): Entry {
  return { name, pid, startTime: startTimeOf(pid) ?? "" };
}

const alive = (e: Entry) => e.startTime !== "" && isSameProcess(e.pid, e.startTime);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function exitWithin(entries: Entry[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (entries.some(alive)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

function signal(entry: Entry, name: NodeJS.Signals): void {
  if (!alive(entry)) return; // checked right before: a pid reused since is never signalled
  try {
    process.kill(entry.pid, name);
  } catch {
    // exited in between
  }
}

async function stopLeftovers(previous: Snapshot, file: string, log: Log): Promise<void> {
  if (alive(previous.hub)) {
    throw new Error(
      `another hub is running (pid ${previous.hub.pid}, recorded in ${file}): ` +
        `stop it first (Ctrl-C in its terminal, or kill ${previous.hub.pid})`,
    );
  }
  const left = previous.children.filter(alive);
  if (left.length === 0) return;
  log(
    `the previous run (pid ${previous.hub.pid}) ended without stopping ${left.map((e) => `${e.name} (pid ${e.pid})`).join(", ")}; ` +
      "waiting for them to stop",
  );
  // They stop by themselves once their hub is gone (IPC 'disconnect'); give them that chance first.
  if (await exitWithin(left, 5_000)) return;
  // Then one by one, in reverse order of start (the database last), as the hub itself would.
  for (const entry of [...left].reverse()) {
    if (!alive(entry)) continue;
    log(`stopping ${entry.name} (pid ${entry.pid})`);
    signal(entry, "SIGTERM");
    if (await exitWithin([entry], 10_000)) continue;
    log(`${entry.name} (pid ${entry.pid}) did not stop within 10 s; killing it`);
    signal(entry, "SIGKILL");
    await exitWithin([entry], 5_000);
  }
}
