import type { CatalogContext } from "../context";
import type { CatalogAuditRow } from "../data/audit.repository";
import { keyedMutation } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

type Input = { input: never };

export const adminResolvers = {
  Query: {
    catalogAuditLog: (_: unknown, args: { first?: number | null; after?: string | null }, ctx: CatalogContext) =>
      ctx.services.auditLog.page(ctx.viewer, args),
  },
  Mutation: {
    createCategory: keyedMutation(shapes.category, ({ input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.createCategory(ctx.viewer, input),
    ),
    updateCategory: keyedMutation(shapes.category, ({ input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.updateCategory(ctx.viewer, input),
    ),
    createBrand: keyedMutation(shapes.brand, ({ input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.createBrand(ctx.viewer, input),
    ),
    updateBrand: keyedMutation(shapes.brand, ({ input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.updateBrand(ctx.viewer, input),
    ),
    createBenefit: keyedMutation(shapes.benefit, ({ input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.createBenefit(ctx.viewer, input),
    ),
    updateBenefit: keyedMutation(shapes.benefit, ({ input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.updateBenefit(ctx.viewer, input),
    ),
    createSku: keyedMutation(shapes.sku, ({ input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.createSku(ctx.viewer, input),
    ),
    updateSku: keyedMutation(shapes.sku, ({ input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.updateSku(ctx.viewer, input),
    ),
  },
  CatalogAuditEntry: {
    details: (row: CatalogAuditRow) => JSON.stringify(row.details),
    at: (row: CatalogAuditRow) => row.createdAt.toISOString(),
  },
};
