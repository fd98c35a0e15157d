// The errors risk administration answers with (EntitlementError in the
// schema): a code, a message, and the input field at fault when there is one.
export type RiskErrorCode = "NOT_FOUND" | "INVALID_INPUT" | "INVALID_STATE";

export interface RiskError {
  code: RiskErrorCode;
  message: string;
  field?: string | null;
}

export const riskError = (code: RiskErrorCode, message: string, field?: string): RiskError => ({
  code,
  message,
  ...(field ? { field } : {}),
});
