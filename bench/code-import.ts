// Benchmark: card codes imported per second, and the memory it takes, for one
// million codes (issue 4: "one million codes in one import, streamed").
//
//   importer  CodeImporter.run(csv, skuId, operator) for one CODE_POOL SKU: the importer of production
//             (subgraphs/catalog/src/domain/codes/code-importer.ts) with its repository and key ring: parse and
//             validate, HMAC fingerprint, AES-256-GCM seal of each code, one unnest INSERT per batch of 2,000 in a
//             transaction with the pool count, low-stock check and progress
//   baseline  the same CSV through the same reader, the same number of rows inserted into a comparable table
//             (bench_plain_code: the same indexes, plaintext code and PIN columns) with plain unnest INSERTs of
//             the same batch size: no fingerprint, no encryption, no transaction, no dedupe
// Ratio: importer / baseline. The CSV (code, pin on every 2nd row, expires_at on every 3rd) is generated here as a
// stream, never held in memory, and piped into the importing process's stdin. Each phase runs in a child process
// of its own (bench/code-import-process.ts), so that its peak RSS is its own and the generator never shares its
// event loop; the database runs in another (bench/database-process.ts: embedded PGlite, or a new database on
// TEST_DATABASE_URL's server). At the end: the pool count, the import's report, every stored row counted, and no
// plaintext of sampled codes anywhere in the sealed bytes (the same search finds them in the baseline table).
//
//   npm run bench:code-import -w @benefits-hub/bench
//   BENCH_CODES=100000 npm run bench:code-import -w @benefits-hub/bench          (a quick run)
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm run bench:code-import -w @benefits-hub/bench
//   knobs: BENCH_CODES (1000000) BENCH_BATCH (2000) BENCH_ORDER (baseline,importer) BENCH_MAX_OLD_SPACE_MB (unset)
import { createHash, createSecretKey, randomBytes, randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { pipeline } from "node:stream/promises";
import type { MemberIdentity } from "@benefits-hub/platform";
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import { SeedBuilder } from "../prisma/seed/builders";
import { CodeKeyRing, open, seal } from "../subgraphs/catalog/src/crypto/key-ring";
import { parseExpiry } from "../subgraphs/catalog/src/domain/codes/code-csv";
import { IMPORT_BATCH_ROWS } from "../subgraphs/catalog/src/domain/codes/code-importer";
import { codeAad, decodeSecret, encodeSecret } from "../subgraphs/catalog/src/domain/codes/sealed-code";
import { testSecrets } from "../test/support/secrets";
import { Child } from "./child";
import type { ImportChildMessage, ImportDone, ImportStart } from "./code-import-process";
import type { DatabaseChildMessage, DatabaseParentMessage, DatabaseStats } from "./database-process";
import {
  busyCores,
  fmt,
  log,
  machine as describeMachine,
  machineCpu,
  positiveInt,
  redact,
  round,
  table,
  writeResults,
} from "./report";

// ---------------------------------------------------------------- settings

type Mode = ImportStart["mode"];
const order = (process.env.BENCH_ORDER ?? "baseline,importer").split(",").map((m) => m.trim());
if (order.length !== 2 || !order.includes("baseline") || !order.includes("importer")) {
  throw new Error(`BENCH_ORDER must be "baseline,importer" or "importer,baseline", got "${process.env.BENCH_ORDER}"`);
}
const settings = {
  codes: positiveInt("BENCH_CODES", 1_000_000),
  batchRows: positiveInt("BENCH_BATCH", IMPORT_BATCH_ROWS),
  order: order as Mode[],
  /** BENCH_MAX_OLD_SPACE_MB: caps each phase's V8 old space (streaming should fit a small heap whatever the file). */
  maxOldSpaceMiB: process.env.BENCH_MAX_OLD_SPACE_MB ? positiveInt("BENCH_MAX_OLD_SPACE_MB", 0) : null,
  /** Codes decrypted and searched for row by row after the import. */
  sampledRows: 50,
  /** Of those, codes searched for in every sealed value of the pool (a full scan each). */
  scannedCodes: 5,
};
if (settings.codes > 36 ** 6) throw new Error(`BENCH_CODES is at most ${36 ** 6} (the code's unique prefix)`);

// ---------------------------------------------------------------- the CSV, generated as a stream

/** A run's codes: unique by construction (the row number in base 36 leads), the rest looks random. */
class CodeFile {
  constructor(private readonly seed: string) {}

  /** The n-th data row (0-based); the file's line is n + 2 (the header is line 1). */
  row(n: number): { code: string; pin: string | null; expires: string | null } {
    const hash = createHash("sha256").update(this.seed).update(String(n)).digest();
    const code = n.toString(36).toUpperCase().padStart(6, "0") + hash.toString("base64url").slice(0, 14);
    const pin = n % 2 === 0 ? String(hash.readUInt32BE(12) % 1_000_000).padStart(6, "0") : null;
    // Every 3rd row expires: a day (to its end, China time) or a timestamp with a zone, 2028 to 2030.
    const year = 2028 + (n % 3);
    const expires = n % 3 !== 0 ? null : n % 2 === 0 ? `${year}-06-30` : `${year}-12-31T23:59:59+08:00`;
    return { code, pin, expires };
  }

  /** The whole file as a stream of chunks of 1,000 lines, generated as it is read; `onRows` counts them. */
  stream(rows: number, onRows: (n: number, bytes: number) => void): Readable {
    const row = (n: number) => this.row(n);
    let next = 0;
    let bytes = 0;
    let header = true;
    return new Readable({
      highWaterMark: 256 * 1024,
      read() {
        let more = true;
        while (more) {
          if (next >= rows) {
            this.push(null);
            return;
          }
          const lines: string[] = header ? ["code,pin,expires_at"] : [];
          header = false;
          const end = Math.min(rows, next + 1_000);
          for (; next < end; next++) {
            const r = row(next);
            lines.push(`${r.code},${r.pin ?? ""},${r.expires ?? ""}`);
          }
          const chunk = lines.join("\n") + "\n";
          bytes += Buffer.byteLength(chunk);
          onRows(next, bytes);
          more = this.push(chunk);
        }
      },
    });
  }
}

const mib = (bytes: number) => round(bytes / 2 ** 20, 0);

// ---------------------------------------------------------------- one phase

type Database = Child<DatabaseParentMessage, DatabaseChildMessage>;

interface Phase {
  mode: Mode;
  done: ImportDone;
  rowsPerSecond: number;
  /** CPU of the importing process per row (µs), and in cores over the phase. */
  cpuUsPerRow: number;
  cpuCores: number;
  /** Size of the CSV file sent. */
  csvBytes: number;
  /** This process (the CSV generator) during the phase, in cores. */
  generatorCpuCores: number;
  /** The database's own process (embedded only): CPU in cores over the phase, and its peak RSS so far. */
  database: { cpuCores: number; cpuUsPerRow: number; maxRssMiB: number } | null;
  machineCpuCores: number | null;
  loadAverage1m: number;
}

async function runPhase(
  mode: Mode,
  file: CodeFile,
  database: Database,
  embedded: boolean,
  start: Omit<ImportStart, "mode" | "type">,
) {
  const before = (await database.ask({ type: "stats" }, "stats")) as DatabaseStats;
  const machineBefore = await machineCpu();
  if (process.env.BENCH_PROFILE) await mkdir(new URL("./results/profiles/", import.meta.url), { recursive: true });
  const child = Child.start<ImportStart, ImportChildMessage>(`${mode} process`, "./code-import-process.ts", {
    stdin: "pipe",
    execArgv: [
      ...(settings.maxOldSpaceMiB ? [`--max-old-space-size=${settings.maxOldSpaceMiB}`] : []),
      // BENCH_PROFILE=1: a V8 CPU profile of each phase's process, written when it exits.
      ...(process.env.BENCH_PROFILE
        ? ["--cpu-prof", `--cpu-prof-dir=${fileURLToPath(new URL("./results/profiles/", import.meta.url))}`]
        : []),
    ],
  });
  try {
    const running = child.next("running", 120_000);
    const done = child.next("done", Infinity);
    done.catch(() => {});
    child.send({ type: "start", mode, ...start });
    await running;

    log(`${mode}: streaming ${settings.codes.toLocaleString("en")} rows into pid ${child.pid} ...`);
    const ownBefore = process.cpuUsage();
    const started = performance.now();
    let generated = 0;
    let csvBytes = 0;
    let lastReport = started;
    const csv = file.stream(settings.codes, (n, bytes) => {
      generated = n;
      csvBytes = bytes;
      const now = performance.now();
      if (now - lastReport >= 15_000) {
        lastReport = now;
        log(`${mode}: ${n.toLocaleString("en")} rows handed over (${fmt(n / ((now - started) / 1000), 0)} rows/s)`);
      }
    });
    // A child that dies breaks the pipe (EPIPE); its exit (code, signal) is the error worth reporting, so the
    // pipe's own error is kept for last.
    const piped = pipeline(csv, child.process.stdin!).then(
      () => null,
      (error: unknown) => error,
    );
    const result = await done;
    const pipeError = await piped;
    if (pipeError) throw pipeError;
    const ownWallUs = (performance.now() - started) * 1000;
    const own = process.cpuUsage(ownBefore);
    const machineAfter = await machineCpu();
    const after = (await database.ask({ type: "stats" }, "stats")) as DatabaseStats;
    if (generated !== settings.codes) throw new Error(`${mode}: generated ${generated} rows`);

    const wallUs = result.wallMs * 1000;
    const cpuUs = result.cpu.user + result.cpu.system;
    const dbCpuUs = after.cpu.user + after.cpu.system - (before.cpu.user + before.cpu.system);
    const phase: Phase = {
      mode,
      done: result,
      rowsPerSecond: round(settings.codes / (result.wallMs / 1000), 0),
      csvBytes,
      cpuUsPerRow: round(cpuUs / settings.codes, 2),
      cpuCores: round(cpuUs / wallUs, 2),
      generatorCpuCores: round((own.user + own.system) / ownWallUs, 2),
      database: embedded
        ? {
            cpuCores: round(dbCpuUs / ((after.at - before.at) * 1000), 2),
            cpuUsPerRow: round(dbCpuUs / settings.codes, 2),
            maxRssMiB: round(after.maxRssKiB / 1024, 0),
          }
        : null,
      machineCpuCores: busyCores(machineBefore, machineAfter),
      loadAverage1m: round(os.loadavg()[0]!, 2),
    };
    log(
      `${mode}: ${result.storedRows.toLocaleString("en")} rows in ${fmt(result.wallMs / 1000)} s = ` +
        `${phase.rowsPerSecond.toLocaleString("en")} rows/s; peak RSS ${mib(result.memory.peakRssBytes)} MiB ` +
        `(maxRSS ${round(result.memory.maxRssKiB / 1024, 0)} MiB)`,
    );
    return phase;
  } finally {
    // It exits by itself once its figures are sent (and writes its BENCH_PROFILE profile then).
    if (!(await child.exited(30_000))) await child.stop();
  }
}

// ---------------------------------------------------------------- the importer's crypto alone

/**
 * What the importer does per code besides parsing and SQL, in a tight loop here (after the phases, so nothing else
 * of the benchmark runs): an id, the HMAC fingerprint, the AES-256-GCM seal of {code, PIN} bound to id and SKU.
 */
function cryptoAlone(file: CodeFile, skuId: string, keyRing: CodeKeyRing): { rows: number; cpuUsPerRow: number } {
  const dataKey = createSecretKey(keyRing.newDataKey().key);
  const rows = Math.min(settings.codes, 100_000);
  const inputs = Array.from({ length: rows }, (_, n) => file.row(n));
  const run = (count: number) => {
    for (let n = 0; n < count; n++) {
      const { code, pin } = inputs[n]!;
      const id = randomUUID();
      keyRing.fingerprint(code);
      seal(dataKey, encodeSecret(code, pin), codeAad(id, skuId));
    }
  };
  run(Math.min(rows, 5_000));
  const before = process.cpuUsage();
  run(rows);
  const used = process.cpuUsage(before);
  return { rows, cpuUsPerRow: round((used.user + used.system) / rows, 2) };
}

// ---------------------------------------------------------------- checks after the import

interface Verification {
  poolAvailable: number;
  availableCodes: number;
  baselineRows: number;
  importRow: {
    status: string;
    processedRows: number;
    importedRows: number;
    rejectedRows: number;
    error: string | null;
  };
  /** Sampled rows decrypted and compared with the generated code, PIN and expiry. */
  sampled: number;
  sampleMismatches: number;
  /** Sampled plaintexts (code or PIN) found in their own row's sealed value or fingerprint. */
  plaintextInOwnRow: number;
  /** Sampled codes found anywhere in the pool's sealed values and fingerprints (full scans). */
  scanned: number;
  plaintextInPool: number;
  /** Control: the same search over the baseline's plaintext column finds each scanned code once. */
  controlFound: number;
  /** Sampled codes or PINs in the import rows (report, error) or the catalog audit entries. */
  plaintextInImportOrAudit: number;
  ok: boolean;
}

async function verify(
  db: PrismaClient,
  file: CodeFile,
  skuId: string,
  importId: string,
  keyRing: CodeKeyRing,
): Promise<Verification> {
  const [sku] = await db.$queryRaw<{ pool: number }[]>`
    SELECT pool_available AS pool FROM catalog.sku WHERE id = ${skuId}::uuid`;
  const [codes] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM catalog.card_code WHERE sku_id = ${skuId}::uuid AND state = 'AVAILABLE'`;
  const [plain] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM bench_plain_code`;
  const job = await db.codeImport.findUniqueOrThrow({ where: { id: importId } });

  // Rows to sample: the first, the last, and random ones in between.
  const picks = new Set([0, settings.codes - 1]);
  while (picks.size < Math.min(settings.sampledRows, settings.codes)) {
    picks.add(randomBytes(4).readUInt32BE() % settings.codes);
  }
  const samples = [...picks].map((n) => ({ n, line: n + 2, ...file.row(n) }));
  const rows = await db.$queryRaw<
    {
      id: string;
      line: number;
      sealed: Buffer;
      fingerprint: Buffer;
      expiresAt: Date | null;
      master: string;
      wrapped: Buffer;
    }[]
  >`
    SELECT c.id::text, c.source_row AS line, c.sealed, c.fingerprint, c.expires_at AS "expiresAt",
           k.master_key_id AS master, k.wrapped_key AS wrapped
    FROM catalog.card_code c JOIN catalog.data_key k ON k.id = c.data_key_id
    WHERE c.import_id = ${importId}::uuid AND c.source_row = ANY(${samples.map((s) => s.line)}::int[])`;
  const byLine = new Map(rows.map((r) => [r.line, r]));
  let mismatches = 0;
  let inOwnRow = 0;
  for (const sample of samples) {
    const row = byLine.get(sample.line);
    if (!row) {
      mismatches++;
      continue;
    }
    const sealed = Buffer.from(row.sealed);
    const fingerprint = Buffer.from(row.fingerprint);
    const secrets = [sample.code, sample.pin].filter((s): s is string => s !== null).map((s) => Buffer.from(s));
    if (secrets.some((s) => sealed.includes(s) || fingerprint.includes(s))) inOwnRow++;
    const key = keyRing.unwrapDataKey(row.master, Buffer.from(row.wrapped));
    const opened = decodeSecret(open(key, sealed, codeAad(row.id, skuId)));
    key.fill(0);
    const expires = sample.expires ? parseExpiry(sample.expires)!.getTime() : null;
    if (opened.code !== sample.code || opened.pin !== sample.pin || (row.expiresAt?.getTime() ?? null) !== expires) {
      mismatches++;
    }
  }

  const scannedBytes = samples.slice(0, settings.scannedCodes).map((s) => Buffer.from(s.code));
  log(`verify: scanning ${scannedBytes.length} codes through every sealed value and fingerprint of the pool ...`);
  const [pool] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM catalog.card_code c, unnest(${scannedBytes}::bytea[]) AS s(b)
    WHERE position(s.b IN c.sealed) > 0 OR position(s.b IN c.fingerprint) > 0`;
  const [control] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM bench_plain_code c, unnest(${scannedBytes}::bytea[]) AS s(b)
    WHERE position(s.b IN convert_to(c.code, 'UTF8')) > 0`;

  const small = await db.$queryRaw<{ row: string }[]>`
    SELECT t::text AS row FROM catalog.code_import t
    UNION ALL SELECT t::text FROM catalog.audit_entry t`;
  const text = small.map((r) => r.row).join("\n");
  const leaked = samples.filter(
    (s) =>
      text.includes(s.code) || text.includes(Buffer.from(s.code).toString("hex")) || (s.pin && text.includes(s.pin)),
  ).length;

  const importRow = {
    status: job.status,
    processedRows: job.processedRows,
    importedRows: job.importedRows,
    rejectedRows: job.rejectedRows,
    error: job.error,
  };
  const result = {
    poolAvailable: sku!.pool,
    availableCodes: codes!.n,
    baselineRows: plain!.n,
    importRow,
    sampled: samples.length,
    sampleMismatches: mismatches,
    plaintextInOwnRow: inOwnRow,
    scanned: scannedBytes.length,
    plaintextInPool: pool!.n,
    controlFound: control!.n,
    plaintextInImportOrAudit: leaked,
  };
  return {
    ...result,
    ok:
      result.poolAvailable === settings.codes &&
      result.availableCodes === settings.codes &&
      result.baselineRows === settings.codes &&
      importRow.status === "SUCCEEDED" &&
      importRow.processedRows === settings.codes &&
      importRow.importedRows === settings.codes &&
      importRow.rejectedRows === 0 &&
      mismatches === 0 &&
      inOwnRow === 0 &&
      result.plaintextInPool === 0 &&
      result.controlFound === scannedBytes.length &&
      leaked === 0,
  };
}

// ---------------------------------------------------------------- main

async function main() {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const databaseLabel = databaseUrl
    ? `PostgreSQL (${redact(databaseUrl)}), a new database`
    : "embedded PGlite (in a child process of its own)";
  const machine = describeMachine();
  log(`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}`);
  log(`load average at start: ${machine.loadAverageAtStart.join(" ")}`);
  log(`database: ${databaseLabel}; starting it ...`);

  const database: Database = Child.start("database process", "./database-process.ts");
  process.once("SIGINT", () => void database.stop({ type: "stop" }).then(() => process.exit(130)));
  let db: PrismaClient | undefined;
  try {
    const ready = await database.next("ready", 300_000);
    db = createPrisma({ url: ready.url, poolSize: 2 });

    // One CODE_POOL SKU, a platform operator, and the baseline's table.
    const seed = new SeedBuilder(db);
    const tenant = await seed.tenant({ slug: "bench-platform", name: "Bench platform" });
    const operatorRow = await seed.member({ tenantId: tenant.id, role: "PLATFORM_OPERATOR" });
    const benefit = await seed.benefit({
      name: "星巴克 中杯拿铁 (bench)",
      nameEn: "Starbucks tall latte (bench)",
      skus: [],
    });
    const sku = await seed.sku({ benefitId: benefit.id, fulfilmentKind: "CARD_CODE", faceValueFen: 3000 });
    if (sku.stockSource !== "CODE_POOL") throw new Error(`the SKU's stock source is ${sku.stockSource}`);
    const operator: MemberIdentity = {
      kind: "member",
      tenantId: tenant.id,
      memberId: operatorRow.id,
      role: "PLATFORM_OPERATOR",
      orgUnitId: operatorRow.orgUnitId,
    };
    // The card_code table's indexes (primary key, unique fingerprint -> unique code, unique entitlement, the
    // allocation index), with the plaintext in place of the sealed value and the fingerprint.
    await db.$executeRawUnsafe(`
      CREATE TABLE bench_plain_code (
        id uuid PRIMARY KEY,
        sku_id uuid NOT NULL,
        state text NOT NULL DEFAULT 'AVAILABLE',
        code text NOT NULL UNIQUE,
        pin text,
        expires_at timestamptz,
        source_row int,
        entitlement_id uuid UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.$executeRawUnsafe(`CREATE INDEX ON bench_plain_code (sku_id, state, expires_at)`);

    const codeKeys = testSecrets().codeKeys;
    const file = new CodeFile(randomBytes(16).toString("hex"));
    const common = { url: ready.url, skuId: sku.id, operator, codeKeys, batchRows: settings.batchRows };
    const phases: Partial<Record<Mode, Phase>> = {};
    for (const mode of settings.order) {
      phases[mode] = await runPhase(mode, file, database, ready.embedded, common);
    }
    const importer = phases.importer!;
    const baseline = phases.baseline!;

    log("crypto alone: fingerprint and seal in a loop in this process ...");
    const crypto = cryptoAlone(file, sku.id, CodeKeyRing.fromConfig(codeKeys));
    log("verify: counts, sampled codes decrypted, plaintext searches ...");
    const verification = await verify(db, file, sku.id, importer.done.importRow!.id, CodeKeyRing.fromConfig(codeKeys));

    // ---- output
    const rows = settings.order.map((mode) => {
      const p = phases[mode]!;
      const m = p.done.memory;
      return [
        mode,
        p.done.storedRows.toLocaleString("en"),
        fmt(p.done.wallMs / 1000),
        p.rowsPerSecond.toLocaleString("en"),
        String(mib(m.startRssBytes)),
        String(mib(m.peakRssBytes)),
        String(round(m.maxRssKiB / 1024, 0)),
        String(mib(m.peakHeapUsedBytes)),
        fmt(p.cpuUsPerRow),
        fmt(p.cpuCores, 2),
        fmt(p.done.eventLoopUtilisation, 2),
        fmt(p.generatorCpuCores, 2),
        p.database
          ? `${fmt(p.database.cpuUsPerRow)} / ${fmt(p.database.cpuCores, 2)} / ${p.database.maxRssMiB}`
          : "n/a",
        p.machineCpuCores === null ? "n/a" : fmt(p.machineCpuCores, 2),
        fmt(p.loadAverage1m, 2),
      ];
    });
    const ratios = {
      rowsPerSecond: round(importer.rowsPerSecond / baseline.rowsPerSecond, 2),
      wall: round(importer.done.wallMs / baseline.done.wallMs, 2),
      peakRss: round(importer.done.memory.peakRssBytes / baseline.done.memory.peakRssBytes, 2),
      cpuPerRow: round(importer.cpuUsPerRow / baseline.cpuUsPerRow, 2),
      addedCpuUsPerRow: round(importer.cpuUsPerRow - baseline.cpuUsPerRow, 2),
      /** Embedded only: the importing process and the database together. */
      cpuPerRowWithDatabase:
        importer.database && baseline.database
          ? round(
              (importer.cpuUsPerRow + importer.database.cpuUsPerRow) /
                (baseline.cpuUsPerRow + baseline.database.cpuUsPerRow),
              2,
            )
          : null,
    };
    const command =
      [
        `BENCH_CODES=${settings.codes}`,
        ...(settings.batchRows !== IMPORT_BATCH_ROWS ? [`BENCH_BATCH=${settings.batchRows}`] : []),
        ...(settings.order[0] !== "baseline" ? [`BENCH_ORDER=${settings.order.join(",")}`] : []),
        ...(settings.maxOldSpaceMiB ? [`BENCH_MAX_OLD_SPACE_MB=${settings.maxOldSpaceMiB}`] : []),
        ...(databaseUrl ? [`TEST_DATABASE_URL=${redact(databaseUrl)}`] : []),
      ].join(" ") + " npm run bench:code-import -w @benefits-hub/bench";

    const out: string[] = [];
    out.push("");
    out.push(`Card-code import: ${new Date().toISOString()}`);
    out.push(
      `machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}`,
    );
    out.push(`database: ${databaseLabel}`);
    out.push(
      `file: ${settings.codes.toLocaleString("en")} codes, ${fmt(importer.csvBytes / 2 ** 20)} MiB (20 characters; a 6-digit PIN on every 2nd row, an expiry on ` +
        `every 3rd), generated as a stream in this process and piped into each phase's own process; batches of ` +
        `${settings.batchRows.toLocaleString("en")} rows; phases in this order: ${settings.order.join(", ")}` +
        (settings.maxOldSpaceMiB ? `; each phase's V8 old space capped at ${settings.maxOldSpaceMiB} MiB` : ""),
    );
    out.push(
      "  importer  CodeImporter.run(): validate, HMAC fingerprint, AES-256-GCM seal per code, unnest INSERT per batch in a " +
        "transaction with the pool count and progress",
    );
    out.push(
      "  baseline  the same CSV reader, then plain unnest INSERTs into a table with the same indexes (plaintext code): no " +
        "fingerprint, no encryption, no transaction",
    );
    out.push(
      "columns: RSS = resident memory of the phase's process (at start / peak sampled every 50 ms / maxRSS from " +
        "process.resourceUsage(), start-up included); CPU = that process's CPU time per row and over wall time (1.00 = one " +
        "core); generator CPU = this process; database = the embedded database's process (CPU time per row / over wall time / peak RSS MiB); " +
        "machine CPU = busy cores of the whole machine",
    );
    out.push("");
    out.push(
      table(
        [
          "phase",
          "rows",
          "wall s",
          "rows/s",
          "RSS start MiB",
          "RSS peak MiB",
          "maxRSS MiB",
          "heap peak MiB",
          "CPU us/row",
          "CPU cores",
          "ELU",
          "generator CPU",
          "database CPU us/row / cores / MiB",
          "machine CPU",
          "load 1m",
        ],
        rows,
      ),
    );
    out.push("");
    out.push(
      table(
        [
          "importer / baseline",
          "rows/s",
          "wall",
          "RSS peak",
          "CPU per row",
          "added CPU us/row",
          "CPU per row with the database",
        ],
        [
          [
            "ratio",
            `${fmt(ratios.rowsPerSecond, 2)}x`,
            `${fmt(ratios.wall, 2)}x`,
            `${fmt(ratios.peakRss, 2)}x`,
            `${fmt(ratios.cpuPerRow, 2)}x`,
            fmt(ratios.addedCpuUsPerRow),
            ratios.cpuPerRowWithDatabase === null ? "n/a" : `${fmt(ratios.cpuPerRowWithDatabase, 2)}x`,
          ],
        ],
      ),
    );
    out.push(
      `of the added CPU: id + HMAC fingerprint + AES-256-GCM seal alone cost ${fmt(crypto.cpuUsPerRow)} us per code ` +
        `(a loop over ${crypto.rows.toLocaleString("en")} codes in this process); the rest is the importer's SQL ` +
        `(bytea arrays through Prisma and pg), transactions and bookkeeping`,
    );
    out.push("");
    const v = verification;
    out.push(
      `verify: pool count ${v.poolAvailable.toLocaleString("en")}, available codes ${v.availableCodes.toLocaleString("en")}, ` +
        `baseline rows ${v.baselineRows.toLocaleString("en")}; import ${v.importRow.status} processed ` +
        `${v.importRow.processedRows.toLocaleString("en")} imported ${v.importRow.importedRows.toLocaleString("en")} ` +
        `rejected ${v.importRow.rejectedRows}`,
    );
    out.push(
      `verify: ${v.sampled} sampled rows decrypted, ${v.sampleMismatches} mismatches (code, PIN, expiry); ` +
        `plaintext in their own sealed value or fingerprint: ${v.plaintextInOwnRow}; ${v.scanned} codes searched ` +
        `through every sealed value and fingerprint of the pool: ${v.plaintextInPool} found (control: the same search ` +
        `found ${v.controlFound} of ${v.scanned} in the baseline's plaintext column); in import rows and audit ` +
        `entries: ${v.plaintextInImportOrAudit} -> ${v.ok ? "OK" : "FAILED"}`,
    );
    out.push("");
    out.push(`reproduce: ${command}`);

    const resultsFile = await writeResults("code-import", {
      benchmark: "code-import",
      at: new Date().toISOString(),
      ok: verification.ok,
      machine,
      database: databaseUrl ? { kind: "postgresql", url: redact(databaseUrl) } : { kind: "embedded" },
      settings,
      topology:
        "CSV generator in the parent; each phase in a child process reading the CSV on stdin; database in another child process (embedded) or the PostgreSQL server",
      command,
      phases,
      ratios,
      cryptoAlone: crypto,
      verification,
    });
    out.push(`results: ${resultsFile}`);
    console.log(out.join("\n"));
    if (!verification.ok) {
      console.error(`\nBENCHMARK FAILED: the import is not what was sent (see "verify" above).`);
      process.exitCode = 1;
    }
  } finally {
    await db?.$disconnect();
    await database.stop({ type: "stop" });
  }
}

main().catch((error) => {
  console.error("\nBENCHMARK FAILED:", error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
