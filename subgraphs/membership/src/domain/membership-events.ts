// The events membership publishes through its outbox (docs/analytics.md,
// "Sources: outboxes"): one budget.* event per budget movement, written in the
// movement's transaction, and org.unit_changed for every unit a tree change
// touched. After the transaction commits, `wake` tells consumers to read now
// (best effort: they poll anyway).
import { MEMBERSHIP_OUTBOX_TOPIC, type HubPubSub, type Logger, type OutboxEventInput } from "@benefits-hub/platform";
import type { BudgetEntryKind, Prisma } from "@benefits-hub/platform/db/client";
import type { MembershipOutboxRepository } from "../data/outbox.repository";
import type { OrgUnitRepository, OrgUnitRow } from "../data/org-unit.repository";

type Tx = Prisma.TransactionClient;

export const BUDGET_EVENT_TYPES = {
  FUNDING: "budget.funded",
  ALLOCATION: "budget.allocated",
  RESERVE: "budget.reserved",
  COMMIT: "budget.committed",
  RELEASE: "budget.released",
} as const satisfies Record<BudgetEntryKind, string>;

export const ORG_UNIT_CHANGED = "org.unit_changed";

export type OrgUnitChange = "CREATED" | "RENAMED" | "MOVED" | "ARCHIVED";

/** The unit fields an event names (an OrgUnitRow fits). */
export type EventUnit = Pick<OrgUnitRow, "id" | "tenantId" | "name" | "path">;

export interface BudgetMovement {
  kind: BudgetEntryKind;
  tenantId: string;
  /** The unit whose budget moved (an allocation's receiving unit), or its id to read it in the transaction. */
  unit: EventUnit | string;
  period: string;
  amountFen: bigint;
  reservationId?: string | null;
  reference?: string | null;
  /** Allocations: the giving unit (the receiving one is `unit`). */
  fromOrgUnitId?: string;
  /** Part settlements: the held reservation the part was taken from. */
  partOf?: string;
}

/** The outbox row of a budget movement (payload money as JSON numbers of fen). */
export function budgetEvent(m: BudgetMovement & { unit: EventUnit }): OutboxEventInput {
  const payload: Record<string, unknown> = {
    orgUnitId: m.unit.id,
    orgUnitName: m.unit.name,
    orgPath: m.unit.path,
    period: m.period,
    amountFen: Number(m.amountFen),
    reservationId: m.reservationId ?? null,
    reference: m.reference ?? null,
  };
  if (m.kind === "ALLOCATION") {
    payload.fromOrgUnitId = m.fromOrgUnitId;
    payload.toOrgUnitId = m.unit.id;
  }
  if (m.partOf) payload.partOf = m.partOf;
  return { tenantId: m.tenantId, type: BUDGET_EVENT_TYPES[m.kind], payload };
}

/** The outbox row of a unit as a tree change left it. */
export function orgUnitChangedEvent(
  unit: Pick<OrgUnitRow, "id" | "tenantId" | "name" | "parentId" | "path" | "archivedAt">,
  change: OrgUnitChange,
): OutboxEventInput {
  return {
    tenantId: unit.tenantId,
    type: ORG_UNIT_CHANGED,
    payload: {
      orgUnitId: unit.id,
      name: unit.name,
      parentId: unit.parentId,
      orgPath: unit.path,
      archived: unit.archivedAt !== null,
      change,
    },
  };
}

export class MembershipEvents {
  constructor(
    private readonly outbox: MembershipOutboxRepository,
    private readonly units: OrgUnitRepository,
    private readonly pubsub: HubPubSub,
    private readonly log: Logger,
  ) {}

  /** Appends the movement's event inside its transaction. */
  async budgetMoved(tx: Tx, movement: BudgetMovement): Promise<void> {
    const unit =
      typeof movement.unit === "string"
        ? await this.units.findInTx(tx, movement.tenantId, movement.unit)
        : movement.unit;
    if (!unit) throw new Error(`budget event: org unit ${String(movement.unit)} not found`);
    await this.outbox.append(tx, [budgetEvent({ ...movement, unit })]);
  }

  /** Appends one org.unit_changed per unit, inside the change's transaction. */
  async unitsChanged(tx: Tx, units: readonly OrgUnitRow[], change: OrgUnitChange): Promise<void> {
    await this.outbox.append(
      tx,
      units.map((u) => orgUnitChangedEvent(u, change)),
    );
  }

  /** After commit: consumers read now rather than at their next poll. Never fails the caller. */
  wake(): void {
    this.pubsub.publish(MEMBERSHIP_OUTBOX_TOPIC, { at: Date.now() }).catch((err: unknown) => {
      this.log.warn({ err: String(err) }, "membership outbox wake-up not published; consumers will poll");
    });
  }
}
