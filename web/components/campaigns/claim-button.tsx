"use client";
// The Claim button of a campaign: one idempotency key per click (kept for a retry), and the answer in words:
// claimed (with the way to the wallet), or sold out, over the limit, refused or held by risk control.

import Link from "next/link";
import { useState } from "react";
import { ActionMessage, type Outcome } from "@/components/feedback/action-message";
import { useKeyedAction } from "@/lib/actions/use-keyed-action";
import { claimAction } from "./claim-action";
import styles from "./campaigns.module.css";

export function ClaimButton({
  campaignId,
  soldOut,
  limitReached,
}: {
  campaignId: string;
  soldOut: boolean;
  /** The member already holds as many as the campaign allows one person. */
  limitReached: boolean;
}) {
  const { busy, run } = useKeyedAction();
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function claim() {
    const result = await run("claim", (key) => claimAction(campaignId, key));
    if (!result) return;
    setOutcome(
      result.ok
        ? {
            kind: "done",
            text: (
              <>
                Claimed <span lang="zh-CN">{result.value.benefitName}</span>. It is in your{" "}
                <Link href="/wallet">wallet</Link>.
              </>
            ),
          }
        : { kind: "refused", errors: result.errors },
    );
  }

  return (
    <div className={styles.claim}>
      <button
        type="button"
        className={styles.claimButton}
        onClick={claim}
        disabled={busy !== null || soldOut || limitReached}
        data-testid="claim-button"
      >
        {soldOut ? "Sold out" : limitReached ? "Limit reached" : busy ? "Claiming…" : "Claim"}
      </button>
      <ActionMessage outcome={outcome} testId="claim-message" />
    </div>
  );
}
