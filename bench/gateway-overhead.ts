// Benchmark: what the Apollo gateway adds on top of the subgraphs it calls.
//
//   A  one subgraph   `{ benefits(first: 20) { id name skus { faceValueFen } } }` (the master catalog), as the
//                     signed-in demo tenant admin (anonymous callers get an empty list since the catalog of issue 4)
//        gateway   POST gateway /graphql with the admin's Bearer token
//        direct    POST catalog /graphql with the signed identity header the gateway would send
//   B  three+ subgraphs, as the signed-in demo member
//        gateway   `{ myEntitlements { id state benefit { name nameEn redemptionCount } member { displayName } } }`
//                  (entitlements -> catalog + analytics + membership)
//        direct    `{ myEntitlements { id state } }` straight to entitlements: the floor
//
// The hub (its own database, the demo seed, four subgraphs, the gateway) runs
// in a child process (bench/hub-process.ts); autocannon runs here, so the load
// generator never shares an event loop with the servers, though it does share
// the machine's cores. Each run: a warm-up (discarded), then the measured run.
//
//   npm run bench:gateway -w @benefits-hub/bench
//   BENCH_DURATION=10 BENCH_CONNECTIONS=20 BENCH_WARMUP=2 TEST_DATABASE_URL=postgresql://... npm run bench:gateway -w @benefits-hub/bench
//   BENCH_PROFILE=1 ...   also writes a V8 CPU profile of the hub process to bench/results/profiles/
import { fork, type ChildProcess } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { loadOutcome } from "./report";
import { IDENTITY_HEADER, internalTokenCodec, type Identity } from "@benefits-hub/platform";
import type { ChildMessage, HubReady, HubStats, ParentMessage } from "./hub-process";

// ---------------------------------------------------------------- settings

const positiveInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
};
const settings = {
  durationSeconds: positiveInt("BENCH_DURATION", 10),
  warmupSeconds: positiveInt("BENCH_WARMUP", 2),
  connections: positiveInt("BENCH_CONNECTIONS", 20),
  /** Per-request timeout (s): a request slower than this counts as an error. */
  timeoutSeconds: 10,
};
/** The gateway's signed identities live 60 s; the direct runs re-sign well before that. */
const IDENTITY_REFRESH_MS = 20_000;

const QUERY_A = `{ benefits(first: 20) { id name skus { faceValueFen } } }`;
const QUERY_B_GATEWAY = `{ myEntitlements { id state benefit { name nameEn redemptionCount } member { displayName } } }`;
const QUERY_B_DIRECT = `{ myEntitlements { id state } }`;

// ---------------------------------------------------------------- the hub, in a child process

class HubProcess {
  private waiters: { type: ChildMessage["type"]; resolve(message: ChildMessage): void }[] = [];
  private failure: Error | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (message: ChildMessage) => {
      if (message.type === "error") return this.fail(new Error(`hub process: ${message.message}`));
      const index = this.waiters.findIndex((w) => w.type === message.type);
      if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(message);
    });
    child.on("exit", (code, signal) => this.fail(new Error(`hub process exited (code ${code}, signal ${signal})`)));
  }

  static async start(): Promise<{ hub: HubProcess; ready: HubReady }> {
    const child = fork(fileURLToPath(new URL("./hub-process.ts", import.meta.url)), [], {
      // The child runs TypeScript too; tsx resolved from here, whatever the cwd.
      execArgv: [
        "--import",
        import.meta.resolve("tsx"),
        // BENCH_PROFILE=1: a V8 CPU profile of the hub process, written when it exits.
        ...(process.env.BENCH_PROFILE
          ? ["--cpu-prof", `--cpu-prof-dir=${fileURLToPath(new URL("./results/profiles/", import.meta.url))}`]
          : []),
      ],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: process.env,
    });
    const hub = new HubProcess(child);
    const ready = await hub.next("ready", 300_000);
    return { hub, ready };
  }

  get pid() {
    return this.child.pid;
  }

  private rejecters = new Set<(error: Error) => void>();

  private fail(error: Error) {
    this.failure ??= error;
    for (const reject of this.rejecters) reject(error);
  }

  private next<T extends ChildMessage["type"]>(
    type: T,
    timeoutMs = 60_000,
  ): Promise<Extract<ChildMessage, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`hub process: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
      const done = (error?: Error, message?: ChildMessage) => {
        clearTimeout(timer);
        this.rejecters.delete(done);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        if (error) reject(error);
        else resolve(message as Extract<ChildMessage, { type: T }>);
      };
      const waiter = { type, resolve: (message: ChildMessage) => done(undefined, message) };
      this.waiters.push(waiter);
      this.rejecters.add(done);
    });
  }

  private async ask<T extends ChildMessage["type"]>(message: ParentMessage, reply: T) {
    const answer = this.next(reply);
    this.child.send(message);
    return answer;
  }

  login(as: "member" | "admin") {
    return this.ask({ type: "login", as }, "token").then((m) => m.token);
  }

  stats(): Promise<HubStats> {
    return this.ask({ type: "stats" }, "stats");
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.rejecters.clear();
    this.child.send({ type: "stop" } satisfies ParentMessage);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- one scenario

interface Target {
  url: string;
  query: string;
  /** The root field the answer must carry (a non-empty list). */
  rootField: string;
  /** Extra headers; `identity` signs a fresh x-hub-identity for the run and keeps it fresh. */
  authorization?: () => Promise<string>;
  identity?: Identity;
}

interface Measured {
  rps: number;
  requests: number;
  durationSeconds: number;
  latencyMs: { p50: number; p97_5: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  statusCodes: Record<string, number>;
  /** Of the hub process during the run: CPU time / wall time (1.0 = one core), event-loop utilisation. */
  hub: { cpuCores: number; eventLoopUtilisation: number };
  /** Of this (load generator) process during the run. */
  loadGeneratorCpuCores: number;
  responseBytes: number;
  /** Busy cores of the whole machine during the run (Linux /proc/stat): hub + autocannon + database + anything else. */
  machineCpuCores: number | null;
  /** 1-minute load average of the machine when the run ended (other work on the box shows here). */
  loadAverage1m: number;
  /** The run's window on the hub process's hrtime clock (µs), to cut a BENCH_PROFILE profile. */
  hubWindowUs: [number, number];
}

const failures = (m: Pick<Measured, "errors" | "timeouts" | "non2xx" | "mismatches">) =>
  m.errors + m.timeouts + m.non2xx + m.mismatches;

async function headersFor(
  target: Target,
  codec: ReturnType<typeof internalTokenCodec>,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (target.authorization) headers.authorization = `Bearer ${await target.authorization()}`;
  if (target.identity) headers[IDENTITY_HEADER] = await codec.sign(target.identity);
  return headers;
}

/** One request by hand before the load: the answer must be real data, or nothing is measured. */
async function preflight(name: string, target: Target, codec: ReturnType<typeof internalTokenCodec>) {
  const response = await fetch(target.url, {
    method: "POST",
    headers: await headersFor(target, codec),
    body: JSON.stringify({ query: target.query }),
  });
  const text = await response.text();
  let body: { data?: Record<string, unknown[]> | null; errors?: unknown[] } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    /* reported below */
  }
  const list = body?.data?.[target.rootField];
  if (response.status !== 200 || !body || body.errors || !Array.isArray(list) || list.length === 0) {
    throw new Error(`${name}: preflight failed (HTTP ${response.status}): ${text.slice(0, 500)}`);
  }
  const nulls = JSON.stringify(list).match(/:null/g)?.length ?? 0;
  if (nulls > 0) throw new Error(`${name}: preflight answer has ${nulls} null field(s): ${text.slice(0, 500)}`);
  return { items: list.length, bytes: Buffer.byteLength(text), sample: list[0] };
}

async function runOnce(
  target: Target,
  seconds: number,
  codec: ReturnType<typeof internalTokenCodec>,
): Promise<autocannon.Result> {
  const headers = await headersFor(target, codec);
  const clients: autocannon.Client[] = [];
  // A run longer than the identity's 60 s life: re-sign, and hand the new header to every connection.
  const refresh = target.identity
    ? setInterval(async () => {
        const fresh = await headersFor(target, codec);
        for (const client of clients) client.setHeaders(fresh);
      }, IDENTITY_REFRESH_MS)
    : undefined;
  const prefix = `{"data":{"${target.rootField}":[{`;
  try {
    return await autocannon({
      url: target.url,
      method: "POST",
      headers,
      body: JSON.stringify({ query: target.query }),
      connections: settings.connections,
      duration: seconds,
      timeout: settings.timeoutSeconds,
      setupClient: (client) => void clients.push(client),
      // HTTP 200 with `errors` is still a failure: counted as a mismatch.
      verifyBody: (body) => body.startsWith(prefix) && !body.includes(`"errors"`),
    });
  } finally {
    if (refresh) clearInterval(refresh);
  }
}

async function measure(
  name: string,
  target: Target,
  hub: HubProcess,
  codec: ReturnType<typeof internalTokenCodec>,
): Promise<{
  measured: Measured;
  warmup: Pick<Measured, "requests" | "errors" | "timeouts" | "non2xx" | "mismatches">;
}> {
  const check = await preflight(name, target, codec);
  log(`${name}: preflight ok (${check.items} items, ${check.bytes} bytes); warm-up ${settings.warmupSeconds} s ...`);
  const warm = await runOnce(target, settings.warmupSeconds, codec);
  const warmup = {
    requests: warm.requests.total,
    errors: warm.errors,
    timeouts: warm.timeouts,
    non2xx: warm.non2xx,
    mismatches: warm.mismatches,
  };
  if (failures(warmup) > 0) log(`${name}: WARNING warm-up had failures ${JSON.stringify(warmup)}`);

  log(`${name}: measuring ${settings.durationSeconds} s x ${settings.connections} connections ...`);
  const before = await hub.stats();
  const machineBefore = await machineCpu();
  const ownBefore = process.cpuUsage();
  const ownStart = performance.now();
  const result = await runOnce(target, settings.durationSeconds, codec);
  const ownWallUs = (performance.now() - ownStart) * 1000;
  const own = process.cpuUsage(ownBefore);
  const machineAfter = await machineCpu();
  const after = await hub.stats();
  const hubWallUs = (after.at - before.at) * 1000;
  const hubCpuUs = after.cpu.user + after.cpu.system - (before.cpu.user + before.cpu.system);
  const idle = after.elu.idle - before.elu.idle;
  const active = after.elu.active - before.elu.active;

  const measured: Measured = {
    rps: result.requests.average,
    requests: result.requests.total,
    durationSeconds: result.duration,
    ...loadOutcome(result),
    hub: { cpuCores: round(hubCpuUs / hubWallUs, 2), eventLoopUtilisation: round(active / (active + idle), 2) },
    loadGeneratorCpuCores: round((own.user + own.system) / ownWallUs, 2),
    responseBytes: check.bytes,
    machineCpuCores:
      machineBefore && machineAfter
        ? round(
            ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * os.cpus().length,
            2,
          )
        : null,
    loadAverage1m: round(os.loadavg()[0]!, 2),
    hubWindowUs: [before.hrtimeUs, after.hrtimeUs],
  };
  log(
    `${name}: ${fmt(measured.rps)} rps, p50 ${measured.latencyMs.p50} ms, p99 ${measured.latencyMs.p99} ms, ` +
      `failures ${failures(measured)}`,
  );
  return { measured, warmup };
}

/** Cumulative busy and total jiffies of all CPUs, from /proc/stat (null off Linux). */
async function machineCpu(): Promise<{ busy: number; total: number } | null> {
  const stat = await readFile("/proc/stat", "utf8").catch(() => null);
  const fields = stat?.split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number);
  if (!fields || fields.length < 5 || fields.some(Number.isNaN)) return null;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields as number[];
  const busy = user! + nice! + system! + irq + softirq + steal;
  return { busy, total: busy + idle! + iowait };
}

// ---------------------------------------------------------------- output

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const log = (line: string) => console.error(`[bench] ${line}`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ") + " |";
  const rule = "|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|";
  return [line(header), rule, ...rows.map(line)].join("\n");
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const database = databaseUrl ? `PostgreSQL (${redact(databaseUrl)})` : "embedded PGlite (in the hub process)";
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
  };
  log(`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}`);
  log(`database: ${database}; starting the hub in a child process ...`);

  const started = Date.now();
  const { hub, ready } = await HubProcess.start();
  const stopHub = () => hub.stop().catch(() => {});
  process.once("SIGINT", () => void stopHub().then(() => process.exit(130)));
  log(`hub up in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${ready.pid}); gateway ${ready.gatewayUrl}`);

  const codec = internalTokenCodec(ready.internalSecret);
  const scenarios: { name: string; query: "A" | "B"; via: "gateway" | "direct"; label: string; target: Target }[] = [
    {
      name: "A gateway",
      query: "A",
      via: "gateway",
      label: "benefits(first: 20) via gateway (tenant admin token)",
      target: { url: ready.gatewayUrl, query: QUERY_A, rootField: "benefits", authorization: () => hub.login("admin") },
    },
    {
      name: "A direct",
      query: "A",
      via: "direct",
      label: "same query straight to catalog (signed tenant admin identity)",
      target: {
        url: ready.subgraphUrls.catalog,
        query: QUERY_A,
        rootField: "benefits",
        identity: ready.admin.identity,
      },
    },
    {
      name: "B gateway",
      query: "B",
      via: "gateway",
      label: "myEntitlements + benefit + redemptionCount + member via gateway (member token)",
      target: {
        url: ready.gatewayUrl,
        query: QUERY_B_GATEWAY,
        rootField: "myEntitlements",
        authorization: () => hub.login("member"),
      },
    },
    {
      name: "B direct",
      query: "B",
      via: "direct",
      label: "myEntitlements { id state } straight to entitlements (signed member identity): floor",
      target: {
        url: ready.subgraphUrls.entitlements,
        query: QUERY_B_DIRECT,
        rootField: "myEntitlements",
        identity: ready.member.identity,
      },
    },
  ];

  const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  try {
    for (const scenario of scenarios)
      results[scenario.name] = await measure(scenario.name, scenario.target, hub, codec);
  } finally {
    await stopHub();
  }

  // ---- the table
  const rows = scenarios.map((s) => {
    const m = results[s.name]!.measured;
    return [
      s.name,
      fmt(m.rps),
      String(m.latencyMs.p50),
      String(m.latencyMs.p97_5),
      String(m.latencyMs.p99),
      String(m.requests),
      `${m.errors}/${m.timeouts}/${m.non2xx}/${m.mismatches}`,
      fmt(m.hub.cpuCores, 2),
      fmt(m.hub.eventLoopUtilisation, 2),
      fmt(m.loadGeneratorCpuCores, 2),
      m.machineCpuCores === null ? "n/a" : fmt(m.machineCpuCores, 2),
      fmt(m.loadAverage1m, 2),
    ];
  });
  const ratios = (["A", "B"] as const).map((q) => {
    const gw = results[`${q} gateway`]!.measured;
    const direct = results[`${q} direct`]!.measured;
    return {
      query: q,
      rps: round(gw.rps / direct.rps, 2),
      p50: round(gw.latencyMs.p50 / direct.latencyMs.p50, 2),
      p97_5: round(gw.latencyMs.p97_5 / direct.latencyMs.p97_5, 2),
      p99: round(gw.latencyMs.p99 / direct.latencyMs.p99, 2),
      addedP50Ms: round(gw.latencyMs.p50 - direct.latencyMs.p50, 1),
    };
  });

  const command =
    `BENCH_DURATION=${settings.durationSeconds} BENCH_CONNECTIONS=${settings.connections} BENCH_WARMUP=${settings.warmupSeconds}` +
    (databaseUrl ? ` TEST_DATABASE_URL=${redact(databaseUrl)}` : "") +
    ` npm run bench:gateway -w @benefits-hub/bench`;

  const out: string[] = [];
  out.push("");
  out.push(`Gateway overhead: ${new Date().toISOString()}`);
  out.push(
    `machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}`,
  );
  out.push(`database: ${database}`);
  out.push(
    `load: autocannon, POST application/json, ${settings.connections} connections, ${settings.durationSeconds} s per run ` +
      `after a discarded ${settings.warmupSeconds} s warm-up`,
  );
  out.push(
    `NOTE: the hub (gateway + 4 subgraphs${databaseUrl ? "" : " + the embedded database"}) runs in ONE child process ` +
      `(one event loop); autocannon runs in this process. Both share the same ${machine.cpus} cores` +
      `${databaseUrl ? " with PostgreSQL" : ""}: absolute figures are for this setup only, the ratios are the point.`,
  );
  out.push(
    "columns: hub CPU = CPU time of the hub process / wall time (1.00 = one core busy); hub ELU = its event-loop " +
      "utilisation (1.00 = saturated); autocannon CPU = same for the load generator; machine CPU = busy cores of the whole " +
      "machine (hub + autocannon + database + anything else running on the box); load avg = 1-minute, at the end of the run",
  );
  out.push("");
  for (const s of scenarios) out.push(`  ${s.name.padEnd(10)} ${s.label}`);
  out.push("");
  out.push(
    table(
      [
        "run",
        "req/s",
        "p50 ms",
        "p97.5 ms",
        "p99 ms",
        "requests",
        "err/timeout/non2xx/bad body",
        "hub CPU (cores)",
        "hub ELU",
        "autocannon CPU",
        "machine CPU",
        "load avg 1m",
      ],
      rows,
    ),
  );
  out.push("");
  out.push(
    table(
      ["gateway / direct", "req/s", "p50", "p97.5", "p99", "added p50 ms"],
      ratios.map((r) => [
        r.query === "A" ? "A (catalog only)" : "B (vs entitlements floor)",
        `${fmt(r.rps, 2)}x`,
        `${fmt(r.p50, 2)}x`,
        `${fmt(r.p97_5, 2)}x`,
        `${fmt(r.p99, 2)}x`,
        fmt(r.addedP50Ms),
      ]),
    ),
  );
  out.push("");
  out.push(`reproduce: ${command}`);

  const failed = scenarios.filter((s) => failures(results[s.name]!.measured) > 0);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const resultsDir = new URL("./results/", import.meta.url);
  await mkdir(resultsDir, { recursive: true });
  const file = fileURLToPath(new URL(`gateway-overhead-${stamp}.json`, resultsDir));
  await writeFile(
    file,
    JSON.stringify(
      {
        benchmark: "gateway-overhead",
        at: new Date().toISOString(),
        ok: failed.length === 0,
        machine,
        database: databaseUrl ? { kind: "postgresql", url: redact(databaseUrl) } : { kind: "embedded" },
        settings,
        topology: "hub (gateway + subgraphs) in a child process; autocannon in the parent process; same machine",
        command,
        queries: { A: QUERY_A, B_gateway: QUERY_B_GATEWAY, B_direct: QUERY_B_DIRECT },
        scenarios: scenarios.map((s) => ({
          name: s.name,
          query: s.query,
          via: s.via,
          label: s.label,
          ...results[s.name],
        })),
        ratios,
      },
      null,
      2,
    ) + "\n",
  );
  out.push(`results: ${file}`);
  console.log(out.join("\n"));

  if (failed.length > 0) {
    const detail = failed.map((s) => {
      const m = results[s.name]!.measured;
      return `${s.name}: errors ${m.errors}, timeouts ${m.timeouts}, non-2xx ${m.non2xx} ${JSON.stringify(m.statusCodes)}, bad bodies ${m.mismatches}`;
    });
    console.error(
      `\nBENCHMARK FAILED: requests failed under load, the figures above are not valid.\n  ${detail.join("\n  ")}`,
    );
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error("\nBENCHMARK FAILED:", error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
