// What the benchmarks print and record alike: settings from the environment,
// the machine, busy cores from /proc/stat, markdown tables, results files.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import type autocannon from "autocannon";

export const positiveInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
};

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
export const fmt = (n: number, digits = 1) => n.toFixed(digits);
export const log = (line: string) => console.error(`[bench] ${line}`);

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg().map((v) => round(v, 2)),
  };
}

/** Cumulative busy and total jiffies of all CPUs, from /proc/stat (null off Linux). */
export async function machineCpu(): Promise<{ busy: number; total: number } | null> {
  const stat = await readFile("/proc/stat", "utf8").catch(() => null);
  const fields = stat?.split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number);
  if (!fields || fields.length < 5 || fields.some(Number.isNaN)) return null;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields as number[];
  const busy = user! + nice! + system! + irq + softirq + steal;
  return { busy, total: busy + idle! + iowait };
}

/** Busy cores of the whole machine between two machineCpu() readings. */
export function busyCores(
  before: { busy: number; total: number } | null,
  after: { busy: number; total: number } | null,
): number | null {
  if (!before || !after || after.total === before.total) return null;
  return round(((after.busy - before.busy) / (after.total - before.total)) * os.cpus().length, 2);
}

/** A markdown table, the first column left-aligned and the others right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ") + " |";
  const rule = "|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|";
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** A database URL fit to print: the password masked. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

/** Writes `bench/results/<name>-<timestamp>.json`; returns its path. */
export async function writeResults(name: string, results: object): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const dir = new URL("./results/", import.meta.url);
  await mkdir(dir, { recursive: true });
  const file = fileURLToPath(new URL(`${name}-${stamp}.json`, dir));
  await writeFile(file, JSON.stringify(results, null, 2) + "\n");
  return file;
}

/** What every load run keeps of autocannon's result: latency percentiles and the failures, by kind and status. */
export function loadOutcome(result: autocannon.Result) {
  const { p50, p97_5, p99, average, max } = result.latency;
  return {
    latencyMs: { p50, p97_5, p99, average, max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]),
    ),
  };
}
