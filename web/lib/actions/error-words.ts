// Refusals in words: a short headline per error code (so sold out, limits and risk control stand out) before
// the API's own message. Client-safe.
import type { ActionError } from "../graphql/action-result";

const HEADLINES: Record<string, string> = {
  SOLD_OUT: "Sold out",
  PER_MEMBER_LIMIT: "Limit reached",
  RISK_DENIED: "Refused by risk control",
  RISK_REVIEW: "Sent for review",
  RISK_CHALLENGE: "Extra verification needed",
  CAMPAIGN_NOT_LIVE: "Not open right now",
  NOT_ELIGIBLE: "Not offered to you",
  INSUFFICIENT_BUDGET: "Budget used up",
  EXPIRED: "Expired",
  INVALID_STATE: "Not possible now",
  NOT_TRANSFERABLE: "Cannot be given away",
  OUT_OF_STOCK: "No codes left",
  NOT_FOUND: "Not found",
  INVALID_INPUT: "Check your input",
  IN_PROGRESS: "Still in progress",
  UNAVAILABLE: "Please try again",
  UNREACHABLE: "Please try again",
  IDEMPOTENCY_CONFLICT: "Already sent differently",
  SESSION: "Signed out",
  FORBIDDEN: "Not allowed",
};

export interface ErrorWords {
  /** The first error's code, for styling and tests. */
  code: string;
  headline: string;
  detail: string;
}

export function errorWords(errors: readonly ActionError[]): ErrorWords {
  const first = errors[0];
  const code = first?.code ?? "FAILED";
  const detail = errors.map((error) => error.message.replace(/\.?$/, ".")).join(" ") || "That did not work.";
  return { code, headline: HEADLINES[code] ?? "That did not work", detail };
}
