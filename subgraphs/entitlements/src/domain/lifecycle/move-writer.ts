// Writes one lifecycle move: the guarded update, its event on the
// entitlement's hash chain, its budget settlement and whatever else belongs
// to it (stock, audit, the idempotency seal), all in one transaction; then
// wakes the outbox's consumers. A refused guard changes nothing.
import { ENTITLEMENTS_OUTBOX_TOPIC, type HubPubSub, type Logger } from "@benefits-hub/platform";
import type { BudgetSettlementKind, Prisma } from "@benefits-hub/platform/db/client";
import type { EntitlementRepository, EntitlementRow, MoveGuard } from "../../data/entitlement.repository";
import type { EventRepository, Tx } from "../../data/event.repository";
import type { SettlementRepository } from "../../data/settlement.repository";

export interface MoveSpec {
  guard: MoveGuard;
  data: Prisma.EntitlementUpdateManyMutationInput;
  event: string;
  payload: (row: EntitlementRow) => Record<string, unknown>;
  /** Settle the row's budget reservation (if it has one) this way. */
  settle?: BudgetSettlementKind;
  /** More writes of the same move, after the event. */
  also?: (tx: Tx, row: EntitlementRow) => Promise<void>;
  /** Seals the idempotency key with the result, last in the transaction. */
  seal?: (tx: Tx, row: EntitlementRow) => Promise<void>;
}

export class MoveWriter {
  constructor(
    private readonly entitlements: EntitlementRepository,
    private readonly events: EventRepository,
    private readonly settlements: SettlementRepository,
    private readonly pubsub: HubPubSub,
    private readonly log: Logger,
  ) {}

  /** The moved row, or null when the guard refused (nothing written). */
  async move(spec: MoveSpec): Promise<EntitlementRow | null> {
    const row = await this.entitlements.transaction(async (tx) => {
      const moved = await this.entitlements.move(tx, spec.guard, spec.data);
      if (!moved) return null;
      await this.events.append(tx, {
        tenantId: moved.tenantId,
        entitlementId: moved.id,
        type: spec.event,
        payload: spec.payload(moved),
      });
      if (spec.settle) await this.settle(tx, moved, spec.settle);
      await spec.also?.(tx, moved);
      await spec.seal?.(tx, moved);
      return moved;
    });
    if (row) this.wake();
    return row;
  }

  async settle(tx: Tx, row: EntitlementRow, kind: BudgetSettlementKind): Promise<void> {
    if (!row.reservationId) return;
    await this.settlements.enqueue(tx, {
      reservationId: row.reservationId,
      // A pack option settles only its share of the pack's reservation: its cost.
      part: row.reservationPart ? { key: row.reservationPart, amountFen: row.costFen } : null,
      tenantId: row.tenantId,
      entitlementId: row.id,
      kind,
    });
  }

  /** Tells the outbox's consumers (analytics) that events committed; they poll anyway. */
  wake(): void {
    this.pubsub.publish(ENTITLEMENTS_OUTBOX_TOPIC, { at: Date.now() }).catch((err: unknown) => {
      this.log.warn({ err: String(err) }, "outbox wake-up not published; consumers will poll");
    });
  }
}
