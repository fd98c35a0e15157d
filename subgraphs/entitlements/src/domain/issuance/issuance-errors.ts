// The errors issuance answers with, and their messages.
export type IssuanceErrorCode =
  | "NOT_FOUND"
  | "INVALID_INPUT"
  | "CAMPAIGN_NOT_LIVE"
  | "NOT_ELIGIBLE"
  | "SOLD_OUT"
  | "PER_MEMBER_LIMIT"
  | "INSUFFICIENT_BUDGET"
  | "IDEMPOTENCY_CONFLICT"
  | "IN_PROGRESS"
  | "UNAVAILABLE"
  | "RISK_DENIED"
  | "RISK_CHALLENGE"
  | "RISK_REVIEW";

export interface IssuanceError {
  code: IssuanceErrorCode | string;
  message: string;
  field?: string | null;
  riskDecisionId?: string | null;
}

const MESSAGES: Record<string, string> = {
  NOT_FOUND: "No such campaign",
  INVALID_INPUT: "The request is malformed",
  CAMPAIGN_NOT_LIVE: "The campaign is not open now",
  NOT_ELIGIBLE: "This campaign is not offered to you",
  SOLD_OUT: "The campaign's stock is gone",
  PER_MEMBER_LIMIT: "You already hold as many as the campaign allows",
  INSUFFICIENT_BUDGET: "The campaign's budget cannot pay for this",
  IDEMPOTENCY_CONFLICT: "This idempotencyKey was used for a different request",
  IN_PROGRESS: "The request is still being completed; retry with the same idempotencyKey",
  UNAVAILABLE: "A service the hub depends on did not answer; nothing changed, retry",
  RISK_DENIED: "Refused by risk control",
  RISK_CHALLENGE: "Risk control asks for a challenge before this can proceed",
  RISK_REVIEW: "Sent to manual review; you will receive it if an admin approves",
};

export const issuanceError = (code: string, extra: Partial<IssuanceError> = {}): IssuanceError => ({
  code,
  message: MESSAGES[code] ?? code,
  ...extra,
});
