// Runs one budget movement as one transaction; a refusal anywhere in it rolls
// everything back and comes out as a typed error.
import { BalanceTooLow, type BudgetRepository, type Tx } from "../data/budget.repository";
import { BudgetRefusal, insufficientFunds, type BudgetError } from "./budget-rules";

export type TransactionOutcome<T> = { ok: true; value: T } | { ok: false; error: BudgetError };

export async function inBudgetTransaction<T>(
  budgets: BudgetRepository,
  work: (tx: Tx) => Promise<T>,
): Promise<TransactionOutcome<T>> {
  try {
    return { ok: true, value: await budgets.transaction(work) };
  } catch (error) {
    if (error instanceof BudgetRefusal) return { ok: false, error: error.error };
    if (error instanceof BalanceTooLow) return { ok: false, error: insufficientFunds() };
    throw error;
  }
}
