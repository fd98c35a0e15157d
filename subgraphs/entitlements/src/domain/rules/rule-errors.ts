// The errors ingest and rule administration answer with (EntitlementError in
// the schema): a code, a message, and the input field at fault when there is one.
export type RuleErrorCode = "NOT_FOUND" | "INVALID_INPUT" | "UNAVAILABLE" | "IDEMPOTENCY_CONFLICT";

export interface RuleError {
  code: RuleErrorCode;
  message: string;
  field?: string | null;
}

export const ruleError = (code: RuleErrorCode, message: string, field?: string): RuleError => ({
  code,
  message,
  ...(field ? { field } : {}),
});
