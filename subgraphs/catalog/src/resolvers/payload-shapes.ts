// What an idempotency record keeps of each catalog payload (see
// packages/platform/src/idempotency/payload-codec.ts).
import type { PayloadShape } from "@benefits-hub/platform/idempotency";

export const shapes = {
  category: { refs: { category: "Category" } },
  brand: { refs: { brand: "Brand" } },
  benefit: { refs: { benefit: "Benefit" } },
  sku: { refs: { sku: "Sku" } },
  /** The supplier's API secret is never fingerprinted (see PayloadShape.secretInput). */
  supplier: { refs: { supplier: "Supplier" }, secretInput: ["secret"] },
  syncSupplier: { refs: { supplier: "Supplier" }, values: ["updatedSkus"], refusal: { updatedSkus: 0 } },
  shelfItem: { refs: { shelfItem: "ShelfItem" } },
  topup: { refs: { order: "TopupOrder" } },
  importStatement: {
    refs: { statement: "ImportedStatement" },
    values: ["alreadyImported"],
    refusal: { alreadyImported: false },
  },
  allocation: { values: ["allocation"] },
} satisfies Record<string, PayloadShape>;
