// The catalog's events for analytics (docs/analytics.md, "Sources: catalog
// supplier orders and statements"), each written in the transaction of the
// change it tells, through the catalog outbox:
//  - supplier.order_placed / order_succeeded / order_failed: a top-up order
//    was created / finished (reference = the order's id, which is the
//    external reference the supplier fulfils and bills it under);
//  - supplier.code_allocated: a card code of a supplier's SKU went to an
//    entitlement (reference = the card code's id);
//  - supplier.statement_line: one line of an imported settlement statement
//    (tenantId null).
// Money is integer fen; amountFen of an order is the SKU's cost price × quantity.
// After the commit CATALOG_OUTBOX_TOPIC wakes the readers (best effort: they
// also poll).
import { CATALOG_OUTBOX_TOPIC, type HubPubSub, type Logger, type OutboxEventInput } from "@benefits-hub/platform";
import type { Prisma } from "@benefits-hub/platform/db/client";
import { appendCatalogEvents } from "../../data/outbox.repository";
import { skuSupplyFacts, type SkuSupplyFacts } from "../../data/suppliers/supplier-events.repository";

export const SUPPLIER_EVENT = {
  orderPlaced: "supplier.order_placed",
  orderSucceeded: "supplier.order_succeeded",
  orderFailed: "supplier.order_failed",
  codeAllocated: "supplier.code_allocated",
  statementLine: "supplier.statement_line",
} as const;

export type SupplierOrderEventType =
  | typeof SUPPLIER_EVENT.orderPlaced
  | typeof SUPPLIER_EVENT.orderSucceeded
  | typeof SUPPLIER_EVENT.orderFailed
  | typeof SUPPLIER_EVENT.codeAllocated;

export interface SupplierOrderPayload {
  supplierId: string;
  supplierName: string;
  /** What the supplier's statement names the line by: the top-up order's id, or the card code's id. */
  reference: string;
  skuId: string;
  entitlementId: string;
  quantity: number;
  /** The SKU's cost price × quantity, in fen. */
  amountFen: number;
  kind: "TOPUP" | "CARD_CODE";
}

export interface SupplierOrder {
  tenantId: string;
  reference: string;
  skuId: string;
  entitlementId: string;
  quantity: number;
  kind: SupplierOrderPayload["kind"];
}

export interface StatementLinePayload {
  supplierId: string;
  statementId: string;
  /** The statement's period [from, to), ISO. */
  from: string;
  to: string;
  reference: string;
  productId: string;
  skuId: string | null;
  quantity: number;
  amountFen: number;
  billedAt: string;
}

/**
 * The outbox event of a supplier order (pure: seeds and backfills that write
 * rows straight to the tables build their events with it, then append them
 * with appendOutboxEvents(tx, "catalog", events) in the same transaction).
 */
export function supplierOrderEvent(
  type: SupplierOrderEventType,
  facts: SkuSupplyFacts,
  order: SupplierOrder,
): OutboxEventInput {
  const payload: SupplierOrderPayload = {
    supplierId: facts.supplierId,
    supplierName: facts.supplierName,
    reference: order.reference,
    skuId: order.skuId,
    entitlementId: order.entitlementId,
    quantity: order.quantity,
    amountFen: facts.costPriceFen * order.quantity,
    kind: order.kind,
  };
  return { tenantId: order.tenantId, type, payload };
}

/** The outbox event of one imported statement line (tenantId null: a statement is nobody's tenant's). */
export function statementLineEvent(payload: StatementLinePayload): OutboxEventInput {
  return { tenantId: null, type: SUPPLIER_EVENT.statementLine, payload };
}

export class SupplierEvents {
  constructor(
    private readonly pubsub: HubPubSub,
    private readonly log: Logger,
  ) {}

  /**
   * Writes the order's event in `tx`. A SKU without a supplier (a code pool
   * stocked by hand) is no supplier order: nothing is written, false returned.
   */
  async order(tx: Prisma.TransactionClient, type: SupplierOrderEventType, order: SupplierOrder): Promise<boolean> {
    const facts = await skuSupplyFacts(tx, order.skuId);
    if (!facts) return false;
    await appendCatalogEvents(tx, [supplierOrderEvent(type, facts, order)]);
    return true;
  }

  /** One supplier.statement_line event per line, in `tx` (tenantId null: a statement is nobody's tenant's). */
  async statementLines(tx: Prisma.TransactionClient, lines: StatementLinePayload[]): Promise<void> {
    await appendCatalogEvents(tx, lines.map(statementLineEvent));
  }

  /** After the commit: readers of the catalog outbox should read now (best effort; they also poll). */
  notify(): void {
    this.pubsub.publish(CATALOG_OUTBOX_TOPIC, { at: Date.now() }).catch((err: unknown) => {
      this.log.warn({ err }, "catalog outbox wake-up not published");
    });
  }
}
