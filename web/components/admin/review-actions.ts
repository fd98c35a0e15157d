// Server action: a tenant admin approves (carries out as the member) or rejects a request risk control held.
"use server";

import { readToken } from "@/lib/auth/session";
import { refusedWith, type ActionResult } from "@/lib/graphql/action-result";
import { reviewRiskDecision, type ReviewOutcome } from "@/lib/graphql/risk-review";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_NOTE_LENGTH = 500;

export async function reviewAction(
  decisionId: string,
  approve: boolean,
  note: string,
): Promise<ActionResult<ReviewOutcome>> {
  const token = await readToken();
  if (!token) return refusedWith("SESSION", "Your session has ended. Please sign in again.");
  if (typeof decisionId !== "string" || !UUID.test(decisionId) || typeof approve !== "boolean")
    return refusedWith("INVALID_INPUT", "Reload the page.");
  const trimmed = typeof note === "string" ? note.trim() : "";
  if (trimmed.length > MAX_NOTE_LENGTH) {
    return refusedWith("INVALID_INPUT", `Keep the note within ${MAX_NOTE_LENGTH} characters.`, "note");
  }
  // No revalidation: the decided request stays on the page with its answer until the next visit.
  return reviewRiskDecision(token, decisionId, approve, trimmed || null);
}
