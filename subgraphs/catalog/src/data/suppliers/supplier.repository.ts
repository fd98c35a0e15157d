// Suppliers and the SKUs they stock: reads, sync bookkeeping, and the claim
// that lets one catalog instance at a time sync a due supplier.
import type { Prisma, PrismaClient, Sku, Supplier, SupplierStatus } from "@benefits-hub/platform/db/client";

export type SupplierRow = Supplier;

export class SupplierRepository {
  constructor(private readonly db: PrismaClient) {}

  all(): Promise<SupplierRow[]> {
    return this.db.supplier.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }] });
  }

  byId(id: string): Promise<SupplierRow | null> {
    return this.db.supplier.findUnique({ where: { id } });
  }

  create(tx: Prisma.TransactionClient, data: Prisma.SupplierUncheckedCreateInput): Promise<SupplierRow> {
    return tx.supplier.create({ data });
  }

  update(tx: Prisma.TransactionClient, id: string, data: Prisma.SupplierUncheckedUpdateInput): Promise<SupplierRow> {
    return tx.supplier.update({ where: { id }, data });
  }

  /**
   * Claims the ACTIVE suppliers whose sync is due: moves their nextSyncAt
   * `leaseMs` ahead (so another instance skips them) and returns them.
   */
  async claimDue(leaseMs: number, limit = 20): Promise<SupplierRow[]> {
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      UPDATE catalog.supplier s SET next_sync_at = now() + (${leaseMs}::int * interval '1 millisecond')
      WHERE s.id IN (
        SELECT id FROM catalog.supplier
        WHERE status = 'ACTIVE' AND next_sync_at <= now()
        ORDER BY next_sync_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING s.id::text`;
    if (rows.length === 0) return [];
    return this.db.supplier.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
  }

  skusOf(tx: Prisma.TransactionClient | PrismaClient, supplierId: string): Promise<Sku[]> {
    return tx.sku.findMany({ where: { supplierId }, orderBy: { id: "asc" } });
  }

  skuByProduct(tx: Prisma.TransactionClient | PrismaClient, supplierId: string, supplierProductId: string) {
    return tx.sku.findUnique({ where: { supplierId_supplierProductId: { supplierId, supplierProductId } } });
  }

  updateSkuSupply(
    tx: Prisma.TransactionClient,
    skuId: string,
    supply: { supplierStock: number; costPriceFen: number },
  ) {
    return tx.sku.update({ where: { id: skuId }, data: supply });
  }

  recordSyncSuccess(tx: Prisma.TransactionClient, id: string, at: Date, nextSyncAt: Date) {
    return tx.supplier.update({
      where: { id },
      data: { lastSyncAt: at, lastSyncError: null, syncFailures: 0, nextSyncAt },
    });
  }

  /** One more consecutive failure; `nextSyncAt` from how many there now are. */
  async recordSyncFailure(id: string, error: string, nextSyncAtFor: (failures: number) => Date) {
    return this.db.$transaction(async (tx) => {
      const current = await tx.supplier.findUniqueOrThrow({ where: { id }, select: { syncFailures: true } });
      const failures = current.syncFailures + 1;
      return tx.supplier.update({
        where: { id },
        data: { lastSyncError: error, syncFailures: failures, nextSyncAt: nextSyncAtFor(failures) },
      });
    });
  }

  /** Every supplier with a sealed API secret (a short list), for master-key rotation. */
  sealedSecrets(): Promise<{ id: string; secretSealed: Uint8Array }[]> {
    return this.db.supplier
      .findMany({
        where: { secretSealed: { not: null } },
        select: { id: true, secretSealed: true },
        orderBy: { id: "asc" },
      })
      .then((rows) => rows.map((row) => ({ id: row.id, secretSealed: row.secretSealed! })));
  }

  /** Replaces the sealed secret if it is still `from` (a change meanwhile wins); true when it did. */
  async swapSealedSecret(id: string, from: Uint8Array, to: Uint8Array): Promise<boolean> {
    const result = await this.db.supplier.updateMany({
      where: { id, secretSealed: { equals: new Uint8Array(from) } },
      data: { secretSealed: new Uint8Array(to) },
    });
    return result.count === 1;
  }

  statusOf(id: string): Promise<{ status: SupplierStatus } | null> {
    return this.db.supplier.findUnique({ where: { id }, select: { status: true } });
  }
}
