// Keeps supplier SKUs' stock and cost price in step with the suppliers. A due
// supplier is claimed (one instance syncs it), asked for its products, and
// its SKUs updated in one transaction with their low-stock alerts. A supplier
// that fails keeps its last known stock, records why, and is tried again
// after an exponential backoff; the others sync regardless. Nothing here
// throws out of the loop.
import type { HubPubSub, Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { SupplierRepository, SupplierRow } from "../../data/suppliers/supplier.repository";
import type { SupplierRegistry } from "../../suppliers/registry";
import { isSupplierError } from "../../suppliers/adapter";
import { evaluateLowStock, publishLowStockChange, type LowStockChange } from "../stock/low-stock";

export interface SyncOptions {
  /** The normal time between two syncs of a supplier (ms). */
  intervalMs: number;
  /** The longest wait after repeated failures (ms, default 30 min). */
  maxBackoffMs?: number;
}

export type SyncResult = { ok: true; updatedSkus: number } | { ok: false; error: string };

export class SupplierSyncService {
  private readonly maxBackoffMs: number;

  constructor(
    private readonly db: PrismaClient,
    private readonly suppliers: SupplierRepository,
    private readonly registry: SupplierRegistry,
    private readonly pubsub: HubPubSub,
    private readonly log: Logger,
    private readonly options: SyncOptions,
  ) {
    this.maxBackoffMs = options.maxBackoffMs ?? 30 * 60_000;
  }

  /** When to sync again after `failures` consecutive failures: interval × 2^failures, capped. */
  nextAfterFailures(failures: number, now = Date.now()): Date {
    const wait = Math.min(this.maxBackoffMs, this.options.intervalMs * 2 ** Math.min(failures, 20));
    return new Date(now + wait);
  }

  /** Syncs every ACTIVE supplier that is due; one failing never stops the others. */
  async syncDue(): Promise<{ synced: number; failed: number }> {
    const lease = Math.max(60_000, this.options.intervalMs);
    const due = await this.suppliers.claimDue(lease);
    const results = await Promise.all(due.map((supplier) => this.syncOne(supplier)));
    return { synced: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
  }

  /** Syncs one supplier now; the outcome (success or failure) is recorded on the supplier. */
  async syncOne(supplier: SupplierRow): Promise<SyncResult> {
    const started = new Date();
    try {
      const products = await this.registry.adapterFor(supplier).listProducts();
      const byId = new Map(products.map((p) => [p.productId, p]));
      const changes: LowStockChange[] = [];
      let updatedSkus = 0;
      await this.db.$transaction(
        async (tx) => {
          for (const sku of await this.suppliers.skusOf(tx, supplier.id)) {
            if (!sku.supplierProductId) continue;
            const product = byId.get(sku.supplierProductId);
            // A product the supplier no longer lists has no stock; its last cost price stays.
            const supplierStock = product?.stock ?? 0;
            const costPriceFen = product?.costPriceFen ?? sku.costPriceFen;
            if (supplierStock !== sku.supplierStock || costPriceFen !== sku.costPriceFen) {
              await this.suppliers.updateSkuSupply(tx, sku.id, { supplierStock, costPriceFen });
              updatedSkus += 1;
            }
            // Only a SKU stocked by the supplier raises low-stock alerts here (a code pool's come from its codes).
            if (sku.archivedAt === null && sku.stockSource === "SUPPLIER") {
              const change = await evaluateLowStock(tx, {
                skuId: sku.id,
                stock: supplierStock,
                threshold: sku.lowStockThreshold,
              });
              if (change) changes.push(change);
            }
          }
          await this.suppliers.recordSyncSuccess(
            tx,
            supplier.id,
            started,
            new Date(Date.now() + this.options.intervalMs),
          );
        },
        { timeout: 30_000 },
      );
      for (const change of changes) await publishLowStockChange(this.pubsub, this.log, change);
      this.log.info({ supplier: supplier.slug, products: products.length, updatedSkus }, "supplier synced");
      return { ok: true, updatedSkus };
    } catch (error) {
      const message = isSupplierError(error) ? error.message : "internal error while syncing";
      if (!isSupplierError(error)) this.log.error({ supplier: supplier.slug, err: error }, "supplier sync crashed");
      try {
        const row = await this.suppliers.recordSyncFailure(supplier.id, message, (failures) =>
          this.nextAfterFailures(failures),
        );
        this.log.warn(
          {
            supplier: supplier.slug,
            failures: row.syncFailures,
            nextSyncAt: row.nextSyncAt.toISOString(),
            error: message,
          },
          "supplier sync failed; keeping the last known stock",
        );
      } catch (recordError) {
        this.log.error({ supplier: supplier.slug, err: recordError }, "could not record a failed supplier sync");
      }
      return { ok: false, error: message };
    }
  }
}
