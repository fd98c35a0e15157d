// Budget rules as pure functions: input validation, who acts for which
// tenant, and how each kind of ledger entry moves a unit's three balances.
import type { Identity } from "@benefits-hub/platform";
import type { BudgetEntryKind } from "@benefits-hub/platform/db/client";
import { isUsableKey, MAX_KEY_LENGTH } from "@benefits-hub/platform/idempotency";
import { isUuid } from "./ids";

export type BudgetErrorCode =
  | "NOT_FOUND"
  | "INVALID_AMOUNT"
  | "INVALID_PERIOD"
  | "INVALID_INPUT"
  | "NOT_ROOT"
  | "NOT_A_CHILD"
  | "FORBIDDEN_UNIT"
  | "ARCHIVED"
  | "INSUFFICIENT_FUNDS"
  | "ALREADY_SETTLED"
  | "IDEMPOTENCY_CONFLICT";

export interface BudgetError {
  code: BudgetErrorCode;
  message: string;
}

/** Thrown inside a budget transaction to roll it back and answer with a typed error. */
export class BudgetRefusal extends Error {
  constructor(readonly error: BudgetError) {
    super(error.message);
  }
}

export const budgetError = (code: BudgetErrorCode, message: string): BudgetError => ({ code, message });
export const unitNotFound = () => budgetError("NOT_FOUND", "No such org unit");
export const insufficientFunds = () => budgetError("INSUFFICIENT_FUNDS", "The unit does not hold enough budget");

/** One amount is at most 10^15 fen (10 trillion yuan), so sums stay far inside BIGINT. */
export const MAX_AMOUNT_FEN = 10n ** 15n;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const MAX_REFERENCE = 500;

export function checkPeriod(period: string): BudgetError | null {
  return PERIOD.test(period)
    ? null
    : budgetError("INVALID_PERIOD", "A period is a month written YYYY-MM, e.g. 2026-11");
}

export function checkAmount(amount: bigint): BudgetError | null {
  if (amount > 0n && amount <= MAX_AMOUNT_FEN) return null;
  return budgetError("INVALID_AMOUNT", `An amount is a whole number of fen from 1 to ${MAX_AMOUNT_FEN}`);
}

export function checkKey(key: string): BudgetError | null {
  return isUsableKey(key)
    ? null
    : budgetError("INVALID_INPUT", `An idempotency key has 1 to ${MAX_KEY_LENGTH} printable characters`);
}

export function checkReference(reference: string): BudgetError | null {
  return reference.trim().length >= 1 && reference.length <= MAX_REFERENCE
    ? null
    : budgetError("INVALID_INPUT", `A reference has 1 to ${MAX_REFERENCE} characters`);
}

/** The first failed check, if any. */
export const firstError = (...checks: (BudgetError | null)[]): BudgetError | null => checks.find((c) => c) ?? null;

/**
 * The tenant a request acts for: a member's own (a `tenantId` argument naming
 * another one finds nothing); a service must name it.
 */
export function actingTenant(viewer: Identity, tenantId: string | null | undefined): string | null {
  if (viewer.kind === "member") return tenantId && tenantId !== viewer.tenantId ? null : viewer.tenantId;
  if (viewer.kind === "service") return tenantId && isUuid(tenantId) ? tenantId : null;
  return null;
}

/** Who moved the money, as the ledger and the audit trail record it. */
export function actorOf(viewer: Identity): { kind: "member" | "service"; id: string; ledgerId: string } {
  if (viewer.kind === "member") return { kind: "member", id: viewer.memberId, ledgerId: `member:${viewer.memberId}` };
  if (viewer.kind === "service") return { kind: "service", id: viewer.service, ledgerId: `service:${viewer.service}` };
  throw new Error("an anonymous viewer cannot move budget");
}

export interface BalanceDeltas {
  availableDeltaFen: bigint;
  reservedDeltaFen: bigint;
  committedDeltaFen: bigint;
}

/**
 * How an entry of each kind moves its unit's balances (for an allocation, the
 * receiving side; the giving side is the negation). available + reserved +
 * committed changes only by FUNDING and ALLOCATION.
 */
export function deltasOf(kind: BudgetEntryKind, amount: bigint): BalanceDeltas {
  const table: Record<BudgetEntryKind, [bigint, bigint, bigint]> = {
    FUNDING: [amount, 0n, 0n],
    ALLOCATION: [amount, 0n, 0n],
    RESERVE: [-amount, amount, 0n],
    RELEASE: [amount, -amount, 0n],
    COMMIT: [0n, -amount, amount],
  };
  const [availableDeltaFen, reservedDeltaFen, committedDeltaFen] = table[kind];
  return { availableDeltaFen, reservedDeltaFen, committedDeltaFen };
}

export const negate = (d: BalanceDeltas): BalanceDeltas => ({
  availableDeltaFen: -d.availableDeltaFen,
  reservedDeltaFen: -d.reservedDeltaFen,
  committedDeltaFen: -d.committedDeltaFen,
});
