// Suppliers, their products and statements (platform operators), and
// top-ups (services; their owner). Rules live in domain/suppliers.
import type { SupplierStatus } from "@benefits-hub/platform/db/client";
import type { CatalogContext } from "../context";
import type { SupplierRow } from "../data/suppliers/supplier.repository";
import type { TopupOrderRow } from "../data/suppliers/topup.repository";
import type {
  CreateSupplierInput,
  ListSupplierProductInput,
  SettlementStatementView,
  UpdateSupplierInput,
} from "../domain/suppliers/supplier-admin.service";
import type { RequestTopupInput } from "../domain/suppliers/topup.service";
import type { ImportStatementInput } from "../domain/suppliers/statement-import.service";
import type { StatementLineRow, StatementRow } from "../data/suppliers/statement.repository";
import type { SettlementLineInfo } from "../suppliers/adapter";
import { keyedMutation } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

type Ctx = CatalogContext;
const iso = (date: Date | null) => date?.toISOString() ?? null;

export const supplierResolvers = {
  Query: {
    suppliers: (_: unknown, __: unknown, ctx: Ctx) => ctx.services.suppliers.admin.list(),
    supplierProducts: (_: unknown, { supplierId }: { supplierId: string }, ctx: Ctx) =>
      ctx.services.suppliers.admin.products(supplierId),
    supplierStatement: (_: unknown, args: { supplierId: string; from: string; to: string }, ctx: Ctx) =>
      ctx.services.suppliers.admin.statement(args.supplierId, args.from, args.to),
    importedSupplierStatements: (_: unknown, args: { supplierId: string; first?: number | null }, ctx: Ctx) =>
      ctx.services.suppliers.statements.imported(args.supplierId, args.first),
    topupOrder: (_: unknown, { entitlementId }: { entitlementId: string }, ctx: Ctx) =>
      ctx.services.suppliers.topups.topupOrder(ctx.viewer, entitlementId),
  },
  Mutation: {
    createSupplier: keyedMutation(shapes.supplier, ({ input }: { input: CreateSupplierInput }, ctx: Ctx) =>
      ctx.services.suppliers.admin.createSupplier(ctx.viewer, input),
    ),
    updateSupplier: keyedMutation(
      shapes.supplier,
      ({ input }: { input: UpdateSupplierInput & { status?: SupplierStatus } }, ctx: Ctx) =>
        ctx.services.suppliers.admin.updateSupplier(ctx.viewer, input),
    ),
    listSupplierProduct: keyedMutation(shapes.sku, ({ input }: { input: ListSupplierProductInput }, ctx: Ctx) =>
      ctx.services.suppliers.admin.listProduct(ctx.viewer, input),
    ),
    syncSupplier: keyedMutation(shapes.syncSupplier, ({ id }: { id: string }, ctx: Ctx) =>
      ctx.services.suppliers.admin.syncNow(id),
    ),
    importSupplierStatement: keyedMutation(
      shapes.importStatement,
      ({ input }: { input: ImportStatementInput }, ctx: Ctx) =>
        ctx.services.suppliers.statements.importStatement(ctx.viewer, input),
    ),
    requestTopup: keyedMutation(shapes.topup, ({ input }: { input: RequestTopupInput }, ctx: Ctx) =>
      ctx.services.suppliers.topups.requestTopup(ctx.viewer, input),
    ),
  },
  Supplier: {
    __resolveReference: ({ id }: { id: string }, ctx: Ctx) => ctx.services.catalog.loaders.supplierById.load(id),
    lastSyncAt: (s: SupplierRow) => iso(s.lastSyncAt),
    nextSyncAt: (s: SupplierRow) => s.nextSyncAt.toISOString(),
    skus: (s: SupplierRow, _: unknown, ctx: Ctx) => ctx.services.catalog.loaders.skusBySupplierId.load(s.id),
  },
  SettlementStatement: {
    from: (s: SettlementStatementView) => s.from.toISOString(),
    to: (s: SettlementStatementView) => s.to.toISOString(),
  },
  SettlementLine: {
    completedAt: (line: SettlementLineInfo) => line.completedAt.toISOString(),
  },
  ImportedStatement: {
    supplier: (s: StatementRow, _: unknown, ctx: Ctx) => ctx.services.catalog.loaders.supplierById.load(s.supplierId),
    from: (s: StatementRow) => s.periodFrom.toISOString(),
    to: (s: StatementRow) => s.periodTo.toISOString(),
    totalFen: (s: StatementRow) => Number(s.totalFen),
    importedAt: (s: StatementRow) => s.importedAt.toISOString(),
    lines: (s: StatementRow, _: unknown, ctx: Ctx) => ctx.services.suppliers.statements.lines(s.id),
  },
  ImportedStatementLine: {
    sku: (line: StatementLineRow, _: unknown, ctx: Ctx) =>
      line.skuId ? ctx.services.catalog.loaders.skuById.load(line.skuId) : null,
    amountFen: (line: StatementLineRow) => Number(line.amountFen),
    billedAt: (line: StatementLineRow) => line.billedAt.toISOString(),
  },
  TopupOrder: {
    sku: (o: TopupOrderRow, _: unknown, ctx: Ctx) => ctx.services.catalog.loaders.skuById.load(o.skuId),
    account: (o: TopupOrderRow) => o.accountMasked,
    createdAt: (o: TopupOrderRow) => o.createdAt.toISOString(),
    completedAt: (o: TopupOrderRow) => iso(o.completedAt),
  },
};
