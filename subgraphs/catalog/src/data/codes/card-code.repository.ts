// SQL of the card-code inventory: batch inserts through unnest (one statement
// per batch), the guarded allocation (FOR UPDATE SKIP LOCKED), reveals, and
// the import and alert rows. Sealed codes and fingerprints are bytea; no
// plaintext ever reaches this layer.
import type { CodeImport, LowStockAlert, Prisma, PrismaClient, StockSource } from "@benefits-hub/platform/db/client";
import type { SqlClient } from "../../domain/stock/low-stock";

export type CodeImportRow = CodeImport;
export type LowStockAlertRow = LowStockAlert;

export interface SealedCodeRow {
  id: string;
  sealed: Buffer;
  fingerprint: Buffer;
  expiresAt: Date | null;
  sourceRow: number;
}

export interface ImportProblem {
  row: number;
  reason: string;
}

export interface ImportCounts {
  processedRows: number;
  importedRows: number;
  rejectedRows: number;
}

export interface CodeSku {
  id: string;
  stockSource: StockSource;
  archived: boolean;
  poolAvailable: number;
  lowStockThreshold: number;
}

export interface AllocatedCode {
  codeId: string;
  skuId: string;
  tenantId: string;
  entitlementId: string;
  ownerMemberId: string;
  expiresAt: Date | null;
}

export interface OwnedCode {
  id: string;
  skuId: string;
  sealed: Buffer;
  expiresAt: Date | null;
  dataKeyId: string;
  masterKeyId: string;
  wrappedKey: Buffer;
}

export class CardCodeRepository {
  constructor(readonly db: PrismaClient) {}

  // --- imports ---------------------------------------------------------------

  async sku(skuId: string, tx: SqlClient = this.db): Promise<CodeSku | null> {
    const [row] = await tx.$queryRaw<CodeSku[]>`
      SELECT id::text, stock_source::text AS "stockSource", archived_at IS NOT NULL AS archived,
             pool_available AS "poolAvailable", low_stock_threshold AS "lowStockThreshold"
      FROM catalog.sku WHERE id = ${skuId}::uuid`;
    return row ?? null;
  }

  createImport(skuId: string, createdById: string): Promise<CodeImportRow> {
    return this.db.codeImport.create({ data: { skuId, createdById } });
  }

  /**
   * Imports still RUNNING without a heartbeat since `staleBefore`: their
   * process died (a live one beats every 20 s, on any instance). Their
   * committed batches stay (each batch is whole).
   */
  async failAbandoned(message: string, staleBefore: Date): Promise<number> {
    const { count } = await this.db.codeImport.updateMany({
      where: { status: "RUNNING", heartbeatAt: { lt: staleBefore } },
      data: { status: "FAILED", error: message, finishedAt: new Date() },
    });
    return count;
  }

  /** The running import is alive. */
  async heartbeat(importId: string): Promise<void> {
    await this.db.$executeRaw`
      UPDATE catalog.code_import SET heartbeat_at = now() WHERE id = ${importId}::uuid AND status = 'RUNNING'`;
  }

  async insertDataKey(masterKeyId: string, wrappedKey: Buffer): Promise<string> {
    const row = await this.db.dataKey.create({
      data: { masterKeyId, wrappedKey: new Uint8Array(wrappedKey) },
      select: { id: true },
    });
    return row.id;
  }

  /**
   * Inserts a batch in one statement; rows whose fingerprint is already in the
   * pool are skipped. Returns the source rows that were inserted.
   */
  async insertBatch(
    tx: SqlClient,
    batch: { importId: string; skuId: string; dataKeyId: string; rows: SealedCodeRow[] },
  ): Promise<Set<number>> {
    const { rows } = batch;
    const inserted = await tx.$queryRaw<{ r: number }[]>`
      INSERT INTO catalog.card_code
        (id, sku_id, state, data_key_id, sealed, fingerprint, expires_at, import_id, source_row, created_at)
      SELECT t.id, ${batch.skuId}::uuid, 'AVAILABLE', ${batch.dataKeyId}::uuid, t.sealed, t.fingerprint,
             t.expires_at, ${batch.importId}::uuid, t.source_row, now()
      FROM unnest(
        ${rows.map((r) => r.id)}::uuid[],
        ${rows.map((r) => r.sealed)}::bytea[],
        ${rows.map((r) => r.fingerprint)}::bytea[],
        ${rows.map((r) => r.expiresAt)}::timestamptz[],
        ${rows.map((r) => r.sourceRow)}::int[]
      ) AS t(id, sealed, fingerprint, expires_at, source_row)
      ON CONFLICT (fingerprint) DO NOTHING
      RETURNING source_row AS r`;
    return new Set(inserted.map((row) => row.r));
  }

  /** Who already holds these fingerprints: the import and row they came from. */
  async holders(
    tx: SqlClient,
    fingerprints: Buffer[],
  ): Promise<Map<string, { importId: string | null; sourceRow: number | null }>> {
    const rows = await tx.$queryRaw<{ fingerprint: Buffer; importId: string | null; sourceRow: number | null }[]>`
      SELECT fingerprint, import_id::text AS "importId", source_row AS "sourceRow"
      FROM catalog.card_code WHERE fingerprint = ANY(${fingerprints}::bytea[])`;
    return new Map(rows.map((r) => [Buffer.from(r.fingerprint).toString("hex"), r]));
  }

  /** Adds `n` codes to the SKU's pool count; returns the new stock and threshold. */
  async addToPool(tx: SqlClient, skuId: string, n: number): Promise<{ stock: number; threshold: number }> {
    const [row] = await tx.$queryRaw<{ stock: number; threshold: number }[]>`
      UPDATE catalog.sku SET pool_available = pool_available + ${n}, updated_at = now()
      WHERE id = ${skuId}::uuid
      RETURNING pool_available AS stock, low_stock_threshold AS threshold`;
    return row!;
  }

  async saveProgress(tx: SqlClient, importId: string, counts: ImportCounts, report?: ImportProblem[]): Promise<void> {
    const reportJson = report ? JSON.stringify(report) : null;
    await tx.$executeRaw`
      UPDATE catalog.code_import
      SET processed_rows = ${counts.processedRows}, imported_rows = ${counts.importedRows},
          rejected_rows = ${counts.rejectedRows}, report = COALESCE(${reportJson}::jsonb, report),
          heartbeat_at = now()
      WHERE id = ${importId}::uuid`;
  }

  async finishImport(
    tx: Prisma.TransactionClient | PrismaClient,
    importId: string,
    outcome: ImportCounts & { status: "SUCCEEDED" | "FAILED"; report: ImportProblem[]; error: string | null },
  ): Promise<CodeImportRow> {
    return tx.codeImport.update({
      where: { id: importId },
      data: {
        status: outcome.status,
        processedRows: outcome.processedRows,
        importedRows: outcome.importedRows,
        rejectedRows: outcome.rejectedRows,
        report: outcome.report as unknown as Prisma.InputJsonValue,
        error: outcome.error,
        finishedAt: new Date(),
      },
    });
  }

  importById(id: string): Promise<CodeImportRow | null> {
    return this.db.codeImport.findUnique({ where: { id } });
  }

  importsOfSku(skuId: string, first: number): Promise<CodeImportRow[]> {
    return this.db.codeImport.findMany({
      where: { skuId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: first,
    });
  }

  openAlerts(): Promise<LowStockAlertRow[]> {
    return this.db.lowStockAlert.findMany({ where: { closedAt: null }, orderBy: { openedAt: "desc" }, take: 500 });
  }

  // --- allocation ------------------------------------------------------------

  /**
   * Serialises allocations for one entitlement until the transaction ends: a
   * second request for it waits, then finds the first one's code (otherwise
   * both would lock a code each, and with SKIP LOCKED a small pool could
   * answer "out of stock" to a request whose entitlement already holds one).
   */
  async lockEntitlement(tx: SqlClient, entitlementId: string): Promise<void> {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`card-code:${entitlementId}`}, 0))::text`;
  }

  async allocationOf(tx: SqlClient, entitlementId: string): Promise<AllocatedCode | null> {
    const [row] = await tx.$queryRaw<AllocatedCode[]>`
      SELECT id::text AS "codeId", sku_id::text AS "skuId", tenant_id::text AS "tenantId",
             entitlement_id::text AS "entitlementId", owner_member_id::text AS "ownerMemberId",
             expires_at AS "expiresAt"
      FROM catalog.card_code WHERE entitlement_id = ${entitlementId}::uuid`;
    return row ?? null;
  }

  /** Takes the available, unexpired code that expires first; null when the pool is empty. */
  async allocateOne(
    tx: SqlClient,
    input: { skuId: string; tenantId: string; entitlementId: string; memberId: string },
  ): Promise<AllocatedCode | null> {
    const [row] = await tx.$queryRaw<AllocatedCode[]>`
      UPDATE catalog.card_code c
      SET state = 'ALLOCATED', tenant_id = ${input.tenantId}::uuid, entitlement_id = ${input.entitlementId}::uuid,
          owner_member_id = ${input.memberId}::uuid, allocated_at = now()
      WHERE c.id = (
        SELECT id FROM catalog.card_code
        WHERE sku_id = ${input.skuId}::uuid AND state = 'AVAILABLE' AND (expires_at IS NULL OR expires_at > now())
        ORDER BY expires_at NULLS LAST
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      ) AND c.state = 'AVAILABLE'
      RETURNING c.id::text AS "codeId", c.sku_id::text AS "skuId", c.tenant_id::text AS "tenantId",
                c.entitlement_id::text AS "entitlementId", c.owner_member_id::text AS "ownerMemberId",
                c.expires_at AS "expiresAt"`;
    return row ?? null;
  }

  /** One code fewer in the pool (never below zero); the new stock and threshold. */
  async takeFromPool(tx: SqlClient, skuId: string): Promise<{ stock: number; threshold: number }> {
    const [row] = await tx.$queryRaw<{ stock: number; threshold: number }[]>`
      UPDATE catalog.sku SET pool_available = GREATEST(pool_available - 1, 0), updated_at = now()
      WHERE id = ${skuId}::uuid
      RETURNING pool_available AS stock, low_stock_threshold AS threshold`;
    return row!;
  }

  /** Voids the SKU's expired available codes and takes them off the pool count; how many. */
  async voidExpired(tx: SqlClient, skuId: string): Promise<number> {
    const voided = await tx.$executeRaw`
      UPDATE catalog.card_code SET state = 'VOID'
      WHERE sku_id = ${skuId}::uuid AND state = 'AVAILABLE' AND expires_at <= now()`;
    if (voided > 0) {
      await tx.$executeRaw`
        UPDATE catalog.sku SET pool_available = GREATEST(pool_available - ${voided}, 0), updated_at = now()
        WHERE id = ${skuId}::uuid`;
    }
    return voided;
  }

  // --- reveal ----------------------------------------------------------------

  async ownedCode(
    tx: SqlClient,
    owner: { entitlementId: string; tenantId: string; memberId: string },
  ): Promise<OwnedCode | null> {
    const [row] = await tx.$queryRaw<OwnedCode[]>`
      SELECT c.id::text, c.sku_id::text AS "skuId", c.sealed, c.expires_at AS "expiresAt",
             c.data_key_id::text AS "dataKeyId", k.master_key_id AS "masterKeyId", k.wrapped_key AS "wrappedKey"
      FROM catalog.card_code c JOIN catalog.data_key k ON k.id = c.data_key_id
      WHERE c.entitlement_id = ${owner.entitlementId}::uuid AND c.tenant_id = ${owner.tenantId}::uuid
        AND c.owner_member_id = ${owner.memberId}::uuid AND c.state = 'ALLOCATED'`;
    return row ? { ...row, sealed: Buffer.from(row.sealed), wrappedKey: Buffer.from(row.wrappedKey) } : null;
  }

  async recordReveal(
    tx: SqlClient,
    reveal: {
      codeId: string;
      tenantId: string;
      memberId: string;
      entitlementId: string;
      ip?: string;
      userAgent?: string;
    },
  ): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO catalog.card_code_reveal (id, code_id, tenant_id, member_id, entitlement_id, ip, user_agent, revealed_at)
      VALUES (gen_random_uuid(), ${reveal.codeId}::uuid, ${reveal.tenantId}::uuid, ${reveal.memberId}::uuid,
              ${reveal.entitlementId}::uuid, ${reveal.ip ?? null}, ${reveal.userAgent ?? null}, now())`;
  }

  // --- key rotation ----------------------------------------------------------

  /** Data keys wrapped by another master key than `masterKeyId`, in id order after `after`. */
  async dataKeysNotWrappedBy(
    masterKeyId: string,
    after: string,
    limit: number,
  ): Promise<{ id: string; masterKeyId: string; wrappedKey: Buffer }[]> {
    const rows = await this.db.$queryRaw<{ id: string; masterKeyId: string; wrappedKey: Buffer }[]>`
      SELECT id::text, master_key_id AS "masterKeyId", wrapped_key AS "wrappedKey"
      FROM catalog.data_key WHERE master_key_id <> ${masterKeyId} AND id > ${after}::uuid
      ORDER BY id LIMIT ${limit}`;
    return rows.map((r) => ({ ...r, wrappedKey: Buffer.from(r.wrappedKey) }));
  }

  /** Replaces a wrap, only if it is still the one that was read (a concurrent rewrap wins cleanly). */
  async replaceWrap(id: string, from: string, to: { masterKeyId: string; wrappedKey: Buffer }): Promise<boolean> {
    const n = await this.db.$executeRaw`
      UPDATE catalog.data_key SET master_key_id = ${to.masterKeyId}, wrapped_key = ${to.wrappedKey}
      WHERE id = ${id}::uuid AND master_key_id = ${from}`;
    return n === 1;
  }
}
