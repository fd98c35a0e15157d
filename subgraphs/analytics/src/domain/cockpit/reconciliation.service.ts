// Three-way reconciliation for a period: the supplier's statement lines, our
// supplier orders, and the entitlements those orders were for. Every
// mismatch is listed by kind (at most MAX_MISMATCHES, the worst first by kind).
import type { Identity } from "@benefits-hub/platform";
import type {
  CockpitReconciliationRepository,
  MismatchKind,
  MismatchRow,
} from "../../data/cockpit/reconciliation.repository";
import { invalidInput, isUuid } from "./errors";
import { checkRange } from "./filter";
import { isEmptyScope, reconciliationScope } from "./scope";

export const MAX_MISMATCHES = 5000;

export interface ReconciliationMismatch {
  kind: MismatchKind;
  supplierId: string;
  reference: string;
  skuId: string | null;
  entitlementId: string | null;
  statementAmount: bigint | null;
  orderAmount: bigint | null;
  detail: string;
}

export interface Reconciliation {
  from: string;
  to: string;
  statementLines: number;
  statementTotal: bigint;
  orders: number;
  ordersTotal: bigint;
  entitlementsIssued: number;
  entitlementsRedeemed: number;
  matched: number;
  mismatches: ReconciliationMismatch[];
}

export interface ReconciliationArgs {
  from: string;
  to: string;
  supplierId?: string | null;
  tenantId?: string | null;
}

const side = (quantity: number | null, amount: bigint | null) => `${quantity ?? "?"} for ${amount ?? "?"} fen`;

/** One sentence saying what is wrong, in terms of the two sides' figures. */
export function describe(row: MismatchRow): string {
  switch (row.kind) {
    case "MISSING_IN_STATEMENT":
      return `Our ${row.orderStatus?.toLowerCase() ?? ""} order (${side(row.orderQuantity, row.orderAmount)}) is on no statement`;
    case "EXTRA_IN_STATEMENT":
      return row.orderStatus
        ? `Billed ${side(row.statementQuantity, row.statementAmount)} for an order we hold as ${row.orderStatus}`
        : `Billed ${side(row.statementQuantity, row.statementAmount)} for an order we never placed`;
    case "AMOUNT_MISMATCH":
      return (
        `Billed ${side(row.statementQuantity, row.statementAmount)}` +
        (row.statementLines && row.statementLines > 1 ? ` on ${row.statementLines} lines` : "") +
        `; our order was ${side(row.orderQuantity, row.orderAmount)}`
      );
    case "ORDER_WITHOUT_ENTITLEMENT":
      return row.entitlementState === "REVOKED"
        ? "The order's entitlement was revoked"
        : "The order names no entitlement that was issued";
    case "ENTITLEMENT_WITHOUT_ORDER":
      return "A redeemed entitlement fulfilled by the supplier has no supplier order";
  }
}

export class ReconciliationService {
  constructor(private readonly repository: CockpitReconciliationRepository) {}

  async reconcile(viewer: Identity, args: ReconciliationArgs): Promise<Reconciliation> {
    const { from, to } = checkRange(args.from, args.to);
    if (args.supplierId != null && !isUuid(args.supplierId)) invalidInput("supplierId", "a supplier id");
    if (args.tenantId != null && !isUuid(args.tenantId)) invalidInput("tenantId", "a tenant id");
    const scope = reconciliationScope(viewer, args.tenantId);
    const empty: Reconciliation = {
      from,
      to,
      statementLines: 0,
      statementTotal: 0n,
      orders: 0,
      ordersTotal: 0n,
      entitlementsIssued: 0,
      entitlementsRedeemed: 0,
      matched: 0,
      mismatches: [],
    };
    if (isEmptyScope(scope)) return empty;
    const query = { from, to, supplierId: args.supplierId?.toLowerCase() ?? null, scope };
    const [totals, rows] = await Promise.all([
      this.repository.totals(query),
      this.repository.mismatches(query, MAX_MISMATCHES),
    ]);
    return {
      from,
      to,
      statementLines: Number(totals.statementLines),
      statementTotal: totals.statementTotal,
      orders: Number(totals.orders),
      ordersTotal: totals.ordersTotal,
      entitlementsIssued: Number(totals.entitlementsIssued),
      entitlementsRedeemed: Number(totals.entitlementsRedeemed),
      matched: Number(totals.matched),
      mismatches: rows.map((row) => ({
        kind: row.kind,
        supplierId: row.supplierId,
        reference: row.reference,
        skuId: row.skuId,
        entitlementId: row.entitlementId,
        statementAmount: row.statementAmount,
        orderAmount: row.orderAmount,
        detail: describe(row),
      })),
    };
  }
}
