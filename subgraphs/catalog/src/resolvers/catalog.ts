import type { CatalogContext } from "../context";
import type { BenefitRow, BrandRow, CategoryRow, SkuRow } from "../data/catalog.repository";
import { inStock, isOperator, stockOf } from "../domain/catalog.service";

const iso = (date: Date | null) => date?.toISOString() ?? null;

export const catalogResolvers = {
  Query: {
    categories: (_: unknown, __: unknown, ctx: CatalogContext) => ctx.services.catalog.categories(),
    brands: (_: unknown, __: unknown, ctx: CatalogContext) => ctx.services.catalog.brands(),
    benefits: (_: unknown, args: { first?: number | null; includeArchived?: boolean | null }, ctx: CatalogContext) =>
      ctx.services.catalog.list(ctx.viewer, args),
    benefit: (_: unknown, { id }: { id: string }, ctx: CatalogContext) => ctx.services.catalog.benefit(ctx.viewer, id),
    sku: (_: unknown, { id }: { id: string }, ctx: CatalogContext) => ctx.services.catalog.sku(ctx.viewer, id),
  },
  Category: {
    __resolveReference: ({ id }: { id: string }, ctx: CatalogContext) =>
      ctx.services.catalog.loaders.categoryById.load(id),
    parent: (c: CategoryRow, _: unknown, ctx: CatalogContext) =>
      c.parentId ? ctx.services.catalog.loaders.categoryById.load(c.parentId) : null,
    children: (c: CategoryRow, _: unknown, ctx: CatalogContext) =>
      ctx.services.catalog.loaders.childrenByCategoryId.load(c.id),
  },
  Brand: {
    __resolveReference: ({ id }: { id: string }, ctx: CatalogContext) =>
      ctx.services.catalog.loaders.brandById.load(id),
    logoUrl: (b: BrandRow) => b.logoUrl,
  },
  Benefit: {
    __resolveReference: ({ id }: { id: string }, ctx: CatalogContext) => ctx.services.catalog.benefitReference(id),
    category: (b: BenefitRow, _: unknown, ctx: CatalogContext) =>
      ctx.services.catalog.loaders.categoryById.load(b.categoryId),
    brand: (b: BenefitRow, _: unknown, ctx: CatalogContext) =>
      b.brandId ? ctx.services.catalog.loaders.brandById.load(b.brandId) : null,
    archived: (b: BenefitRow) => b.archivedAt !== null,
    skus: (b: BenefitRow, _: unknown, ctx: CatalogContext) => ctx.services.catalog.skusOf(ctx.viewer, b.id),
  },
  Sku: {
    __resolveReference: ({ id }: { id: string }, ctx: CatalogContext) => ctx.services.catalog.skuReference(id),
    benefit: (s: SkuRow, _: unknown, ctx: CatalogContext) => ctx.services.catalog.loaders.benefitById.load(s.benefitId),
    costPriceFen: (s: SkuRow, _: unknown, ctx: CatalogContext) => (isOperator(ctx.viewer) ? s.costPriceFen : null),
    // Operators, and the hub's own services (entitlements keeps the supplier in a campaign item's facts).
    supplier: (s: SkuRow, _: unknown, ctx: CatalogContext) =>
      (isOperator(ctx.viewer) || ctx.viewer.kind === "service") && s.supplierId
        ? ctx.services.catalog.loaders.supplierById.load(s.supplierId)
        : null,
    supplierProductId: (s: SkuRow, _: unknown, ctx: CatalogContext) =>
      isOperator(ctx.viewer) ? s.supplierProductId : null,
    validity: (s: SkuRow) => ({
      kind: s.validityKind,
      validFrom: iso(s.validFrom),
      validUntil: iso(s.validUntil),
      validDays: s.validDays,
    }),
    stock: (s: SkuRow) => stockOf(s),
    inStock: (s: SkuRow) => inStock(s),
    archived: (s: SkuRow) => s.archivedAt !== null,
  },
};
