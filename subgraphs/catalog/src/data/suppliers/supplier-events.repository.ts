// What a supplier event tells besides the change itself: the SKU's supplier
// (id, name) and cost price, read inside the transaction that writes the event.
import type { Prisma } from "@benefits-hub/platform/db/client";

type Tx = Pick<Prisma.TransactionClient, "$queryRaw">;

export interface SkuSupplyFacts {
  skuId: string;
  supplierId: string;
  supplierName: string;
  costPriceFen: number;
}

/** The SKU's supplier and cost price; null when the SKU has no supplier. */
export async function skuSupplyFacts(tx: Tx, skuId: string): Promise<SkuSupplyFacts | null> {
  const [row] = await tx.$queryRaw<SkuSupplyFacts[]>`
    SELECT k.id::text AS "skuId", s.id::text AS "supplierId", s.name AS "supplierName",
           k.cost_price_fen AS "costPriceFen"
    FROM catalog.sku k JOIN catalog.supplier s ON s.id = k.supplier_id
    WHERE k.id = ${skuId}::uuid`;
  return row ?? null;
}

/** The SKUs listed for these products of the supplier, by product id. */
export async function skusOfProducts(tx: Tx, supplierId: string, productIds: string[]): Promise<Map<string, string>> {
  if (productIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ productId: string; skuId: string }[]>`
    SELECT supplier_product_id AS "productId", id::text AS "skuId" FROM catalog.sku
    WHERE supplier_id = ${supplierId}::uuid AND supplier_product_id = ANY(${productIds}::text[])`;
  return new Map(rows.map((row) => [row.productId, row.skuId]));
}
