// The importing side of bench/code-import.ts, one child process per measured
// phase, so that the peak resident memory it reports is that phase's alone.
// It reads the card-code CSV from its stdin, which the parent writes as it
// generates it (backpressure end to end: the parent generates only as fast as
// this process consumes). Modes:
//   importer  CodeImporter.run(stdin, skuId, operator): validate, dedupe (HMAC fingerprints), seal each code
//             (AES-256-GCM), one unnest INSERT per batch in a transaction with the pool count and progress
//   baseline  the same CSV reader (readCodeCsv: parse and validate), then the rows inserted plainly into
//             bench_plain_code with one unnest INSERT per batch of the same size: no fingerprint, no encryption,
//             no transaction, no dedupe, no progress (the next batch is parsed while the previous one inserts,
//             as the importer seals the next one)
// Over the fork() IPC channel:
//   <- { type: "start", ... }   -> { type: "running" } when it starts reading stdin,
//                                  { type: "done", ... } with its figures once everything is committed
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { createLogger, createInProcessPubSub, type MemberIdentity } from "@benefits-hub/platform";
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import { CodeKeyRing } from "../subgraphs/catalog/src/crypto/key-ring";
import { CardCodeRepository } from "../subgraphs/catalog/src/data/codes/card-code.repository";
import { CodeImporter } from "../subgraphs/catalog/src/domain/codes/code-importer";
import { readCodeCsv, type CodeRow } from "../subgraphs/catalog/src/domain/codes/code-csv";

export interface ImportStart {
  type: "start";
  mode: "importer" | "baseline";
  url: string;
  skuId: string;
  operator: MemberIdentity;
  codeKeys: { masterKeys: string; fingerprintKey: string };
  batchRows: number;
}

export interface ImportDone {
  type: "done";
  mode: ImportStart["mode"];
  /** From the call (importer: run(), which first checks the SKU and creates the import row) to the last commit. */
  wallMs: number;
  /** Rows stored (importer: importedRows). */
  storedRows: number;
  /** The importer's own account (null for the baseline). */
  importRow: {
    id: string;
    status: string;
    processedRows: number;
    importedRows: number;
    rejectedRows: number;
    error: string | null;
  } | null;
  /** Rows the baseline's CSV reader rejected (should be 0). */
  baselineProblems: number;
  memory: {
    /** Resident set when the phase started (after the database client connected). */
    startRssBytes: number;
    /** Highest resident set sampled every 50 ms during the phase. */
    peakRssBytes: number;
    peakHeapUsedBytes: number;
    /** process.resourceUsage().maxRSS at the end: the process's peak, start-up included (KiB). */
    maxRssKiB: number;
    samples: number;
  };
  /** CPU time of this process during the phase (µs), and its event-loop utilisation. */
  cpu: NodeJS.CpuUsage;
  eventLoopUtilisation: number;
}

export type ImportChildMessage = { type: "running" } | ImportDone | { type: "error"; message: string };

if (!process.send) {
  console.error("bench/code-import-process.ts is meant to be started by bench/code-import.ts (fork with IPC)");
  process.exit(2);
}
const send = (message: ImportChildMessage) =>
  new Promise<void>((resolve) => process.send!(message, undefined, undefined, () => resolve()));

process.on("disconnect", () => process.exit(0));

process.once("message", (start: ImportStart) => {
  run(start).catch(async (error) => {
    await send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  });
});

async function run(start: ImportStart) {
  const db = createPrisma({ url: start.url, poolSize: 4 });
  await db.$queryRaw`SELECT 1`;
  const log = createLogger("bench-code-import", process.env.TEST_LOG_LEVEL ?? "silent");
  const pubsub = createInProcessPubSub();

  const startRssBytes = process.memoryUsage.rss();
  let peakRssBytes = startRssBytes;
  let peakHeapUsedBytes = process.memoryUsage().heapUsed;
  let samples = 0;
  const sampler = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    peakRssBytes = Math.max(peakRssBytes, rss);
    peakHeapUsedBytes = Math.max(peakHeapUsedBytes, heapUsed);
    samples++;
  }, 50);

  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  const started = performance.now();
  await send({ type: "running" });
  let storedRows: number;
  let importRow: ImportDone["importRow"] = null;
  let baselineProblems = 0;
  if (start.mode === "importer") {
    const importer = new CodeImporter(new CardCodeRepository(db), CodeKeyRing.fromConfig(start.codeKeys), pubsub, log, {
      batchRows: start.batchRows,
    });
    const result = await importer.run(process.stdin, start.skuId, start.operator);
    if (!("status" in result)) throw new Error(`the importer refused the SKU: ${result.code} ${result.message}`);
    storedRows = result.importedRows;
    importRow = {
      id: result.id,
      status: result.status,
      processedRows: result.processedRows,
      importedRows: result.importedRows,
      rejectedRows: result.rejectedRows,
      error: result.error,
    };
  } else {
    ({ storedRows, problems: baselineProblems } = await baseline(db, start));
  }
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const elu = performance.eventLoopUtilization(eluBefore);
  clearInterval(sampler);
  const { rss, heapUsed } = process.memoryUsage();
  peakRssBytes = Math.max(peakRssBytes, rss);
  peakHeapUsedBytes = Math.max(peakHeapUsedBytes, heapUsed);

  await send({
    type: "done",
    mode: start.mode,
    wallMs,
    storedRows,
    importRow,
    baselineProblems,
    memory: {
      startRssBytes,
      peakRssBytes,
      peakHeapUsedBytes,
      maxRssKiB: process.resourceUsage().maxRSS,
      samples,
    },
    cpu,
    eventLoopUtilisation: elu.utilization,
  });
  await db.$disconnect();
  await pubsub.close();
  process.exit(0);
}

/** The floor: parse and validate as the importer does, then plain unnest inserts of the same batch size. */
async function baseline(db: PrismaClient, start: ImportStart): Promise<{ storedRows: number; problems: number }> {
  let rows: CodeRow[] = [];
  let problems = 0;
  let stored = 0;
  let pending: Promise<void> | undefined;
  const insert = async (batch: CodeRow[]) => {
    stored += await db.$executeRaw`
      INSERT INTO bench_plain_code (id, sku_id, code, pin, expires_at, source_row)
      SELECT t.id, ${start.skuId}::uuid, t.code, t.pin, t.expires_at, t.source_row
      FROM unnest(
        ${batch.map(() => randomUUID())}::uuid[],
        ${batch.map((r) => r.code)}::text[],
        ${batch.map((r) => r.pin)}::text[],
        ${batch.map((r) => r.expiresAt)}::timestamptz[],
        ${batch.map((r) => r.row)}::int[]
      ) AS t(id, code, pin, expires_at, source_row)`;
  };
  const flush = async () => {
    const batch = rows;
    rows = [];
    await pending;
    pending = insert(batch);
    pending.catch(() => {});
  };
  try {
    for await (const item of readCodeCsv(process.stdin)) {
      if ("problem" in item) problems++;
      else rows.push(item.row);
      if (rows.length >= start.batchRows) await flush();
    }
    if (rows.length > 0) await flush();
  } finally {
    await pending;
  }
  return { storedRows: stored, problems };
}
