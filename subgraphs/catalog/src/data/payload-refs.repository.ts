// Rows a keyed mutation's payload held, read again by id when a retry answers
// from its idempotency record (packages/platform/src/idempotency). Plain rows,
// as the services return them.
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { RefLoaders } from "@benefits-hub/platform/idempotency";

export function catalogPayloadRefs(db: PrismaClient): RefLoaders {
  const byIds = (ids: string[]) => ({ where: { id: { in: ids } } });
  return {
    Category: (ids) => db.category.findMany(byIds(ids)),
    Brand: (ids) => db.brand.findMany(byIds(ids)),
    Benefit: (ids) => db.benefit.findMany(byIds(ids)),
    Sku: (ids) => db.sku.findMany(byIds(ids)),
    Supplier: (ids) => db.supplier.findMany(byIds(ids)),
    ShelfItem: (ids) => db.shelfItem.findMany(byIds(ids)),
    TopupOrder: (ids) => db.topupOrder.findMany(byIds(ids)),
    ImportedStatement: (ids) => db.settlementStatement.findMany(byIds(ids)),
  };
}
