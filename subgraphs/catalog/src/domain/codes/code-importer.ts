// Card-code imports: the CSV is read as a stream, validated and deduplicated
// in batches, each code sealed on its own (AES-256-GCM under a data key,
// bound to its id and SKU) and fingerprinted (HMAC), then each batch is
// inserted with one statement and counted into the SKU's pool in one
// transaction. Sealing the next batch overlaps the insert of the previous one.
// A batch is all or nothing; an import that stops half way keeps its
// committed batches (uploading the file again reports them as already in the
// pool). Neither codes nor PINs are ever logged or written to a report.
import { randomUUID, createSecretKey, type KeyObject } from "node:crypto";
import type { Readable } from "node:stream";
import type { HubPubSub, Logger, MemberIdentity } from "@benefits-hub/platform";
import { CatalogAuditRepository } from "../../data/audit.repository";
import type {
  CardCodeRepository,
  CodeImportRow,
  ImportProblem,
  SealedCodeRow,
} from "../../data/codes/card-code.repository";
import { seal, type CodeKeyRing } from "../../crypto/key-ring";
import { auditActor } from "../audit";
import { evaluateLowStock, publishLowStockChange, type LowStockChange } from "../stock/low-stock";
import { CsvFatalError, readCodeCsv, UploadInterrupted, type CodeRow, type RowProblem } from "./code-csv";
import { codeAad, encodeSecret } from "./sealed-code";

export const IMPORT_BATCH_ROWS = 2_000;
/** A new data key after this many codes, so one key never seals an unbounded number of them. */
export const CODES_PER_DATA_KEY = 100_000;
export const MAX_REPORTED_PROBLEMS = 1_000;
export const ABANDONED_MESSAGE =
  "The import was interrupted (its service instance stopped); batches committed before that stay in the pool";
/** A running import touches its heartbeat this often (and at every batch). */
export const HEARTBEAT_MS = 20_000;
/** Without a heartbeat for this long, a RUNNING import has lost its process. */
export const ABANDONED_AFTER_MS = 3 * HEARTBEAT_MS;

export type ImportRefusal = { code: "NOT_FOUND" | "NOT_A_CODE_SKU"; message: string };

/** The counts of an import so far, after each committed batch. */
export interface ImportProgress {
  importId: string;
  processedRows: number;
  importedRows: number;
  rejectedRows: number;
}

export interface ImportObserver {
  /** The import row exists (before any row of the file is read). */
  started?(importId: string): void;
  /** A batch committed. */
  progress?(progress: ImportProgress): void;
}

interface Batch {
  rows: CodeRow[];
  problems: RowProblem[];
  size: number;
}

interface SealedBatch {
  sealed: SealedCodeRow[];
  problems: RowProblem[];
  size: number;
  dataKeyId: string;
}

export class CodeImporter {
  private readonly running = new Set<Promise<unknown>>();
  private readonly audit = new CatalogAuditRepository();

  constructor(
    private readonly codes: CardCodeRepository,
    private readonly keyRing: CodeKeyRing,
    private readonly pubsub: HubPubSub,
    private readonly log: Logger,
    private readonly options: { batchRows?: number; codesPerDataKey?: number } = {},
  ) {}

  /** Checks the SKU before any byte of the file is read. */
  async checkSku(skuId: string): Promise<ImportRefusal | null> {
    const sku = await this.codes.sku(skuId);
    if (!sku) return { code: "NOT_FOUND", message: "No SKU with this id" };
    if (sku.stockSource !== "CODE_POOL") {
      return { code: "NOT_A_CODE_SKU", message: "Only SKUs whose stock is a code pool take card-code imports" };
    }
    if (sku.archived) return { code: "NOT_A_CODE_SKU", message: "The SKU is archived" };
    return null;
  }

  /** Imports `input` into the SKU's pool; resolves with the finished import (SUCCEEDED or FAILED). */
  async run(
    input: Readable,
    skuId: string,
    viewer: MemberIdentity,
    observer: ImportObserver = {},
  ): Promise<CodeImportRow | ImportRefusal> {
    const refusal = await this.checkSku(skuId);
    if (refusal) return refusal;
    const job = await this.codes.createImport(skuId, viewer.memberId);
    observer.started?.(job.id);
    const work = new ImportRun(this, job.id, skuId, viewer, observer).execute(input);
    this.running.add(work);
    try {
      return await work;
    } finally {
      this.running.delete(work);
    }
  }

  /** Imports left RUNNING by a process that died (on this instance or another) are marked FAILED. */
  async failAbandoned(now = new Date()): Promise<void> {
    const count = await this.codes.failAbandoned(ABANDONED_MESSAGE, new Date(now.getTime() - ABANDONED_AFTER_MS));
    if (count > 0) this.log.warn({ count }, "card-code imports interrupted by a restart marked FAILED");
  }

  /** Waits for the imports in flight (on shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /** @internal */
  get deps() {
    return { codes: this.codes, keyRing: this.keyRing, pubsub: this.pubsub, log: this.log, audit: this.audit };
  }
  /** @internal */
  get batchRows() {
    return this.options.batchRows ?? IMPORT_BATCH_ROWS;
  }
  /** @internal */
  get codesPerDataKey() {
    return this.options.codesPerDataKey ?? CODES_PER_DATA_KEY;
  }
}

class ImportRun {
  private processedRows = 0;
  private importedRows = 0;
  private rejectedRows = 0;
  private readonly report: ImportProblem[] = [];
  private dataKey: { id: string; key: KeyObject; used: number } | null = null;
  private readonly aadSku: string;

  constructor(
    private readonly importer: CodeImporter,
    private readonly importId: string,
    private readonly skuId: string,
    private readonly viewer: MemberIdentity,
    private readonly observer: ImportObserver,
  ) {
    this.aadSku = skuId;
  }

  async execute(input: Readable): Promise<CodeImportRow> {
    const { codes, log } = this.importer.deps;
    const started = performance.now();
    let error: string | null = null;
    // A slow upload may go a while between batches: the heartbeat says the import is still alive.
    const heartbeat = setInterval(() => {
      codes.heartbeat(this.importId).catch((failure: unknown) => {
        log.warn({ importId: this.importId, error: (failure as Error).name }, "card-code import heartbeat failed");
      });
    }, HEARTBEAT_MS);
    try {
      await this.consume(input);
    } catch (failure) {
      error = this.describeFailure(failure);
    } finally {
      clearInterval(heartbeat);
    }
    const finished = await codes.db.$transaction(async (tx) => {
      const row = await codes.finishImport(tx, this.importId, {
        status: error ? "FAILED" : "SUCCEEDED",
        processedRows: this.processedRows,
        importedRows: this.importedRows,
        rejectedRows: this.rejectedRows,
        report: this.report,
        error,
      });
      await this.importer.deps.audit.record(tx, {
        tenantId: null,
        ...auditActor(this.viewer),
        action: error ? "card_code_import.fail" : "card_code_import.succeed",
        targetType: "CodeImport",
        targetId: this.importId,
        details: {
          skuId: this.skuId,
          processedRows: this.processedRows,
          importedRows: this.importedRows,
          rejectedRows: this.rejectedRows,
        },
      });
      return row;
    });
    log.info(
      {
        importId: this.importId,
        skuId: this.skuId,
        status: finished.status,
        processedRows: this.processedRows,
        importedRows: this.importedRows,
        rejectedRows: this.rejectedRows,
        ms: Math.round(performance.now() - started),
      },
      "card-code import finished",
    );
    return finished;
  }

  private describeFailure(failure: unknown): string {
    const kept = "; batches committed before it stay in the pool (uploading the file again skips them)";
    if (failure instanceof CsvFatalError) return failure.message;
    if (failure instanceof UploadInterrupted) return failure.message + kept;
    const { name, code } = failure as { name?: string; code?: string };
    if (name === "UploadTooLarge") return (failure as Error).message + kept;
    if (code === "ERR_STREAM_PREMATURE_CLOSE" || code === "ECONNRESET") return new UploadInterrupted().message + kept;
    // Name and code only: a database error's message can quote values.
    this.importer.deps.log.error({ importId: this.importId, error: name, code }, "card-code import failed");
    return `The import failed unexpectedly${kept}`;
  }

  private async consume(input: Readable): Promise<void> {
    let batch: Batch = { rows: [], problems: [], size: 0 };
    // The commit of the previous batch, still running while the next one is sealed.
    const pending: { commit?: Promise<void> } = {};
    const flush = async () => {
      const sealed = await this.sealBatch(batch);
      batch = { rows: [], problems: [], size: 0 };
      await pending.commit;
      pending.commit = this.commit(sealed);
      // Awaited before the next flush or at the end; this only keeps a failure from being "unhandled" meanwhile.
      pending.commit.catch(() => {});
    };
    try {
      for await (const item of readCodeCsv(input)) {
        if ("problem" in item) batch.problems.push(item.problem);
        else batch.rows.push(item.row);
        batch.size += 1;
        if (batch.size >= this.importer.batchRows) await flush();
      }
      if (batch.size > 0) await flush();
    } finally {
      await pending.commit;
    }
  }

  /** Dedupes the batch in itself, seals and fingerprints each code (CPU work, done while the previous batch inserts). */
  private async sealBatch(batch: Batch): Promise<SealedBatch> {
    const { keyRing } = this.importer.deps;
    const problems = [...batch.problems];
    const firstRowOf = new Map<string, number>();
    const sealed: SealedCodeRow[] = [];
    const dataKey = await this.dataKeyFor(batch.rows.length);
    for (const row of batch.rows) {
      const fingerprint = keyRing.fingerprint(row.code);
      const hex = fingerprint.toString("hex");
      const first = firstRowOf.get(hex);
      if (first !== undefined) {
        problems.push({ row: row.row, reason: `duplicate of row ${first} in this file` });
        continue;
      }
      firstRowOf.set(hex, row.row);
      const id = randomUUID();
      sealed.push({
        id,
        sealed: seal(dataKey.key, encodeSecret(row.code, row.pin), codeAad(id, this.aadSku)),
        fingerprint,
        expiresAt: row.expiresAt,
        sourceRow: row.row,
      });
    }
    dataKey.used += sealed.length;
    return { sealed, problems, size: batch.size, dataKeyId: dataKey.id };
  }

  private async dataKeyFor(count: number) {
    if (!this.dataKey || this.dataKey.used + count > this.importer.codesPerDataKey) {
      const { keyRing, codes } = this.importer.deps;
      const fresh = keyRing.newDataKey();
      const id = await codes.insertDataKey(fresh.masterKeyId, fresh.wrapped);
      this.dataKey = { id, key: createSecretKey(fresh.key), used: 0 };
      fresh.key.fill(0);
    }
    return this.dataKey;
  }

  /** One transaction: insert, report duplicates, count into the pool, evaluate low stock, save progress. */
  private async commit(batch: SealedBatch): Promise<void> {
    const { codes, pubsub, log } = this.importer.deps;
    let change: LowStockChange | null = null;
    const problems = [...batch.problems];
    let inserted = 0;
    await codes.db.$transaction(
      async (tx) => {
        if (batch.sealed.length > 0) {
          const rows = await codes.insertBatch(tx, {
            importId: this.importId,
            skuId: this.skuId,
            dataKeyId: batch.dataKeyId,
            rows: batch.sealed,
          });
          inserted = rows.size;
          const clashing = batch.sealed.filter((r) => !rows.has(r.sourceRow));
          if (clashing.length > 0) {
            const holders = await codes.holders(
              tx,
              clashing.map((r) => r.fingerprint),
            );
            for (const r of clashing) {
              const holder = holders.get(r.fingerprint.toString("hex"));
              const sameFile = holder?.importId === this.importId && holder.sourceRow !== null;
              problems.push({
                row: r.sourceRow,
                reason: sameFile ? `duplicate of row ${holder.sourceRow} in this file` : "already in the pool",
              });
            }
          }
          if (inserted > 0) {
            const stock = await codes.addToPool(tx, this.skuId, inserted);
            change = await evaluateLowStock(tx, { skuId: this.skuId, ...stock });
          }
        }
        problems.sort((a, b) => a.row - b.row);
        const room = MAX_REPORTED_PROBLEMS - this.report.length;
        const reportGrew = room > 0 && problems.length > 0;
        const report = reportGrew ? [...this.report, ...problems.slice(0, room)] : undefined;
        await codes.saveProgress(
          tx,
          this.importId,
          {
            processedRows: this.processedRows + batch.size,
            importedRows: this.importedRows + inserted,
            rejectedRows: this.rejectedRows + problems.length,
          },
          report,
        );
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
    // Counted only once committed.
    this.processedRows += batch.size;
    this.importedRows += inserted;
    this.rejectedRows += problems.length;
    const room = MAX_REPORTED_PROBLEMS - this.report.length;
    if (room > 0) this.report.push(...problems.slice(0, room));
    await publishLowStockChange(pubsub, log, change);
    this.observer.progress?.({
      importId: this.importId,
      processedRows: this.processedRows,
      importedRows: this.importedRows,
      rejectedRows: this.rejectedRows,
    });
  }
}
