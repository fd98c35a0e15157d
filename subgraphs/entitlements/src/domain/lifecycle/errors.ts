// What the lifecycle operations answer with: the payloads of the schema
// (an entitlement, or nothing, and typed errors) and the errors' builders.
import type { EntitlementRow } from "../../data/entitlement.repository";
import { isPastExpiry, isUsable } from "../entitlement-state";

export type LifecycleErrorCode =
  | "NOT_FOUND"
  | "INVALID_INPUT"
  | "INVALID_STATE"
  | "EXPIRED"
  | "IDEMPOTENCY_CONFLICT"
  | "IN_PROGRESS"
  | "RISK_DENIED"
  | "RISK_CHALLENGE"
  | "RISK_REVIEW"
  | "NOT_TRANSFERABLE"
  | "UNAVAILABLE"
  | "OUT_OF_STOCK";

export interface LifecycleError {
  code: LifecycleErrorCode;
  message: string;
  field?: string | null;
  riskDecisionId?: string | null;
}

export interface EntitlementPayload {
  entitlement: EntitlementRow | null;
  errors: LifecycleError[];
}

export const failure = (code: LifecycleErrorCode, message: string, field?: string): LifecycleError => ({
  code,
  message,
  ...(field ? { field } : {}),
});

export const notFound = () => failure("NOT_FOUND", "No such entitlement", "entitlementId");
export const unavailable = (service: string) =>
  failure("UNAVAILABLE", `The ${service} service did not answer; nothing changed, retry`);

export const refused = (...errors: LifecycleError[]): EntitlementPayload => ({ entitlement: null, errors });
export const done = (entitlement: EntitlementRow): EntitlementPayload => ({ entitlement, errors: [] });

/** Why a usable-only operation cannot touch `row` now (null: nothing stands in the way). */
export function unusableReason(row: EntitlementRow, now: Date, doing: string): LifecycleError | null {
  if (row.state === "EXPIRED") return failure("EXPIRED", "The entitlement has expired");
  if (!isUsable(row.state)) {
    return failure("INVALID_STATE", `The entitlement is ${row.state.toLowerCase()} and cannot be ${doing}`);
  }
  if (isPastExpiry(row.expiresAt, now)) {
    return failure("EXPIRED", `The entitlement expired at ${row.expiresAt!.toISOString()}`);
  }
  return null;
}
