// Platform operators import a supplier's settlement statement for a period:
// fetched from the supplier once, kept (catalog.settlement_statement and its
// lines), and told to analytics as one supplier.statement_line event per
// line, all in one transaction. Idempotent by supplier and period: importing
// the same period again answers the stored statement and writes nothing (a
// statement, once imported, is what the supplier billed; a correction from
// the supplier is a new period). A period overlapping another imported one of
// the same supplier is refused, so a reference is billed in one statement
// unless the supplier itself bills it twice (both lines are kept).
import { randomUUID } from "node:crypto";
import type { Identity } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { CatalogAuditRepository } from "../../data/audit.repository";
import type { NewStatementLine, StatementRepository, StatementRow } from "../../data/suppliers/statement.repository";
import type { SupplierRepository } from "../../data/suppliers/supplier.repository";
import { skusOfProducts } from "../../data/suppliers/supplier-events.repository";
import { isSupplierError, type SettlementLineInfo } from "../../suppliers/adapter";
import type { SupplierRegistry } from "../../suppliers/registry";
import { auditActor } from "../audit";
import { invalid, type CatalogError } from "../catalog-admin-rules";
import { isUuid } from "../ids";
import type { SupplierEvents } from "./supplier-events";

export interface ImportStatementInput {
  supplierId: string;
  from: string;
  to: string;
}

export interface ImportStatementPayload {
  statement: StatementRow | null;
  /** True when this supplier and period were imported before: the stored statement, nothing written. */
  alreadyImported: boolean;
  errors: CatalogError[];
}

/** The longest period one statement covers (as the supplierStatement query). */
export const MAX_STATEMENT_DAYS = 93;

const fail = (error: CatalogError): ImportStatementPayload => ({
  statement: null,
  alreadyImported: false,
  errors: [error],
});
const stored = (statement: StatementRow): ImportStatementPayload => ({ statement, alreadyImported: true, errors: [] });

export class StatementImportService {
  constructor(
    private readonly db: PrismaClient,
    private readonly suppliers: SupplierRepository,
    private readonly statements: StatementRepository,
    private readonly registry: SupplierRegistry,
    private readonly events: SupplierEvents,
    private readonly audit: CatalogAuditRepository,
  ) {}

  async importStatement(viewer: Identity, input: ImportStatementInput): Promise<ImportStatementPayload> {
    const period = checkPeriod(input.from, input.to);
    if ("error" in period) return fail(period.error);
    const { from, to } = period;
    const supplier = isUuid(input.supplierId) ? await this.suppliers.byId(input.supplierId) : null;
    if (!supplier) return fail({ code: "NOT_FOUND", field: "supplierId", message: "no such supplier" });
    const before = await this.statements.byPeriod(supplier.id, from, to);
    if (before) return stored(before);
    const overlap = await this.statements.overlapping(this.db, supplier.id, from, to);
    if (overlap) return fail(overlapping(overlap));

    let lines: SettlementLineInfo[];
    try {
      lines = await this.registry.adapterFor(supplier).settlement(from, to);
    } catch (error) {
      if (!isSupplierError(error)) throw error;
      return fail({ code: "SUPPLIER_UNAVAILABLE", field: null, message: error.message });
    }

    const actor = auditActor(viewer);
    const result = await this.db.$transaction(async (tx): Promise<ImportStatementPayload> => {
      // One import of this supplier's statements at a time: the checks below then hold until the commit.
      await this.statements.lockSupplier(tx, supplier.id);
      const raced = await this.statements.byPeriod(supplier.id, from, to, tx);
      if (raced) return stored(raced);
      const clash = await this.statements.overlapping(tx, supplier.id, from, to);
      if (clash) return fail(overlapping(clash));
      const skus = await skusOfProducts(tx, supplier.id, [...new Set(lines.map((line) => line.productId))]);
      const rows: NewStatementLine[] = lines.map((line, i) => ({
        lineNo: i + 1,
        reference: line.externalRef,
        productId: line.productId,
        skuId: skus.get(line.productId) ?? null,
        quantity: line.quantity,
        amountFen: line.amountFen,
        billedAt: line.completedAt,
      }));
      const statement = await this.statements.create(
        tx,
        { id: randomUUID(), supplierId: supplier.id, from, to, importedBy: `${actor.actorKind}:${actor.actorId}` },
        rows,
      );
      await this.events.statementLines(
        tx,
        rows.map((row) => ({
          supplierId: supplier.id,
          statementId: statement.id,
          from: from.toISOString(),
          to: to.toISOString(),
          reference: row.reference,
          productId: row.productId,
          skuId: row.skuId,
          quantity: row.quantity,
          amountFen: row.amountFen,
          billedAt: row.billedAt.toISOString(),
        })),
      );
      await this.audit.record(tx, {
        tenantId: null,
        ...actor,
        action: "supplier.statement_imported",
        targetType: "supplier",
        targetId: supplier.id,
        details: {
          statementId: statement.id,
          from: from.toISOString(),
          to: to.toISOString(),
          lines: rows.length,
          totalFen: Number(statement.totalFen),
        },
      });
      return { statement, alreadyImported: false, errors: [] };
    });
    if (!result.alreadyImported && result.statement) this.events.notify();
    return result;
  }

  /** The supplier's imported statements, latest period first. */
  imported(supplierId: string, first: number | null | undefined): Promise<StatementRow[]> {
    if (!isUuid(supplierId)) return Promise.resolve([]);
    return this.statements.ofSupplier(supplierId, Math.min(Math.max(first ?? 20, 1), 100));
  }

  lines(statementId: string) {
    return this.statements.linesOf(statementId);
  }
}

/** [from, to): ISO dates, from before to, at most MAX_STATEMENT_DAYS, and over (a statement of a running period would be incomplete). */
function checkPeriod(fromText: unknown, toText: unknown): { from: Date; to: Date } | { error: CatalogError } {
  const parse = (value: unknown) =>
    typeof value === "string" && value.length <= 40 ? new Date(value) : new Date(Number.NaN);
  const from = parse(fromText);
  const to = parse(toText);
  if (Number.isNaN(from.getTime())) return { error: invalid("from", "from must be an ISO date") };
  if (Number.isNaN(to.getTime())) return { error: invalid("to", "to must be an ISO date") };
  if (to <= from) return { error: invalid("to", "to must be after from") };
  if (to.getTime() - from.getTime() > MAX_STATEMENT_DAYS * 86_400_000) {
    return { error: invalid("to", `a statement covers at most ${MAX_STATEMENT_DAYS} days`) };
  }
  if (to.getTime() > Date.now()) return { error: invalid("to", "the period has not ended yet") };
  return { from, to };
}

const overlapping = (other: StatementRow): CatalogError =>
  invalid(
    "from",
    `the period overlaps the statement already imported for ${other.periodFrom.toISOString()} to ${other.periodTo.toISOString()}`,
  );
