import type { BudgetLedgerEntryRow, BudgetReservationRow } from "../data/budget.repository";

export const BudgetLedgerEntry = {
  actor: (e: BudgetLedgerEntryRow) => e.actorId,
  createdAt: (e: BudgetLedgerEntryRow) => e.createdAt.toISOString(),
};

export const BudgetReservation = {
  createdAt: (r: BudgetReservationRow) => r.createdAt.toISOString(),
  settledAt: (r: BudgetReservationRow) => r.settledAt?.toISOString() ?? null,
};
