// Card codes: operators' views of imports and low-stock alerts, the
// entitlements domain's allocation, and members' reveals. Rules live in
// CardCodeService; a payload never carries a code except the owner's reveal.
import type { CatalogContext } from "../context";
import type { CodeImportRow, LowStockAlertRow } from "../data/codes/card-code.repository";
import type { AllocateInput } from "../domain/codes/code.service";
import { stockOf } from "../domain/catalog.service";
import { keyedMutation } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

type Ctx = CatalogContext;
const iso = (date: Date | null) => date?.toISOString() ?? null;

export const codeResolvers = {
  Query: {
    codeImport: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.services.codes.codeImport(id),
    codeImports: (_: unknown, args: { skuId: string; first?: number | null }, ctx: Ctx) =>
      ctx.services.codes.codeImports(args.skuId, args.first),
    lowStockAlerts: (_: unknown, __: unknown, ctx: Ctx) => ctx.services.codes.lowStockAlerts(),
  },
  Mutation: {
    allocateCardCode: keyedMutation(shapes.allocation, ({ input }: { input: AllocateInput }, ctx: Ctx) =>
      ctx.services.codes.allocate(input),
    ),
    revealCardCode: (_: unknown, { input }: { input: { entitlementId: string } }, ctx: Ctx) =>
      ctx.services.codes.reveal(ctx.viewer, input.entitlementId),
  },
  CodeImport: {
    sku: (row: CodeImportRow, _: unknown, ctx: Ctx) => ctx.services.catalog.loaders.skuById.load(row.skuId),
    problems: (row: CodeImportRow) => (Array.isArray(row.report) ? row.report : []),
    createdAt: (row: CodeImportRow) => row.createdAt.toISOString(),
    finishedAt: (row: CodeImportRow) => iso(row.finishedAt),
  },
  LowStockAlert: {
    sku: (row: LowStockAlertRow, _: unknown, ctx: Ctx) => ctx.services.catalog.loaders.skuById.load(row.skuId),
    // The SKU's own count (what Sku.stock says), never a copy that an import or allocation has since changed.
    stock: async (row: LowStockAlertRow, _: unknown, ctx: Ctx) => {
      const sku = await ctx.services.catalog.loaders.skuById.load(row.skuId);
      return (sku && stockOf(sku)) ?? row.stock;
    },
    threshold: async (row: LowStockAlertRow, _: unknown, ctx: Ctx) =>
      (await ctx.services.catalog.loaders.skuById.load(row.skuId))?.lowStockThreshold ?? row.threshold,
    stockAtOpen: (row: LowStockAlertRow) => row.stock,
    openedAt: (row: LowStockAlertRow) => row.openedAt.toISOString(),
    closedAt: (row: LowStockAlertRow) => iso(row.closedAt),
  },
  CardCodeAllocation: {
    expiresAt: (row: { expiresAt: Date | null }) => iso(row.expiresAt),
  },
  CardCodeReveal: {
    expiresAt: (row: { expiresAt: Date | null }) => iso(row.expiresAt),
  },
};
