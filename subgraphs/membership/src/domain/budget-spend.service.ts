// Spending a unit's budget, for the hub's other services (and tenant admins):
// reserve (available -> reserved), then commit (reserved -> committed) or
// release (reserved -> available). A reservation is idempotent by key: the
// unique (tenant, key) makes a retry, even a concurrent one, find the first
// reservation instead of reserving twice. Commit and release happen once, as
// a guarded update from HELD.
import type { Identity } from "@benefits-hub/platform";
import type { AuditRepository } from "../data/audit.repository";
import type { BudgetRepository, BudgetReservationRow, NewLedgerEntry } from "../data/budget.repository";
import type { MembershipLoaders } from "../loaders";
import { auditActor } from "./audit";
import {
  actingTenant,
  actorOf,
  budgetError,
  BudgetRefusal,
  checkAmount,
  checkKey,
  checkPeriod,
  checkReference,
  deltasOf,
  firstError,
  insufficientFunds,
  unitNotFound,
  type BudgetError,
} from "./budget-rules";
import { BudgetPartSettlement } from "./budget-part.service";
import { inBudgetTransaction } from "./budget-transaction";
import { isUuid } from "./ids";
import type { MembershipEvents } from "./membership-events";

export interface ReserveInput {
  /** Services name the tenant; members act in their own. */
  tenantId?: string | null;
  orgUnitId: string;
  period: string;
  amountFen: bigint;
  idempotencyKey: string;
  reference: string;
}

export interface SettleInput {
  tenantId?: string | null;
  reservationId: string;
  /** Settle only this much, as the part `partKey` (both or neither). */
  amountFen?: bigint | null;
  partKey?: string | null;
}

export type ReservationResult =
  | { reservation: BudgetReservationRow; errors: [] }
  | { reservation: BudgetReservationRow | null; errors: [BudgetError] };

const refuse = (error: BudgetError, reservation: BudgetReservationRow | null = null): ReservationResult => ({
  reservation,
  errors: [error],
});

export class BudgetSpendService {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly loaders: MembershipLoaders,
    private readonly audit: AuditRepository,
    private readonly events: MembershipEvents,
  ) {
    this.parts = new BudgetPartSettlement(budgets, audit, events);
  }

  private readonly parts: BudgetPartSettlement;

  async reserve(viewer: Identity, asked: ReserveInput): Promise<ReservationResult> {
    const input = { ...asked, orgUnitId: asked.orgUnitId.toLowerCase() };
    const tenantId = actingTenant(viewer, input.tenantId);
    if (!tenantId || !isUuid(input.orgUnitId)) return refuse(unitNotFound());
    const invalid = firstError(
      checkPeriod(input.period),
      checkAmount(input.amountFen),
      checkKey(input.idempotencyKey),
      checkReference(input.reference),
    );
    if (invalid) return refuse(invalid);
    // Judged in the transaction after the key, so a retry gets the first answer whatever became of the unit.
    const unit = await this.loaders.orgUnitById.load(input.orgUnitId);
    // Fail fast, without a transaction or a lock, when the budget cannot fit (unless this is a retry);
    // the guarded update in the transaction stays what guarantees it.
    if (unit?.tenantId === tenantId && !(await this.mightFit(tenantId, input))) {
      const earlier = await this.budgets.findReservationByKey(tenantId, input.idempotencyKey);
      return earlier ? replay(earlier, input) : refuse(insufficientFunds());
    }

    const outcome = await inBudgetTransaction(this.budgets, async (tx) => {
      const reservation = await this.budgets.insertReservation(tx, {
        tenantId,
        orgUnitId: input.orgUnitId,
        period: input.period,
        amountFen: input.amountFen,
        idempotencyKey: input.idempotencyKey,
        reference: input.reference,
      });
      // The key was used before, or by a concurrent request that got there first.
      if (!reservation) return null;
      if (!unit || unit.tenantId !== tenantId) throw new BudgetRefusal(unitNotFound());
      if (unit.archivedAt) throw new BudgetRefusal(budgetError("ARCHIVED", "The unit is archived"));
      const entry: NewLedgerEntry = {
        tenantId,
        orgUnitId: unit.id,
        period: input.period,
        kind: "RESERVE",
        ...deltasOf("RESERVE", input.amountFen),
        reservationId: reservation.id,
        actorId: actorOf(viewer).ledgerId,
      };
      await this.budgets.append(tx, [entry]);
      await this.audit.record(tx, {
        tenantId,
        ...auditActor(viewer),
        action: "budget.reserve",
        targetType: "BudgetReservation",
        targetId: reservation.id,
        details: {
          orgUnitId: unit.id,
          period: input.period,
          amountFen: String(input.amountFen),
          reference: input.reference,
          idempotencyKey: input.idempotencyKey,
        },
      });
      await this.events.budgetMoved(tx, {
        kind: "RESERVE",
        tenantId,
        unit,
        period: input.period,
        amountFen: input.amountFen,
        reservationId: reservation.id,
        reference: input.reference,
      });
      await this.budgets.apply(tx, [entry]);
      return reservation;
    });
    if (!outcome.ok) return refuse(outcome.error);
    if (outcome.value) {
      this.events.wake();
      return { reservation: outcome.value, errors: [] };
    }
    const first = await this.budgets.findReservationByKey(tenantId, input.idempotencyKey);
    if (!first) throw new Error("a reservation key conflicted but no reservation holds it");
    return replay(first, input);
  }

  private async mightFit(tenantId: string, input: ReserveInput): Promise<boolean> {
    const account = await this.budgets.findAccount({ tenantId, orgUnitId: input.orgUnitId, period: input.period });
    return (account?.availableFen ?? 0n) >= input.amountFen;
  }

  /** Spends a held reservation: reserved -> committed. */
  commit(viewer: Identity, input: SettleInput): Promise<ReservationResult> {
    return this.settle(viewer, input, "COMMITTED");
  }

  /** Ends a held reservation without spending: the money is available again. */
  release(viewer: Identity, input: SettleInput): Promise<ReservationResult> {
    return this.settle(viewer, input, "RELEASED");
  }

  private async settle(viewer: Identity, input: SettleInput, to: "COMMITTED" | "RELEASED"): Promise<ReservationResult> {
    const tenantId = actingTenant(viewer, input.tenantId);
    if (!tenantId || !isUuid(input.reservationId)) return refuse(reservationNotFound());
    if (input.amountFen != null || input.partKey != null) return this.parts.settle(viewer, tenantId, input, to);
    const kind = to === "COMMITTED" ? "COMMIT" : "RELEASE";
    const outcome = await inBudgetTransaction(this.budgets, async (tx) => {
      const reservation = await this.budgets.settleReservation(tx, tenantId, input.reservationId, to);
      if (!reservation) return null;
      const entry: NewLedgerEntry = {
        tenantId,
        orgUnitId: reservation.orgUnitId,
        period: reservation.period,
        kind,
        ...deltasOf(kind, reservation.amountFen),
        reservationId: reservation.id,
        actorId: actorOf(viewer).ledgerId,
      };
      await this.budgets.append(tx, [entry]);
      await this.audit.record(tx, {
        tenantId,
        ...auditActor(viewer),
        action: to === "COMMITTED" ? "budget.commit" : "budget.release",
        targetType: "BudgetReservation",
        targetId: reservation.id,
        details: {
          orgUnitId: reservation.orgUnitId,
          period: reservation.period,
          amountFen: String(reservation.amountFen),
          reference: reservation.reference,
        },
      });
      await this.events.budgetMoved(tx, {
        kind,
        tenantId,
        unit: reservation.orgUnitId,
        period: reservation.period,
        amountFen: reservation.amountFen,
        reservationId: reservation.id,
        reference: reservation.reference,
      });
      await this.budgets.apply(tx, [entry]);
      return reservation;
    });
    if (!outcome.ok) return refuse(outcome.error);
    if (outcome.value) {
      this.events.wake();
      return { reservation: outcome.value, errors: [] };
    }
    const current = await this.budgets.findReservation(tenantId, input.reservationId);
    if (!current) return refuse(reservationNotFound());
    const state = current.state.toLowerCase();
    return refuse(budgetError("ALREADY_SETTLED", `The reservation is already ${state}`), current);
  }
}

export const reservationNotFound = () => budgetError("NOT_FOUND", "No such reservation");

/** The answer to a retried reservation: the first one, if the key was used for this same request. */
function replay(first: BudgetReservationRow, input: ReserveInput): ReservationResult {
  const same =
    first.orgUnitId === input.orgUnitId &&
    first.period === input.period &&
    first.amountFen === input.amountFen &&
    first.reference === input.reference;
  if (same) return { reservation: first, errors: [] };
  return refuse(
    budgetError("IDEMPOTENCY_CONFLICT", "This idempotency key was already used for a different reservation"),
  );
}
