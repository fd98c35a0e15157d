"use client";
// A campaign's controls: the transitions its state allows (ending asks once more), and the grant of a live
// GRANT campaign.

import { useState } from "react";
import { ActionMessage, type Outcome } from "@/components/feedback/action-message";
import { useKeyedAction } from "@/lib/actions/use-keyed-action";
import type { UnitChoice } from "@/lib/campaigns/org-units";
import type { AdminCampaign, CampaignState, CampaignTransition } from "@/lib/graphql/campaigns-admin";
import { transitionAction } from "./campaign-actions";
import campaignStyles from "./campaigns.module.css";
import { GrantPanel } from "./grant-panel";

const ALLOWED: Record<CampaignState, CampaignTransition[]> = {
  DRAFT: ["SCHEDULE", "END"],
  SCHEDULED: ["PAUSE", "END"],
  LIVE: ["PAUSE", "END"],
  PAUSED: ["RESUME", "END"],
  ENDED: [],
};

const LABELS: Record<CampaignTransition, string> = {
  SCHEDULE: "Schedule",
  PAUSE: "Pause",
  RESUME: "Resume",
  END: "End",
};

const DONE: Record<CampaignTransition, string> = {
  SCHEDULE: "Scheduled: it goes live at its start.",
  PAUSE: "Paused: nobody can claim or be granted it until you resume it.",
  RESUME: "Resumed: it goes live again at its start.",
  END: "Ended.",
};

interface Props {
  campaign: Pick<AdminCampaign, "id" | "name" | "state" | "channel">;
  units: readonly UnitChoice[];
  segments: readonly { id: string; name: string }[];
}

export function CampaignControls({ campaign, units, segments }: Props) {
  const { busy, run } = useKeyedAction();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [granting, setGranting] = useState(false);
  const transitions = ALLOWED[campaign.state];
  const canGrant = campaign.channel === "GRANT" && campaign.state === "LIVE";

  async function move(transition: CampaignTransition) {
    setConfirmEnd(false);
    const result = await run(transition, () => transitionAction(campaign.id, transition));
    if (!result) return;
    if (!result.ok) return setOutcome({ kind: "refused", errors: result.errors });
    const live = (transition === "SCHEDULE" || transition === "RESUME") && result.value.state === "LIVE";
    setOutcome({ kind: "done", text: live ? "Live now: members can have it." : DONE[transition] });
  }

  if (transitions.length === 0 && !canGrant && !outcome) return null;
  return (
    <div className={campaignStyles.controls}>
      <div className={campaignStyles.buttons}>
        {canGrant && (
          <button
            type="button"
            className={campaignStyles.primary}
            aria-expanded={granting}
            onClick={() => setGranting((open) => !open)}
          >
            Grant…
          </button>
        )}
        {transitions
          .filter((t) => t !== "END")
          .map((transition) => (
            <button
              key={transition}
              type="button"
              className={transition === "SCHEDULE" ? campaignStyles.primary : campaignStyles.secondary}
              onClick={() => move(transition)}
              disabled={busy !== null}
            >
              {busy === transition ? "Saving…" : LABELS[transition]}
            </button>
          ))}
        {transitions.includes("END") &&
          (confirmEnd ? (
            <span className={campaignStyles.confirm} role="group" aria-label={`End ${campaign.name}?`}>
              End for good?
              <button
                type="button"
                className={campaignStyles.danger}
                onClick={() => move("END")}
                disabled={busy !== null}
              >
                {busy === "END" ? "Ending…" : "Yes, end it"}
              </button>
              <button type="button" className={campaignStyles.secondary} onClick={() => setConfirmEnd(false)}>
                Keep it
              </button>
            </span>
          ) : (
            <button type="button" className={campaignStyles.secondary} onClick={() => setConfirmEnd(true)}>
              End
            </button>
          ))}
      </div>
      <ActionMessage outcome={outcome} testId="campaign-message" />
      {canGrant && granting && <GrantPanel campaignId={campaign.id} units={units} segments={segments} />}
    </div>
  );
}
