"use client";
// Approve or reject one held request, with an optional note; says what carrying it out answered.

import { useId, useState } from "react";
import { ActionMessage, type Outcome } from "@/components/feedback/action-message";
import { useKeyedAction } from "@/lib/actions/use-keyed-action";
import { reviewAction } from "./review-actions";
import campaignStyles from "./campaigns.module.css";

export function ReviewControls({ decisionId }: { decisionId: string }) {
  const { busy, run } = useKeyedAction();
  const [note, setNote] = useState("");
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [decided, setDecided] = useState(false);
  const noteId = useId();

  async function review(approve: boolean) {
    const name = approve ? "approve" : "reject";
    const result = await run(name, () => reviewAction(decisionId, approve, note));
    if (!result) return;
    if (!result.ok) return setOutcome({ kind: "refused", errors: result.errors });
    setDecided(true);
    const { executed, message } = result.value;
    const text = approve
      ? executed
        ? `Approved and carried out${message ? `: ${message}` : "."}`
        : `Approved, but it could not be carried out${message ? `: ${message}` : "."}`
      : "Rejected: the request will not be carried out.";
    setOutcome({ kind: "done", text });
  }

  return (
    <div className={campaignStyles.controls}>
      {!decided && (
        <div className={`${campaignStyles.buttons} ${campaignStyles.reviewRow}`}>
          <label className={campaignStyles.field} htmlFor={noteId}>
            Note (optional)
            <input id={noteId} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} size={32} />
          </label>
          <button
            type="button"
            className={campaignStyles.primary}
            onClick={() => review(true)}
            disabled={busy !== null}
          >
            {busy === "approve" ? "Approving…" : "Approve"}
          </button>
          <button
            type="button"
            className={campaignStyles.secondary}
            onClick={() => review(false)}
            disabled={busy !== null}
          >
            {busy === "reject" ? "Rejecting…" : "Reject"}
          </button>
        </div>
      )}
      <ActionMessage outcome={outcome} testId="review-message" />
    </div>
  );
}
