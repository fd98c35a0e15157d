// Low-stock alerts: one open alert per SKU while its stock is below its
// threshold, closed when it is restocked. Evaluated inside the transaction
// that changed the stock (allocation, import, supplier sync); the pub/sub
// notice goes out after that transaction commits.
import { CATALOG_LOW_STOCK_TOPIC, type HubPubSub, type Logger } from "@benefits-hub/platform";
import type { Prisma } from "@benefits-hub/platform/db/client";

/** Anything that runs raw SQL: the Prisma client or a transaction. */
export type SqlClient = Pick<Prisma.TransactionClient, "$queryRaw" | "$executeRaw">;

export interface LowStockChange {
  kind: "OPENED" | "CLOSED";
  alertId: string;
  skuId: string;
  stock: number;
  threshold: number;
}

/** What is published on CATALOG_LOW_STOCK_TOPIC. */
export type LowStockNotice = LowStockChange & { at: string };

/**
 * Opens an alert when `stock < threshold` and none is open; closes the open
 * one when `stock >= threshold`. Locks the SKU row first, so two transactions
 * never both open an alert. Returns what changed (null: nothing).
 */
export async function evaluateLowStock(
  tx: SqlClient,
  { skuId, stock, threshold }: { skuId: string; stock: number; threshold: number },
): Promise<LowStockChange | null> {
  await tx.$queryRaw`SELECT 1 FROM catalog.sku WHERE id = ${skuId}::uuid FOR UPDATE`;
  if (stock < threshold) {
    const open = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM catalog.low_stock_alert WHERE sku_id = ${skuId}::uuid AND closed_at IS NULL LIMIT 1`;
    if (open.length > 0) return null;
    const [created] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO catalog.low_stock_alert (id, sku_id, stock, threshold, opened_at)
      VALUES (gen_random_uuid(), ${skuId}::uuid, ${stock}, ${threshold}, now())
      RETURNING id::text`;
    return { kind: "OPENED", alertId: created!.id, skuId, stock, threshold };
  }
  const closed = await tx.$queryRaw<{ id: string }[]>`
    UPDATE catalog.low_stock_alert SET closed_at = now()
    WHERE sku_id = ${skuId}::uuid AND closed_at IS NULL
    RETURNING id::text`;
  return closed.length > 0 ? { kind: "CLOSED", alertId: closed[0]!.id, skuId, stock, threshold } : null;
}

/** Publishes a change after its transaction committed; a pub/sub failure is logged, never thrown. */
export async function publishLowStockChange(pubsub: HubPubSub, log: Logger, change: LowStockChange | null) {
  if (!change) return;
  try {
    await pubsub.publish<LowStockNotice>(CATALOG_LOW_STOCK_TOPIC, { ...change, at: new Date().toISOString() });
  } catch (error) {
    log.warn({ skuId: change.skuId, error: (error as Error).name }, "low-stock notice not published");
  }
}
