import type { CatalogContext } from "../context";
import type { CatalogAuditRow } from "../data/audit.repository";

type Input = { input: never };

export const adminResolvers = {
  Query: {
    catalogAuditLog: (_: unknown, args: { first?: number | null; after?: string | null }, ctx: CatalogContext) =>
      ctx.services.auditLog.page(ctx.viewer, args),
  },
  Mutation: {
    createCategory: (_: unknown, { input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.createCategory(ctx.viewer, input),
    updateCategory: (_: unknown, { input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.updateCategory(ctx.viewer, input),
    createBrand: (_: unknown, { input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.createBrand(ctx.viewer, input),
    updateBrand: (_: unknown, { input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.updateBrand(ctx.viewer, input),
    createBenefit: (_: unknown, { input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.createBenefit(ctx.viewer, input),
    updateBenefit: (_: unknown, { input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.updateBenefit(ctx.viewer, input),
    createSku: (_: unknown, { input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.createSku(ctx.viewer, input),
    updateSku: (_: unknown, { input }: Input, ctx: CatalogContext) =>
      ctx.services.catalogAdmin.updateSku(ctx.viewer, input),
  },
  CatalogAuditEntry: {
    details: (row: CatalogAuditRow) => JSON.stringify(row.details),
    at: (row: CatalogAuditRow) => row.createdAt.toISOString(),
  },
};
