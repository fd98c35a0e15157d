// Three-way reconciliation over analytics' copies: the supplier's statement
// lines, our supplier orders, and the entitlements they were for. Lines and
// orders pair on (supplier, reference) whatever day each side fell on, so an
// order billed in the next period is not reported missing from this one's
// statement twice. Set-based: a few joins, no loop over lines.
import { Prisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import type { CockpitScope } from "../../domain/cockpit/scope";
import { tenantCondition } from "./conditions";

export type MismatchKind =
  | "MISSING_IN_STATEMENT"
  | "EXTRA_IN_STATEMENT"
  | "AMOUNT_MISMATCH"
  | "ORDER_WITHOUT_ENTITLEMENT"
  | "ENTITLEMENT_WITHOUT_ORDER";

export interface MismatchRow {
  kind: MismatchKind;
  supplierId: string;
  reference: string;
  skuId: string | null;
  entitlementId: string | null;
  statementAmount: bigint | null;
  statementQuantity: number | null;
  /** Lines the supplier billed under the reference (more than 1: billed twice, amounts summed). */
  statementLines: number | null;
  orderAmount: bigint | null;
  orderQuantity: number | null;
  orderStatus: string | null;
  entitlementState: string | null;
}

export interface ReconciliationTotals {
  statementLines: bigint;
  statementTotal: bigint;
  orders: bigint;
  ordersTotal: bigint;
  matched: bigint;
  entitlementsIssued: bigint;
  entitlementsRedeemed: bigint;
}

export interface ReconciliationQuery {
  from: string;
  to: string;
  supplierId: string | null;
  scope: CockpitScope;
}

/** Orders that bill: a top-up that went through, a card code handed out. */
const BILLABLE = Prisma.sql`('SUCCEEDED', 'ALLOCATED')`;
const NO_SUPPLIER = "00000000-0000-0000-0000-000000000000";

/** The period's lines (of the scope's orders, or every line for a cross-tenant view), its billable orders, each with the other side. */
function sides(q: ReconciliationQuery): Prisma.Sql {
  const supplier = (column: string) =>
    q.supplierId ? Prisma.sql`${Prisma.raw(column)} = ${q.supplierId}::uuid` : Prisma.sql`TRUE`;
  return Prisma.sql`
    lines AS (
      SELECT l.supplier_id, l.reference, l.sku_id, l.amount_fen, l.quantity, l.lines,
             o.status AS o_status, o.amount_fen AS o_amount, o.quantity AS o_quantity,
             o.entitlement_id, o.sku_id AS o_sku
      FROM analytics.statement_line l
      LEFT JOIN analytics.supplier_order o ON o.supplier_id = l.supplier_id AND o.reference = l.reference
      WHERE l.billed_day BETWEEN ${q.from}::date AND ${q.to}::date AND ${supplier("l.supplier_id")}
        AND ${q.scope.tenantIds === null ? Prisma.sql`TRUE` : tenantCondition("o.tenant_id", q.scope)}
    ), orders AS (
      SELECT o.supplier_id, o.reference, o.sku_id, o.entitlement_id, o.amount_fen, o.quantity, o.status,
             l.amount_fen AS l_amount, l.quantity AS l_quantity, l.lines AS l_lines,
             (l.billed_day BETWEEN ${q.from}::date AND ${q.to}::date) AS l_in_period
      FROM analytics.supplier_order o
      LEFT JOIN analytics.statement_line l ON l.supplier_id = o.supplier_id AND l.reference = o.reference
      WHERE o.day BETWEEN ${q.from}::date AND ${q.to}::date AND o.status IN ${BILLABLE}
        AND ${tenantCondition("o.tenant_id", q.scope)} AND ${supplier("o.supplier_id")}
    ), facts AS (
      SELECT f.entitlement_id, f.supplier_id, f.sku_id, f.state
      FROM analytics.entitlement_fact f
      WHERE f.issued_day BETWEEN ${q.from}::date AND ${q.to}::date AND ${tenantCondition("f.tenant_id", q.scope)}
        AND f.fulfilment_kind IN ('CARD_CODE', 'DIRECT_TOPUP') AND f.supplier_id <> ${NO_SUPPLIER}::uuid
        AND f.channel <> 'TRANSFER' AND ${supplier("f.supplier_id")}
    )`;
}

export class CockpitReconciliationRepository {
  constructor(private readonly db: PrismaClient) {}

  async totals(q: ReconciliationQuery): Promise<ReconciliationTotals> {
    const [row] = await this.db.$queryRaw<ReconciliationTotals[]>`
      WITH ${sides(q)}
      SELECT (SELECT COALESCE(SUM(lines), 0) FROM lines)::bigint AS "statementLines",
             (SELECT COALESCE(SUM(amount_fen), 0) FROM lines)::bigint AS "statementTotal",
             (SELECT count(*) FROM orders)::bigint AS orders,
             (SELECT COALESCE(SUM(amount_fen), 0) FROM orders)::bigint AS "ordersTotal",
             ((SELECT count(*) FROM lines
               WHERE o_status IN ${BILLABLE} AND o_amount = amount_fen AND o_quantity = quantity)
              + (SELECT count(*) FROM orders
                 WHERE NOT l_in_period AND l_amount = amount_fen AND l_quantity = quantity))::bigint AS matched,
             (SELECT count(*) FROM facts)::bigint AS "entitlementsIssued",
             (SELECT count(*) FROM facts WHERE state = 'REDEEMED')::bigint AS "entitlementsRedeemed"`;
    return row!;
  }

  /** Every mismatch by kind, then supplier and reference, at most `limit`. */
  mismatches(q: ReconciliationQuery, limit: number): Promise<MismatchRow[]> {
    return this.db.$queryRaw<MismatchRow[]>`
      WITH ${sides(q)}, found AS (
        SELECT 'EXTRA_IN_STATEMENT' AS kind, supplier_id, reference, COALESCE(sku_id, o_sku) AS sku_id, entitlement_id,
               amount_fen AS s_amount, quantity AS s_quantity, lines AS s_lines, o_amount, o_quantity, o_status,
               NULL::text AS e_state
        FROM lines WHERE o_status IS NULL OR o_status NOT IN ${BILLABLE}
        UNION ALL
        SELECT 'AMOUNT_MISMATCH', supplier_id, reference, COALESCE(o_sku, sku_id), entitlement_id,
               amount_fen, quantity, lines, o_amount, o_quantity, o_status, NULL
        FROM lines WHERE o_status IN ${BILLABLE} AND (o_amount <> amount_fen OR o_quantity <> quantity)
        UNION ALL
        SELECT 'AMOUNT_MISMATCH', supplier_id, reference, sku_id, entitlement_id,
               l_amount, l_quantity, l_lines, amount_fen, quantity, status, NULL
        FROM orders WHERE NOT l_in_period AND (l_amount <> amount_fen OR l_quantity <> quantity)
        UNION ALL
        SELECT 'MISSING_IN_STATEMENT', supplier_id, reference, sku_id, entitlement_id,
               NULL, NULL, NULL, amount_fen, quantity, status, NULL
        FROM orders WHERE l_in_period IS NULL
        UNION ALL
        SELECT 'ORDER_WITHOUT_ENTITLEMENT', o.supplier_id, o.reference, o.sku_id, o.entitlement_id,
               o.l_amount, o.l_quantity, o.l_lines, o.amount_fen, o.quantity, o.status, f.state
        FROM orders o LEFT JOIN analytics.entitlement_fact f ON f.entitlement_id = o.entitlement_id
        WHERE f.entitlement_id IS NULL OR f.state = 'REVOKED'
        UNION ALL
        SELECT 'ENTITLEMENT_WITHOUT_ORDER', f.supplier_id, '', f.sku_id, f.entitlement_id,
               NULL, NULL, NULL, NULL, NULL, NULL, f.state
        FROM facts f
        WHERE f.state = 'REDEEMED' AND NOT EXISTS (
          SELECT 1 FROM analytics.supplier_order o
          WHERE o.entitlement_id = f.entitlement_id AND o.status IN ${BILLABLE})
      )
      SELECT kind, supplier_id::text AS "supplierId", reference, sku_id::text AS "skuId",
             entitlement_id::text AS "entitlementId", s_amount AS "statementAmount", s_quantity AS "statementQuantity",
             s_lines AS "statementLines",
             o_amount AS "orderAmount", o_quantity AS "orderQuantity", o_status AS "orderStatus",
             e_state AS "entitlementState"
      FROM found
      ORDER BY kind COLLATE "C", "supplierId", reference COLLATE "C", "entitlementId"
      LIMIT ${limit}`;
  }
}
