// Benchmark: login and token verification throughput, and the cost of the
// permission layer (graphql-shield).
//
//   1  passwords   verifyPassword (scrypt N=2^15, r=8, p=1) per second in this process, one at a time (one
//                  threadpool thread, so one core) and 4 at a time (the libuv threadpool's default size); then
//                  the whole `login` mutation through the gateway with autocannon. Ratio: login req/s over verify/s.
//   2  tokens      in-process tight loops, after a warm-up: access-token verify (jose HS256) and the gateway ->
//                  subgraph identity token's sign, verify and sign+verify, each against a plain
//                  crypto.createHmac("sha256") over the same bytes; plus reference rows that split jose's cost.
//   3  shield      the same query against two subgraphs of the same kind on the same database, one with the
//                  graphql-shield layer (as in production) and one without (`applyPermissions: false`):
//                    catalog     `{ benefits(first: 50) { id name description category { name } skus { fulfilmentKind
//                                faceValueFen } } }` (the master catalog) as the demo tenant admin (signed identity)
//                    membership  `{ orgTree { id name children { id name children { id name } } } }`
//                                as the demo tenant admin (signed identity)
//                  measured in alternating rounds (ABBA), ratio with / without. Each autocannon run is followed by
//                  one request by hand, so that the requests autocannon abandoned at its deadline are finished
//                  before the next run starts.
//   3b shield      in isolation: the same two queries with graphql's execute() against in-memory fixture services, with and
//                  without shield, plainly and inside AsyncLocalStorage.run() (bench/identity-shield-execute.ts).
//
// Parts 2, 3b and the in-process half of part 1 run in this process before the hub starts. The hub
// (startTestHub() plus the four extra subgraphs) runs in a child process (bench/identity-hub-process.ts);
// autocannon runs here.
//
//   npm run bench:identity -w @benefits-hub/bench
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm run bench:identity -w @benefits-hub/bench
//   BENCH_AA=1 ...   A/A control: the "shield" servers run without shield too (part-3 ratios should be 1.00)
//   knobs: BENCH_SCRYPT_SECONDS BENCH_SCRYPT_CONCURRENCY BENCH_TOKEN_SECONDS BENCH_TOKEN_WARMUP_MS
//          BENCH_EXECUTE_SECONDS BENCH_LOGIN_DURATION BENCH_LOGIN_CONNECTIONS BENCH_DURATION BENCH_WARMUP
//          BENCH_ROUNDS BENCH_CONNECTIONS BENCH_CATALOG_ROWS (see bench/README.md)
import { fork, type ChildProcess } from "node:child_process";
import { createHmac, timingSafeEqual, webcrypto } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { loadOutcome } from "./report";
import {
  IDENTITY_HEADER,
  accessTokenCodec,
  hashPassword,
  internalTokenCodec,
  verifyPassword,
  type Identity,
  type MemberIdentity,
} from "@benefits-hub/platform";
import type {
  IdentityChildMessage,
  IdentityHubReady,
  IdentityHubStats,
  IdentityParentMessage,
} from "./identity-hub-process";
import { benchShieldExecute, type ExecuteResult } from "./identity-shield-execute";
import { jwtVerify } from "jose";

// ---------------------------------------------------------------- settings

const positiveInt = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
};
const intList = (name: string, fallback: number[]): number[] => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const values = raw.split(",").map((v) => Number(v.trim()));
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`${name} must be like "1,4", got "${raw}"`);
  return values;
};
const settings = {
  /** Part 1: seconds per verifyPassword measurement, and the concurrencies measured. */
  scryptSeconds: positiveInt("BENCH_SCRYPT_SECONDS", 4),
  scryptConcurrency: intList("BENCH_SCRYPT_CONCURRENCY", [1, 4]),
  /** Part 2: seconds per tight loop, after a warm-up of this many ms. */
  tokenSeconds: positiveInt("BENCH_TOKEN_SECONDS", 2),
  tokenWarmupMs: positiveInt("BENCH_TOKEN_WARMUP_MS", 500),
  /**
   * Part 3 (autocannon): seconds per measured run; seconds of discarded warm-up on each server before its pair's
   * first run (and the login run's warm-up; every measured run gets 1 s more); rounds of (with, without),
   * alternating which goes first.
   */
  durationSeconds: positiveInt("BENCH_DURATION", 6),
  warmupSeconds: positiveInt("BENCH_WARMUP", 2),
  rewarmSeconds: 1,
  rounds: positiveInt("BENCH_ROUNDS", 2),
  /** Part 3b: seconds per variant (4 variants) of the in-process execute() loop, in rotating slices of 250 ms. */
  executeSeconds: positiveInt("BENCH_EXECUTE_SECONDS", 2),
  connections: positiveInt("BENCH_CONNECTIONS", 20),
  /**
   * Part 1's login run. Each login holds a threadpool thread for a whole scrypt: more connections than the
   * threadpool's 4 threads only queue, and a longer run gives the slow requests time to complete.
   */
  loginDurationSeconds: positiveInt("BENCH_LOGIN_DURATION", 10),
  loginConnections: positiveInt("BENCH_LOGIN_CONNECTIONS", 4),
  /** Benefits in the catalog (the demo's are topped up with synthetic ones, one SKU each). */
  catalogRows: Number(process.env.BENCH_CATALOG_ROWS ?? 50),
  /** BENCH_AA=1: A/A control, the "shield" server of each pair runs without shield too (ratios should be ~1). */
  aaControl: process.env.BENCH_AA === "1",
  timeoutSeconds: 10,
};
const IDENTITY_REFRESH_MS = 20_000;
const threadpoolSize = process.env.UV_THREADPOOL_SIZE ?? "4 (default)";

const QUERY_CATALOG = `{ benefits(first: 50) { id name description category { name } skus { fulfilmentKind faceValueFen } } }`;
const QUERY_ORG = `{ orgTree { id name children { id name children { id name } } } }`;
const LOGIN_MUTATION = `mutation Login($input: LoginInput!) { login(input: $input) { accessToken errors { message } } }`;

// ---------------------------------------------------------------- machine figures

/** Cumulative busy and total jiffies of all CPUs, from /proc/stat (null off Linux). */
async function machineCpu(): Promise<{ busy: number; total: number } | null> {
  const stat = await readFile("/proc/stat", "utf8").catch(() => null);
  const fields = stat?.split("\n")[0]?.trim().split(/\s+/).slice(1).map(Number);
  if (!fields || fields.length < 5 || fields.some(Number.isNaN)) return null;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields as number[];
  const busy = user! + nice! + system! + irq + softirq + steal;
  return { busy, total: busy + idle! + iowait };
}

/** Busy cores of the whole machine and this process's CPU (cores) over a stretch of work. */
async function watch<T>(work: () => Promise<T>): Promise<{
  value: T;
  wallMs: number;
  ownCpuCores: number;
  ownCpuMs: number;
  machineCpuCores: number | null;
  loadAverage1m: number;
}> {
  const machineBefore = await machineCpu();
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const value = await work();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const machineAfter = await machineCpu();
  return {
    value,
    wallMs,
    ownCpuMs: (cpu.user + cpu.system) / 1000,
    ownCpuCores: round((cpu.user + cpu.system) / 1000 / wallMs, 2),
    machineCpuCores:
      machineBefore && machineAfter
        ? round(
            ((machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)) * os.cpus().length,
            2,
          )
        : null,
    loadAverage1m: round(os.loadavg()[0]!, 2),
  };
}

// ---------------------------------------------------------------- part 1: scrypt in-process

interface ScryptResult {
  concurrency: number;
  ops: number;
  seconds: number;
  opsPerSecond: number;
  latencyMs: { mean: number; p50: number; p99: number; max: number };
  /** CPU of this process (all threads, so the threadpool's too) per verification. */
  cpuMsPerOp: number;
  ownCpuCores: number;
  machineCpuCores: number | null;
  loadAverage1m: number;
}

async function benchScrypt(password: string, stored: string, concurrency: number): Promise<ScryptResult> {
  const once = async () => {
    if (!(await verifyPassword(password, stored))) throw new Error("verifyPassword returned false");
  };
  // Warm-up: one verification per worker (each is ~100 ms of work).
  await Promise.all(Array.from({ length: concurrency }, once));
  const latencies: number[] = [];
  const run = await watch(async () => {
    const end = performance.now() + settings.scryptSeconds * 1000;
    const worker = async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await once();
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  });
  latencies.sort((a, b) => a - b);
  const seconds = run.wallMs / 1000;
  return {
    concurrency,
    ops: latencies.length,
    seconds: round(seconds, 2),
    opsPerSecond: round(latencies.length / seconds, 2),
    latencyMs: {
      mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length, 1),
      p50: round(quantile(latencies, 0.5), 1),
      p99: round(quantile(latencies, 0.99), 1),
      max: round(latencies.at(-1)!, 1),
    },
    cpuMsPerOp: round(run.ownCpuMs / latencies.length, 1),
    ownCpuCores: run.ownCpuCores,
    machineCpuCores: run.machineCpuCores,
    loadAverage1m: run.loadAverage1m,
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

// ---------------------------------------------------------------- part 2: tokens in-process

interface LoopResult {
  ops: number;
  seconds: number;
  opsPerSecond: number;
  nsPerOp: number;
  ownCpuCores: number;
  machineCpuCores: number | null;
}

type Op = { sync: true; fn: () => unknown } | { sync: false; fn: () => Promise<unknown> };

/** A tight loop for `seconds`, in batches (the clock is read between batches), after a warm-up. */
async function loop(op: Op, seconds: number): Promise<LoopResult> {
  const runFor = async (ms: number) => {
    let ops = 0;
    let batch = 64;
    const start = performance.now();
    const end = start + ms;
    for (;;) {
      if (op.sync) for (let i = 0; i < batch; i++) op.fn();
      else for (let i = 0; i < batch; i++) await op.fn();
      ops += batch;
      const now = performance.now();
      if (now >= end) return { ops, ms: now - start };
      // Aim for batches of ~10 ms so reading the clock costs nothing.
      const perOp = (now - start) / ops;
      batch = Math.max(16, Math.min(100_000, Math.round(10 / perOp)));
    }
  };
  await runFor(settings.tokenWarmupMs);
  const run = await watch(() => runFor(seconds * 1000));
  const { ops, ms } = run.value;
  return {
    ops,
    seconds: round(ms / 1000, 2),
    opsPerSecond: Math.round(ops / (ms / 1000)),
    nsPerOp: Math.round((ms * 1e6) / ops),
    ownCpuCores: run.ownCpuCores,
    machineCpuCores: run.machineCpuCores,
  };
}

const signingInput = (jwt: string) => Buffer.from(jwt.slice(0, jwt.lastIndexOf(".")), "ascii");

/** What an HS256 JWT verification needs at the least, with node:crypto: a reference floor, not a replacement. */
function verifyByHand(jwt: string, key: Buffer, issuer: string, audience: string): Record<string, unknown> {
  const last = jwt.lastIndexOf(".");
  const first = jwt.indexOf(".");
  const mac = createHmac("sha256", key).update(jwt.slice(0, last)).digest();
  const signature = Buffer.from(jwt.slice(last + 1), "base64url");
  if (signature.length !== mac.length || !timingSafeEqual(signature, mac)) throw new Error("bad signature");
  const header = JSON.parse(Buffer.from(jwt.slice(0, first), "base64url").toString("utf8"));
  if (header.alg !== "HS256") throw new Error("bad alg");
  const payload = JSON.parse(Buffer.from(jwt.slice(first + 1, last), "base64url").toString("utf8"));
  if (payload.iss !== issuer || payload.aud !== audience) throw new Error("bad iss/aud");
  if (typeof payload.exp !== "number" || payload.exp * 1000 <= Date.now()) throw new Error("expired");
  return payload;
}

async function benchTokens() {
  const secret = "bench-secret-0123456789abcdef0123456789abcdef";
  const key = Buffer.from(secret, "utf8"); // the codecs use new TextEncoder().encode(secret): the same bytes
  const member: MemberIdentity = {
    kind: "member",
    memberId: "6f1c1d2e-8a3b-4c5d-9e6f-7a8b9c0d1e2f",
    tenantId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    role: "MEMBER",
    orgUnitId: "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
  };
  const access = accessTokenCodec(secret);
  const internal = internalTokenCodec(secret);
  const accessToken = await access.issue(member);
  const internalToken = await internal.sign(member);
  const accessBytes = signingInput(accessToken);
  const internalBytes = signingInput(internalToken);
  const hmac = (bytes: Buffer) => createHmac("sha256", key).update(bytes).digest();
  const hmacKey = { name: "HMAC", hash: "SHA-256" } as const;
  const preImported = await webcrypto.subtle.importKey("raw", key, hmacKey, false, ["sign", "verify"]);
  const accessClaims = { issuer: "benefits-hub/membership", audience: "benefits-hub", algorithms: ["HS256"] };
  // Sanity: the baselines sign exactly what jose signed.
  if (hmac(accessBytes).toString("base64url") !== accessToken.split(".")[2]) throw new Error("HMAC baseline differs");
  if (hmac(internalBytes).toString("base64url") !== internalToken.split(".")[2])
    throw new Error("HMAC baseline differs");
  verifyByHand(accessToken, key, "benefits-hub/membership", "benefits-hub");
  if ((await internal.verify(await internal.sign(member))).kind !== "member") throw new Error("round trip failed");

  const ops: Record<string, { label: string; op: Op }> = {
    hmacAccess: {
      label: `createHmac("sha256") over the access token's signing input (${accessBytes.length} B)`,
      op: { sync: true, fn: () => hmac(accessBytes) },
    },
    accessVerify: {
      label: "access token verify: accessTokenCodec.verify (jose jwtVerify, HS256, claims)",
      op: { sync: false, fn: () => access.verify(accessToken) },
    },
    hmacInternal: {
      label: `createHmac("sha256") over the identity token's signing input (${internalBytes.length} B)`,
      op: { sync: true, fn: () => hmac(internalBytes) },
    },
    internalSign: {
      label: "identity token sign: internalTokenCodec.sign (jose SignJWT)",
      op: { sync: false, fn: () => internal.sign(member) },
    },
    internalVerify: {
      label: "identity token verify: internalTokenCodec.verify (jose jwtVerify + parseIdentity)",
      op: { sync: false, fn: () => internal.verify(internalToken) },
    },
    hmacInternalTwice: {
      label: "createHmac x2 over the identity token's signing input (sign + verify)",
      op: { sync: true, fn: () => (hmac(internalBytes), hmac(internalBytes)) },
    },
    internalRoundTrip: {
      label: "identity token sign + verify (what one gateway -> subgraph hop costs in JWT work)",
      op: { sync: false, fn: async () => internal.verify(await internal.sign(member)) },
    },
    webcryptoPreImported: {
      label: "reference: WebCrypto subtle.sign HMAC, key imported once (access token bytes)",
      op: { sync: false, fn: () => webcrypto.subtle.sign("HMAC", preImported, accessBytes) },
    },
    webcryptoImportEach: {
      label: "reference: WebCrypto importKey + subtle.sign per call (what jose 6 does with a Uint8Array secret)",
      op: {
        sync: false,
        fn: async () =>
          webcrypto.subtle.sign(
            "HMAC",
            await webcrypto.subtle.importKey("raw", key, hmacKey, false, ["sign"]),
            accessBytes,
          ),
      },
    },
    joseCryptoKey: {
      label: "reference: jose jwtVerify of the access token with a CryptoKey imported once (no per-call importKey)",
      op: { sync: false, fn: () => jwtVerify(accessToken, preImported, accessClaims) },
    },
    byHandVerify: {
      label:
        "reference: HS256 verify by hand with node:crypto (HMAC, timingSafeEqual, 2x base64url+JSON.parse, claims)",
      op: { sync: true, fn: () => verifyByHand(accessToken, key, "benefits-hub/membership", "benefits-hub") },
    },
  };
  const results: Record<string, LoopResult & { label: string }> = {};
  for (const [name, { label, op }] of Object.entries(ops)) {
    const result = await loop(op, settings.tokenSeconds);
    results[name] = { label, ...result };
    log(`tokens: ${name}: ${result.opsPerSecond} ops/s, ${result.nsPerOp} ns/op`);
  }
  // Each jose operation against its plain-HMAC baseline over the same bytes.
  const pairs: [string, string][] = [
    ["accessVerify", "hmacAccess"],
    ["internalSign", "hmacInternal"],
    ["internalVerify", "hmacInternal"],
    ["internalRoundTrip", "hmacInternalTwice"],
    ["webcryptoPreImported", "hmacAccess"],
    ["webcryptoImportEach", "hmacAccess"],
    ["joseCryptoKey", "hmacAccess"],
    ["byHandVerify", "hmacAccess"],
  ];
  const comparisons = pairs.map(([op, baseline]) => ({
    op,
    baseline,
    ratioNsPerOp: round(results[op]!.nsPerOp / results[baseline]!.nsPerOp, 1),
  }));
  return {
    tokenBytes: { access: accessToken.length, internal: internalToken.length },
    results,
    comparisons,
  };
}

// ---------------------------------------------------------------- the hub, in a child process

class HubChild {
  private waiters: { type: IdentityChildMessage["type"]; resolve(m: IdentityChildMessage): void }[] = [];
  private rejecters = new Set<(error: Error) => void>();
  private failure: Error | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on("message", (message: IdentityChildMessage) => {
      if (message.type === "error") return this.fail(new Error(`hub process: ${message.message}`));
      const index = this.waiters.findIndex((w) => w.type === message.type);
      if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(message);
    });
    child.on("exit", (code, signal) => this.fail(new Error(`hub process exited (code ${code}, signal ${signal})`)));
  }

  static async start(): Promise<{ hub: HubChild; ready: IdentityHubReady }> {
    const child = fork(fileURLToPath(new URL("./identity-hub-process.ts", import.meta.url)), [], {
      execArgv: ["--import", import.meta.resolve("tsx")],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: { ...process.env, BENCH_CATALOG_ROWS: String(settings.catalogRows) },
    });
    const hub = new HubChild(child);
    return { hub, ready: await hub.next("ready", 300_000) };
  }

  private fail(error: Error) {
    this.failure ??= error;
    for (const reject of this.rejecters) reject(error);
  }

  private next<T extends IdentityChildMessage["type"]>(
    type: T,
    timeoutMs = 60_000,
  ): Promise<Extract<IdentityChildMessage, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`hub process: no "${type}" within ${timeoutMs} ms`)), timeoutMs);
      const done = (error?: Error, message?: IdentityChildMessage) => {
        clearTimeout(timer);
        this.rejecters.delete(done);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        if (error) reject(error);
        else resolve(message as Extract<IdentityChildMessage, { type: T }>);
      };
      const waiter = { type, resolve: (message: IdentityChildMessage) => done(undefined, message) };
      this.waiters.push(waiter);
      this.rejecters.add(done);
    });
  }

  stats(): Promise<IdentityHubStats> {
    const answer = this.next("stats");
    this.child.send({ type: "stats" } satisfies IdentityParentMessage);
    return answer;
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.rejecters.clear();
    this.child.send({ type: "stop" } satisfies IdentityParentMessage);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------- autocannon runs

interface Target {
  url: string;
  body: string;
  connections: number;
  /** Signs a fresh x-hub-identity for each run (and keeps it fresh); unset for gateway calls. */
  identity?: Identity;
  /** A response body that counts as a success. */
  verifyBody(body: string): boolean;
  /** The one request before the load: throws unless the answer is real data. */
  check(body: { data?: Record<string, unknown> | null; errors?: unknown[] }): void;
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
  hub: { cpuCores: number; cpuMsPerRequest: number; eventLoopUtilisation: number };
  loadGeneratorCpuCores: number;
  machineCpuCores: number | null;
  loadAverage1m: number;
  warmup: { requests: number; failures: number };
}

const failures = (m: Pick<Measured, "errors" | "timeouts" | "non2xx" | "mismatches">) =>
  m.errors + m.timeouts + m.non2xx + m.mismatches;
/** A run fails with a single failed request, or with no request completed at all. */
const invalid = (m: Measured) => failures(m) > 0 || m.requests === 0;

type Codec = ReturnType<typeof internalTokenCodec>;

async function headersFor(target: Target, codec: Codec): Promise<Record<string, string>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (target.identity) headers[IDENTITY_HEADER] = await codec.sign(target.identity);
  return headers;
}

async function preflight(name: string, target: Target, codec: Codec): Promise<string> {
  const response = await fetch(target.url, {
    method: "POST",
    headers: await headersFor(target, codec),
    body: target.body,
  });
  const text = await response.text();
  try {
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    const body = JSON.parse(text);
    if (body.errors) throw new Error("errors in the answer");
    target.check(body);
    if (!target.verifyBody(text)) throw new Error("the load's body check would reject this answer");
  } catch (error) {
    throw new Error(`${name}: preflight failed (${(error as Error).message}): ${text.slice(0, 500)}`, {
      cause: error,
    });
  }
  return text;
}

async function runOnce(target: Target, seconds: number, codec: Codec): Promise<autocannon.Result> {
  const headers = await headersFor(target, codec);
  const clients: autocannon.Client[] = [];
  const refresh = target.identity
    ? setInterval(async () => {
        const fresh = await headersFor(target, codec);
        for (const client of clients) client.setHeaders(fresh);
      }, IDENTITY_REFRESH_MS)
    : undefined;
  try {
    return await autocannon({
      url: target.url,
      method: "POST",
      headers,
      body: target.body,
      connections: target.connections,
      duration: seconds,
      timeout: settings.timeoutSeconds,
      setupClient: (client) => void clients.push(client),
      verifyBody: target.verifyBody,
    });
  } finally {
    if (refresh) clearInterval(refresh);
  }
}

/**
 * One warm-up (discarded) and one measured run. autocannon stops at the deadline and abandons the requests in
 * flight, which the hub still finishes: one request by hand after each run waits for that backlog to clear, so a
 * run never starts with the previous one's leftovers queued ahead of it (it matters for login: seconds each).
 */
async function measure(
  name: string,
  target: Target,
  hub: HubChild,
  codec: Codec,
  seconds: { warmup: number; measured: number },
): Promise<Measured> {
  await preflight(name, target, codec);
  const warm = await runOnce(target, seconds.warmup, codec);
  await preflight(name, target, codec);
  const warmup = { requests: warm.requests.total, failures: failures(warm) };
  if (warmup.failures > 0) log(`${name}: WARNING warm-up had ${warmup.failures} failures`);
  const before = await hub.stats();
  const run = await watch(() => runOnce(target, seconds.measured, codec));
  const after = await hub.stats();
  await preflight(name, target, codec);
  const result = run.value;
  const hubWallMs = after.at - before.at;
  const hubCpuMs = (after.cpu.user + after.cpu.system - (before.cpu.user + before.cpu.system)) / 1000;
  const idle = after.elu.idle - before.elu.idle;
  const active = after.elu.active - before.elu.active;
  const measured: Measured = {
    rps: round(result.requests.total / result.duration, 2),
    requests: result.requests.total,
    durationSeconds: result.duration,
    ...loadOutcome(result),
    hub: {
      cpuCores: round(hubCpuMs / hubWallMs, 2),
      cpuMsPerRequest: result.requests.total > 0 ? round(hubCpuMs / result.requests.total, 2) : NaN,
      eventLoopUtilisation: round(active / (active + idle), 2),
    },
    loadGeneratorCpuCores: run.ownCpuCores,
    machineCpuCores: run.machineCpuCores,
    loadAverage1m: run.loadAverage1m,
    warmup,
  };
  log(
    `${name}: ${fmt(measured.rps)} rps, p50 ${measured.latencyMs.p50} ms, p99 ${measured.latencyMs.p99} ms, ` +
      `hub ${fmt(measured.hub.cpuMsPerRequest, 2)} CPU ms/req, failures ${failures(measured)}`,
  );
  return measured;
}

// ---------------------------------------------------------------- output helpers

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const fmt = (n: number, digits = 1) => n.toFixed(digits);
const log = (line: string) => console.error(`[bench] ${line}`);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

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

const runColumns = [
  "req/s",
  "p50 ms",
  "p97.5 ms",
  "p99 ms",
  "requests",
  "err/timeout/non2xx/bad",
  "hub CPU ms/req",
  "hub CPU",
  "hub ELU",
  "machine CPU",
  "load 1m",
];
const runCells = (m: Measured) => [
  fmt(m.rps),
  String(m.latencyMs.p50),
  String(m.latencyMs.p97_5),
  String(m.latencyMs.p99),
  String(m.requests),
  `${m.errors}/${m.timeouts}/${m.non2xx}/${m.mismatches}`,
  fmt(m.hub.cpuMsPerRequest, 2),
  fmt(m.hub.cpuCores, 2),
  fmt(m.hub.eventLoopUtilisation, 2),
  m.machineCpuCores === null ? "n/a" : fmt(m.machineCpuCores, 2),
  fmt(m.loadAverage1m, 2),
];

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
    threadpoolSize,
    loadAverageAtStart: os.loadavg().map((v) => round(v, 2)),
  };
  log(`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}`);
  log(`load average at start: ${machine.loadAverageAtStart.join(" ")}`);
  const started = Date.now();

  // ---- part 2 first (short, one thread), then part 1; the hub is not running yet.
  log(`tokens: ${settings.tokenSeconds} s per loop after ${settings.tokenWarmupMs} ms warm-up ...`);
  const tokens = await benchTokens();

  log(`shield execute: ${settings.executeSeconds} s per variant ...`);
  const execute: ExecuteResult[] = await benchShieldExecute({
    seconds: settings.executeSeconds,
    warmupMs: settings.tokenWarmupMs,
    sliceMs: 250,
    queries: { catalog: QUERY_CATALOG, membership: QUERY_ORG },
    log,
  });

  const password = "benefits-demo";
  const stored = await hashPassword(password);
  const params = stored.split("$").slice(1, 4).join("/");
  if (params !== "32768/8/1") throw new Error(`unexpected scrypt parameters ${params}`);
  const scrypt: ScryptResult[] = [];
  for (const concurrency of settings.scryptConcurrency) {
    log(`scrypt: verifyPassword x${concurrency} concurrent for ${settings.scryptSeconds} s ...`);
    const result = await benchScrypt(password, stored, concurrency);
    scrypt.push(result);
    log(`scrypt: c=${concurrency}: ${result.opsPerSecond} verifications/s, p50 ${result.latencyMs.p50} ms`);
  }

  // ---- the hub
  log(`database: ${database}; starting the hub in a child process ...`);
  const hubStart = Date.now();
  const { hub, ready } = await HubChild.start();
  const stopHub = () => hub.stop().catch(() => {});
  process.once("SIGINT", () => void stopHub().then(() => process.exit(130)));
  log(`hub up in ${((Date.now() - hubStart) / 1000).toFixed(1)} s (pid ${ready.pid}); ${ready.benefitRows} benefits`);
  const codec = internalTokenCodec(ready.internalSecret);

  const loginTarget: Target = {
    url: ready.gatewayUrl,
    body: JSON.stringify({ query: LOGIN_MUTATION, variables: { input: ready.login } }),
    connections: settings.loginConnections,
    verifyBody: (body) => body.startsWith(`{"data":{"login":{"accessToken":"ey`) && !body.includes(`"errors":[{`),
    check: (body) => {
      const login = body.data?.login as { accessToken?: string; errors?: unknown[] } | undefined;
      if (!login?.accessToken || login.errors?.length) throw new Error("no access token");
    },
  };
  const listTarget = (url: string, identity: Identity): Target => ({
    url,
    body: JSON.stringify({ query: QUERY_CATALOG }),
    connections: settings.connections,
    identity,
    verifyBody: (body) => body.startsWith(`{"data":{"benefits":[{`) && !body.includes(`"errors"`),
    check: (body) => {
      const list = body.data?.benefits as unknown[] | undefined;
      if (!Array.isArray(list) || list.length === 0) throw new Error("empty list");
      if (/:null/.test(JSON.stringify(list))) throw new Error("null fields");
    },
  });
  const orgTarget = (url: string, identity: Identity): Target => ({
    url,
    body: JSON.stringify({ query: QUERY_ORG }),
    connections: settings.connections,
    identity,
    verifyBody: (body) => body.startsWith(`{"data":{"orgTree":{"id":`) && !body.includes(`"errors"`),
    check: (body) => {
      const tree = body.data?.orgTree as { children?: { children?: unknown[] }[] } | undefined;
      if (!tree?.children?.length || !tree.children.some((c) => c.children?.length)) throw new Error("no tree");
    },
  });
  const pairs = [
    {
      key: "catalog",
      label: `catalog: ${QUERY_CATALOG} (signed TENANT_ADMIN identity)`,
      shield: listTarget(ready.catalog.shield, ready.admin.identity),
      bare: listTarget(ready.catalog.bare, ready.admin.identity),
    },
    {
      key: "membership",
      label: `membership: ${QUERY_ORG} (signed TENANT_ADMIN identity)`,
      shield: orgTarget(ready.membership.shield, ready.admin.identity),
      bare: orgTarget(ready.membership.bare, ready.admin.identity),
    },
  ];

  let login: Measured;
  const shieldRuns: Record<string, { round: number; variant: "shield" | "bare"; measured: Measured }[]> = {};
  const answers: Record<string, { bytes: number; sameWithAndWithout: boolean }> = {};
  try {
    log(`login: ${settings.loginConnections} connections, ${settings.loginDurationSeconds} s ...`);
    login = await measure("login via gateway", loginTarget, hub, codec, {
      warmup: settings.warmupSeconds,
      measured: settings.loginDurationSeconds,
    });

    for (const pair of pairs) {
      // Both servers must give the very same answer, or the comparison is not like for like.
      const withShield = await preflight(`${pair.key} shield`, pair.shield, codec);
      const without = await preflight(`${pair.key} bare`, pair.bare, codec);
      answers[pair.key] = { bytes: Buffer.byteLength(withShield), sameWithAndWithout: withShield === without };
      if (withShield !== without) throw new Error(`${pair.key}: the answers with and without shield differ`);
      // Both servers warmed before either is measured: otherwise the first measured run pays for JIT warm-up
      // (an A/A run, BENCH_AA=1, showed the first run 20-30 % slower with only its own 2 s warm-up).
      for (const variant of ["shield", "bare"] as const) {
        await runOnce(pair[variant], settings.warmupSeconds, codec);
        await preflight(`${pair.key} ${variant}`, pair[variant], codec);
      }
      shieldRuns[pair.key] = [];
      for (let round = 1; round <= settings.rounds; round++) {
        const order = round % 2 === 1 ? (["shield", "bare"] as const) : (["bare", "shield"] as const);
        for (const variant of order) {
          const measured = await measure(`${pair.key} ${variant} r${round}`, pair[variant], hub, codec, {
            warmup: settings.rewarmSeconds,
            measured: settings.durationSeconds,
          });
          shieldRuns[pair.key]!.push({ round, variant, measured });
        }
      }
    }
  } finally {
    await stopHub();
  }

  // ---- figures
  const scryptBy = (c: number) => scrypt.find((s) => s.concurrency === c);
  const loginRatios = scrypt.map((s) => ({
    against: `verifyPassword c=${s.concurrency}`,
    rpsOverVerifyPerSecond: round(login.rps / s.opsPerSecond, 2),
  }));
  const scryptCpuMs = scryptBy(1)?.cpuMsPerOp ?? scrypt[0]!.cpuMsPerOp;
  const loginScryptShare = round(scryptCpuMs / login.hub.cpuMsPerRequest, 2);

  const shieldSummary = pairs.map((pair) => {
    const runs = shieldRuns[pair.key]!;
    const of = (variant: "shield" | "bare", rounds?: number) =>
      runs.filter((r) => r.variant === variant && (rounds === undefined || r.round === rounds)).map((r) => r.measured);
    const aggregate = (ms: Measured[]) => ({
      rps: round(mean(ms.map((m) => m.rps)), 1),
      p50: round(mean(ms.map((m) => m.latencyMs.p50)), 1),
      p99: round(mean(ms.map((m) => m.latencyMs.p99)), 1),
      cpuMsPerRequest: round(
        sum(ms.map((m) => m.hub.cpuMsPerRequest * m.requests)) / Math.max(1, sum(ms.map((m) => m.requests))),
        2,
      ),
    });
    const ratio = (s: ReturnType<typeof aggregate>, b: ReturnType<typeof aggregate>) => ({
      rps: round(s.rps / b.rps, 2),
      p50: round(s.p50 / b.p50, 2),
      p99: round(s.p99 / b.p99, 2),
      cpuMsPerRequest: round(s.cpuMsPerRequest / b.cpuMsPerRequest, 2),
      addedCpuMsPerRequest: round(s.cpuMsPerRequest - b.cpuMsPerRequest, 2),
    });
    const rounds = Array.from({ length: settings.rounds }, (_, i) => i + 1).map((r) => {
      const s = aggregate(of("shield", r));
      const b = aggregate(of("bare", r));
      return { round: r, shield: s, bare: b, ratio: ratio(s, b) };
    });
    const all = { shield: aggregate(of("shield")), bare: aggregate(of("bare")) };
    return { key: pair.key, label: pair.label, rounds, all: { ...all, ratio: ratio(all.shield, all.bare) } };
  });

  // ---- output
  const command =
    [
      `BENCH_SCRYPT_SECONDS=${settings.scryptSeconds}`,
      `BENCH_SCRYPT_CONCURRENCY=${settings.scryptConcurrency.join(",")}`,
      `BENCH_TOKEN_SECONDS=${settings.tokenSeconds}`,
      `BENCH_TOKEN_WARMUP_MS=${settings.tokenWarmupMs}`,
      `BENCH_EXECUTE_SECONDS=${settings.executeSeconds}`,
      `BENCH_DURATION=${settings.durationSeconds}`,
      `BENCH_WARMUP=${settings.warmupSeconds}`,
      `BENCH_ROUNDS=${settings.rounds}`,
      `BENCH_CONNECTIONS=${settings.connections}`,
      `BENCH_LOGIN_DURATION=${settings.loginDurationSeconds}`,
      `BENCH_LOGIN_CONNECTIONS=${settings.loginConnections}`,
      ...(settings.aaControl ? ["BENCH_AA=1"] : []),
      ...(databaseUrl ? [`TEST_DATABASE_URL=${redact(databaseUrl)}`] : []),
    ].join(" ") + " npm run bench:identity -w @benefits-hub/bench";

  const out: string[] = [];
  out.push("");
  out.push(`Identity and permissions: ${new Date().toISOString()}`);
  out.push(
    `machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
      `${machine.platform}; UV_THREADPOOL_SIZE ${threadpoolSize}; load avg at start ${machine.loadAverageAtStart.join(" ")}`,
  );
  out.push(`database: ${database}; total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  out.push("");
  out.push(
    `1. Passwords: verifyPassword (scrypt N=32768 r=8 p=1, in this process, ${settings.scryptSeconds} s each) and the login ` +
      `mutation through the gateway (${settings.loginConnections} connections, ${settings.loginDurationSeconds} s)`,
  );
  out.push("");
  out.push(
    table(
      ["run", "ops/s", "mean ms", "p50 ms", "p99 ms", "ops", "CPU ms/op", "process CPU", "machine CPU", "load 1m"],
      [
        ...scrypt.map((s) => [
          `verifyPassword c=${s.concurrency}`,
          fmt(s.opsPerSecond, 2),
          fmt(s.latencyMs.mean),
          fmt(s.latencyMs.p50),
          fmt(s.latencyMs.p99),
          String(s.ops),
          fmt(s.cpuMsPerOp),
          fmt(s.ownCpuCores, 2),
          s.machineCpuCores === null ? "n/a" : fmt(s.machineCpuCores, 2),
          fmt(s.loadAverage1m, 2),
        ]),
        [
          "login via gateway (req/s)",
          fmt(login.rps, 2),
          fmt(login.latencyMs.average),
          String(login.latencyMs.p50),
          String(login.latencyMs.p99),
          String(login.requests),
          `${fmt(login.hub.cpuMsPerRequest)} (hub)`,
          `${fmt(login.hub.cpuCores, 2)} (hub)`,
          login.machineCpuCores === null ? "n/a" : fmt(login.machineCpuCores, 2),
          fmt(login.loadAverage1m, 2),
        ],
      ],
    ),
  );
  out.push("");
  out.push(
    `login failures (err/timeout/non2xx/bad body): ${login.errors}/${login.timeouts}/${login.non2xx}/${login.mismatches}; ` +
      `hub ELU ${fmt(login.hub.eventLoopUtilisation, 2)}`,
  );
  out.push(
    `login req/s / verify/s: ${loginRatios.map((r) => `${r.against}: ${fmt(r.rpsOverVerifyPerSecond, 2)}x`).join("; ")}`,
  );
  out.push(
    `scrypt share of a login's hub CPU: ${fmt(scryptCpuMs)} ms (one verification, c=1) / ` +
      `${fmt(login.hub.cpuMsPerRequest)} ms (hub CPU per login, all threads) = ${fmt(loginScryptShare, 2)}`,
  );
  out.push("");
  out.push(
    `2. Tokens: in-process tight loops, ${settings.tokenSeconds} s each after ${settings.tokenWarmupMs} ms warm-up ` +
      `(access token ${tokens.tokenBytes.access} chars, identity token ${tokens.tokenBytes.internal} chars)`,
  );
  out.push("");
  out.push(
    table(
      ["op", "ops/s", "ns/op", "machine CPU"],
      Object.entries(tokens.results).map(([name, r]) => [
        `${name}: ${r.label}`,
        String(r.opsPerSecond),
        String(r.nsPerOp),
        r.machineCpuCores === null ? "n/a" : fmt(r.machineCpuCores, 2),
      ]),
    ),
  );
  out.push("");
  out.push(
    table(
      ["op vs baseline (same bytes)", "op ns", "baseline ns", "ratio"],
      tokens.comparisons.map((c) => [
        `${c.op} vs ${c.baseline}`,
        String(tokens.results[c.op]!.nsPerOp),
        String(tokens.results[c.baseline]!.nsPerOp),
        `${fmt(c.ratioNsPerOp, 1)}x`,
      ]),
    ),
  );
  out.push("");
  out.push(
    `3. Permission layer: the same query with (shield) and without (bare) graphql-shield, same database, ` +
      `${settings.connections} connections, ${settings.durationSeconds} s per run after a ${settings.rewarmSeconds} s warm-up (and ${settings.warmupSeconds} s ` +
      `on each server of a pair before the pair's first run), ` +
      `${settings.rounds} rounds alternating the order`,
  );
  for (const pair of pairs) out.push(`  ${pair.label}, ${answers[pair.key]!.bytes} bytes per answer`);
  if (settings.aaControl) {
    out.push(
      "  BENCH_AA=1: A/A CONTROL RUN, the servers labelled `shield` run WITHOUT shield too: ratios should be 1.00",
    );
  }
  out.push("");
  out.push(
    table(
      ["run", ...runColumns],
      pairs.flatMap((pair) =>
        shieldRuns[pair.key]!.map((r) => [`${pair.key} ${r.variant} r${r.round}`, ...runCells(r.measured)]),
      ),
    ),
  );
  out.push("");
  out.push(
    table(
      ["with / without shield", "req/s", "p50", "p99", "hub CPU ms/req", "added CPU ms/req"],
      shieldSummary.flatMap((s) => [
        ...s.rounds.map((r) => [
          `${s.key} round ${r.round}`,
          `${fmt(r.ratio.rps, 2)}x`,
          `${fmt(r.ratio.p50, 2)}x`,
          `${fmt(r.ratio.p99, 2)}x`,
          `${fmt(r.ratio.cpuMsPerRequest, 2)}x`,
          fmt(r.ratio.addedCpuMsPerRequest, 2),
        ]),
        [
          `${s.key} all rounds`,
          `${fmt(s.all.ratio.rps, 2)}x`,
          `${fmt(s.all.ratio.p50, 2)}x`,
          `${fmt(s.all.ratio.p99, 2)}x`,
          `${fmt(s.all.ratio.cpuMsPerRequest, 2)}x`,
          fmt(s.all.ratio.addedCpuMsPerRequest, 2),
        ],
      ]),
    ),
  );
  out.push("");
  out.push(
    "req/s, p50, p99: means over the rounds; hub CPU ms/req: hub process CPU (all threads) / requests. " +
      "ratio < 1 for req/s and > 1 for the others = what shield costs",
  );
  out.push("");
  out.push(
    `3b. The permission layer in isolation: graphql execute() in this process, in-memory fixture services (no HTTP, no ` +
      `database), ${settings.executeSeconds} s per variant in rotating 250 ms slices, before the hub started; ` +
      `plain, and with every operation inside AsyncLocalStorage.run() (as the subgraph server runs each request)`,
  );
  out.push("");
  out.push(
    table(
      [
        "query",
        "fields/answer",
        "async context",
        "bare us/op",
        "shield us/op",
        "shield / bare",
        "added us/op",
        "added ns/field",
        "added / HTTP bare CPU",
      ],
      execute.flatMap((e, i) => {
        const httpBare = shieldSummary[i]!.all.bare.cpuMsPerRequest;
        return (["plain", "asyncContext"] as const).map((mode) => [
          pairs[i]!.key,
          String(e.fieldsPerAnswer),
          mode === "plain" ? "none" : "AsyncLocalStorage",
          String(e[mode].bare.usPerOp),
          String(e[mode].shield.usPerOp),
          `${fmt(e[mode].ratio, 2)}x`,
          String(e[mode].addedUsPerOp),
          String(e[mode].addedNsPerField),
          `${fmt((e[mode].addedUsPerOp / 1000 / httpBare) * 100, 1)} %`,
        ]);
      }),
    ),
  );
  out.push(
    "added / HTTP bare CPU: shield's added execute() time as a share of the bare server's hub CPU per request " +
      "(part 3): the slow-down to expect over HTTP from execution alone",
  );
  out.push("");
  out.push(`reproduce: ${command}`);

  const runs = [{ name: "login", measured: login }].concat(
    pairs.flatMap((p) => shieldRuns[p.key]!.map((r) => ({ name: `${p.key} ${r.variant} r${r.round}`, ...r }))),
  );
  const failed = runs.filter((r) => invalid(r.measured));
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const resultsDir = new URL("./results/", import.meta.url);
  await mkdir(resultsDir, { recursive: true });
  const file = fileURLToPath(new URL(`identity-${stamp}.json`, resultsDir));
  await writeFile(
    file,
    JSON.stringify(
      {
        benchmark: "identity",
        at: new Date().toISOString(),
        ok: failed.length === 0,
        machine,
        database: databaseUrl ? { kind: "postgresql", url: redact(databaseUrl) } : { kind: "embedded" },
        settings,
        command,
        passwords: {
          scryptParameters: { N: 32768, r: 8, p: 1 },
          verifyPassword: scrypt,
          login: { mutation: LOGIN_MUTATION, connections: settings.loginConnections, ...login },
          loginRatios,
          scryptShareOfLoginCpu: loginScryptShare,
        },
        tokens,
        shield: {
          queries: { catalog: QUERY_CATALOG, membership: QUERY_ORG },
          benefitRows: ready.benefitRows,
          answers,
          runs: shieldRuns,
          summary: shieldSummary,
          execute,
        },
      },
      null,
      2,
    ) + "\n",
  );
  out.push(`results: ${file}`);
  console.log(out.join("\n"));

  if (failed.length > 0) {
    console.error(
      `\nBENCHMARK FAILED: requests failed under load (or none completed), the figures above are not valid.\n  ` +
        failed
          .map(
            (r) =>
              `${r.name}: requests ${r.measured.requests}, errors ${r.measured.errors}, timeouts ${r.measured.timeouts}, non-2xx ${r.measured.non2xx} ` +
              `${JSON.stringify(r.measured.statusCodes)}, bad bodies ${r.measured.mismatches}`,
          )
          .join("\n  "),
    );
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error("\nBENCHMARK FAILED:", error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
