// What the kernel knows of a process or a port, read from /proc (Linux), with
// `ps` as the fallback elsewhere: a process's start time (so a pid the kernel
// has since given to another program is never mistaken for ours), its command
// line, and which process listens on a TCP port.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";

const hasProc = existsSync("/proc/self/stat");

/**
 * When `pid` started (clock ticks since boot on Linux, else `ps`'s lstart), or
 * null when no such process runs (or it is a zombie: it has exited already).
 */
export function startTimeOf(pid: number): string | null {
  if (hasProc) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      return null;
    }
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return null;
    return fields[19] ?? null; // field 22, starttime
  }
  const ps = spawnSync("ps", ["-o", "lstart=", "-p", String(pid)], { encoding: "utf8" });
  return ps.status === 0 && ps.stdout.trim() ? ps.stdout.trim() : null;
}

/** True when `pid` is still the process that started at `startTime`. */
export const isSameProcess = (pid: number, startTime: string) => startTimeOf(pid) === startTime;

export function commandLineOf(pid: number): string {
  if (hasProc) {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    } catch {
      return "";
    }
  }
  const ps = spawnSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8" });
  return ps.status === 0 ? ps.stdout.trim() : "";
}

/**
 * The processes listening on TCP `port` (any address), as far as this user
 * may see them: an empty list when none is visible (another user's, or no /proc).
 */
export function listenersOf(port: number): { pid: number; command: string }[] {
  if (!hasProc) return [];
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let lines: string[];
    try {
      lines = readFileSync(table, "utf8").trim().split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      // state 0A is LISTEN; the local address ends with the port in hex.
      if (state === "0A" && local && parseInt(local.split(":")[1]!, 16) === port && inode) inodes.add(inode);
    }
  }
  if (inodes.size === 0) return [];
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours to see
    }
    const holds = fds.some((fd) => {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        return target.startsWith("socket:[") && inodes.has(target.slice(8, -1));
      } catch {
        return false;
      }
    });
    if (holds) found.push({ pid: Number(entry), command: commandLineOf(Number(entry)) });
  }
  return found;
}
