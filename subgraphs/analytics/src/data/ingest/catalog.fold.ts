// Folds catalog's outbox (supplier orders and code allocations, settlement
// statement lines) into supplier_order and statement_line, set-based. Each
// event is applied once (the checkpoint), so lines billing one reference add up.
import type { RemoteEvent } from "../../consumers/outbox-client";
import { addLabel, labelWrite, type Label } from "./entitlements.fold";
import { emptyOutcome, touch, type FoldOutcome } from "./outcome";
import { fen, idOrNull, shanghaiDay, textOr, upsertAll, type Sql } from "./sql";

const STATUS_OF: Record<string, string> = {
  "supplier.order_placed": "PLACED",
  "supplier.order_succeeded": "SUCCEEDED",
  "supplier.order_failed": "FAILED",
  "supplier.code_allocated": "ALLOCATED",
};

/** A day (YYYY-MM-DD) from a payload date or timestamp, in Asia/Shanghai; `fallback` when absent. */
function dayOf(value: unknown, fallback: string): string {
  if (typeof value !== "string") return fallback;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return Number.isNaN(Date.parse(value)) ? fallback : shanghaiDay(value);
}

export async function foldCatalogEvents(
  sql: Sql,
  schema: string,
  events: readonly RemoteEvent[],
): Promise<FoldOutcome> {
  const outcome = emptyOutcome();
  const orders = new Map<string, Record<string, unknown>>();
  const lines = new Map<string, Record<string, unknown>>();
  const labels = new Map<string, Label>();

  for (const event of events) {
    const p = event.payload;
    const supplierId = idOrNull(p.supplierId);
    if (!supplierId) continue;
    const day = shanghaiDay(event.occurredAt);
    const status = STATUS_OF[event.type];
    if (status) {
      const reference = textOr(p.reference);
      if (!reference) continue;
      const key = `${supplierId}|${reference}`;
      const prev = orders.get(key);
      orders.set(key, {
        supplier_id: supplierId,
        reference,
        tenant_id: event.tenantId ?? prev?.tenant_id ?? null,
        supplier_name: textOr(p.supplierName) || (prev?.supplier_name ?? ""),
        sku_id: idOrNull(p.skuId) ?? prev?.sku_id ?? null,
        entitlement_id: idOrNull(p.entitlementId) ?? prev?.entitlement_id ?? null,
        kind: textOr(p.kind) || (prev?.kind ?? ""),
        amount_fen: fen(p.amountFen),
        quantity: Number.isInteger(p.quantity) ? p.quantity : 1,
        status,
        day: prev?.day ?? day,
      });
      if (event.tenantId && typeof p.supplierName === "string" && p.supplierName) {
        addLabel(labels, event.tenantId, "SUPPLIER", supplierId, p.supplierName, event.occurredAt);
      }
      touch(outcome, event);
    } else if (event.type === "supplier.statement_line") {
      const reference = textOr(p.reference);
      if (!reference) continue;
      const billed = dayOf(p.billedAt, day);
      // A reference billed twice (two lines) is kept as one row with both lines summed: a duplicate
      // billing then shows as a quantity and amount that do not match the order.
      const key = `${supplierId}|${reference}`;
      const prev = lines.get(key);
      lines.set(key, {
        supplier_id: supplierId,
        reference,
        statement_id: textOr(p.statementId),
        product_id: textOr(p.productId),
        sku_id: idOrNull(p.skuId),
        quantity: ((prev?.quantity as number) ?? 0) + (Number.isInteger(p.quantity) ? (p.quantity as number) : 0),
        amount_fen: ((prev?.amount_fen as number) ?? 0) + fen(p.amountFen),
        billed_day: billed,
        from_day: dayOf(p.from, billed),
        to_day: dayOf(p.to, billed),
        lines: ((prev?.lines as number) ?? 0) + 1,
      });
    }
  }

  await upsertAll(sql, schema, [
    {
      spec: {
        table: "supplier_order",
        columns: {
          supplier_id: "uuid",
          reference: "text",
          tenant_id: "uuid",
          supplier_name: "text",
          sku_id: "uuid",
          entitlement_id: "uuid",
          kind: "text",
          amount_fen: "bigint",
          quantity: "int",
          status: "text",
          day: "date",
        },
        conflict: ["supplier_id", "reference"],
        // The first event's day stays; what is known fills in; the latest status wins.
        action: `UPDATE SET tenant_id = COALESCE(EXCLUDED.tenant_id, t.tenant_id),
               supplier_name = COALESCE(NULLIF(EXCLUDED.supplier_name, ''), t.supplier_name),
               sku_id = COALESCE(EXCLUDED.sku_id, t.sku_id),
               entitlement_id = COALESCE(EXCLUDED.entitlement_id, t.entitlement_id),
               kind = COALESCE(NULLIF(EXCLUDED.kind, ''), t.kind),
               amount_fen = EXCLUDED.amount_fen, quantity = EXCLUDED.quantity, status = EXCLUDED.status`,
      },
      rows: [...orders.values()],
    },
    {
      spec: {
        table: "statement_line",
        columns: {
          supplier_id: "uuid",
          reference: "text",
          statement_id: "text",
          product_id: "text",
          sku_id: "uuid",
          quantity: "int",
          amount_fen: "bigint",
          billed_day: "date",
          from_day: "date",
          to_day: "date",
          lines: "int",
        },
        conflict: ["supplier_id", "reference"],
        action: `UPDATE SET statement_id = EXCLUDED.statement_id, product_id = EXCLUDED.product_id, sku_id = EXCLUDED.sku_id,
               quantity = t.quantity + EXCLUDED.quantity, amount_fen = t.amount_fen + EXCLUDED.amount_fen,
               billed_day = EXCLUDED.billed_day, from_day = EXCLUDED.from_day, to_day = EXCLUDED.to_day,
               lines = t.lines + EXCLUDED.lines`,
      },
      rows: [...lines.values()],
    },
    labelWrite([...labels.values()]),
  ]);
  return outcome;
}
