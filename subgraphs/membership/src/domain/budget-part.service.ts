// Settling part of a held reservation (a pack's allowance is spent item by
// item): one transaction inserts the part as a reservation of its own,
// COMMITTED or RELEASED, under a key derived from the reservation's and the
// part's (so a part settles once: a retry, even a concurrent one, finds it),
// takes its amount off the held reservation with a guarded update (never
// below zero; none left: RELEASED) and moves the balances through the ledger.
// The ledger check holds: held reservations still add up to the reserved
// balance, committed ones (parts included) to the committed balance.
import type { Identity } from "@benefits-hub/platform";
import type { AuditRepository } from "../data/audit.repository";
import type { BudgetRepository, BudgetReservationRow, NewLedgerEntry } from "../data/budget.repository";
import { auditActor } from "./audit";
import { actorOf, budgetError, BudgetRefusal, checkAmount, checkKey, deltasOf, firstError } from "./budget-rules";
import type { ReservationResult, SettleInput } from "./budget-spend.service";
import { inBudgetTransaction } from "./budget-transaction";
import type { MembershipEvents } from "./membership-events";

const refuse = (error: ReturnType<typeof budgetError>, reservation: BudgetReservationRow | null = null) =>
  ({ reservation, errors: [error] }) as ReservationResult;

export class BudgetPartSettlement {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly audit: AuditRepository,
    private readonly events: MembershipEvents,
  ) {}

  async settle(
    viewer: Identity,
    tenantId: string,
    input: SettleInput,
    to: "COMMITTED" | "RELEASED",
  ): Promise<ReservationResult> {
    const amount = input.amountFen;
    const partKey = input.partKey ?? "";
    if (amount == null || !input.partKey) {
      return refuse(budgetError("INVALID_INPUT", "amountFen and partKey settle a part together"));
    }
    const invalid = firstError(checkAmount(amount), checkKey(partKey));
    if (invalid) return refuse(invalid);
    const parent = await this.budgets.findReservation(tenantId, input.reservationId);
    if (!parent) return refuse(budgetError("NOT_FOUND", "No such reservation"));
    const key = `${parent.idempotencyKey}#part:${partKey}`;
    const kind = to === "COMMITTED" ? "COMMIT" : "RELEASE";
    const outcome = await inBudgetTransaction(this.budgets, async (tx) => {
      const part = await this.budgets.insertPart(tx, parent, { idempotencyKey: key, amountFen: amount, state: to });
      // Settled before (or by a concurrent request that got there first).
      if (!part) return null;
      if (!(await this.budgets.takeFromHeld(tx, tenantId, parent.id, amount))) {
        const now = await this.budgets.findReservation(tenantId, parent.id, tx);
        if (now?.state === "HELD") {
          throw new BudgetRefusal(budgetError("INSUFFICIENT_FUNDS", "The reservation holds less than this part"));
        }
        throw new BudgetRefusal(
          budgetError("ALREADY_SETTLED", `The reservation is already ${now?.state.toLowerCase()}`),
        );
      }
      const entry: NewLedgerEntry = {
        tenantId,
        orgUnitId: parent.orgUnitId,
        period: parent.period,
        kind,
        ...deltasOf(kind, amount),
        reservationId: part.id,
        actorId: actorOf(viewer).ledgerId,
      };
      await this.budgets.append(tx, [entry]);
      await this.audit.record(tx, {
        tenantId,
        ...auditActor(viewer),
        action: to === "COMMITTED" ? "budget.commit" : "budget.release",
        targetType: "BudgetReservation",
        targetId: part.id,
        details: {
          orgUnitId: parent.orgUnitId,
          period: parent.period,
          amountFen: String(amount),
          reference: parent.reference,
          partOf: parent.id,
          partKey,
        },
      });
      await this.events.budgetMoved(tx, {
        kind,
        tenantId,
        unit: parent.orgUnitId,
        period: parent.period,
        amountFen: amount,
        reservationId: part.id,
        reference: parent.reference,
        partOf: parent.id,
      });
      await this.budgets.apply(tx, [entry]);
      return part;
    });
    if (!outcome.ok) return refuse(outcome.error);
    if (outcome.value) {
      this.events.wake();
      return { reservation: outcome.value, errors: [] };
    }
    const first = await this.budgets.findReservationByKey(tenantId, key);
    if (!first) throw new Error("a part's key conflicted but no part holds it");
    if (first.amountFen !== amount || first.state !== to) {
      return refuse(budgetError("IDEMPOTENCY_CONFLICT", "This part was already settled differently"), first);
    }
    return refuse(budgetError("ALREADY_SETTLED", `This part is already ${to.toLowerCase()}`), first);
  }
}
