// The risk review queue: each held request (who, what, when, from which device, IP and region), the rules
// that fired with their reasons, what approval would carry out, and the approve / reject controls.
import { CHINA_TIME_LABEL, formatChinaTime } from "@/lib/china-time";
import type { HeldDecision } from "@/lib/graphql/risk-review";
import styles from "./admin.module.css";
import campaignStyles from "./campaigns.module.css";
import { ReviewControls } from "./review-controls";

const ACTIONS: Record<HeldDecision["action"], string> = {
  CLAIM: "Claim",
  REDEEM: "Redeem",
  TRANSFER: "Transfer",
};

function subject(decision: HeldDecision): string {
  if (decision.action === "CLAIM") {
    return decision.campaignName ? `from “${decision.campaignName}”` : "from a campaign";
  }
  return decision.entitlementId ? `entitlement ${decision.entitlementId.slice(0, 8)}…` : "";
}

export function ReviewList({ decisions }: { decisions: readonly HeldDecision[] }) {
  if (decisions.length === 0) {
    return (
      <p className={styles.empty} data-testid="review-empty">
        Nothing is waiting for review.
      </p>
    );
  }
  return (
    <ul className={campaignStyles.list}>
      {decisions.map((decision) => (
        <li
          key={decision.id}
          className={campaignStyles.campaign}
          data-testid="review-decision"
          data-decision-id={decision.id}
        >
          <div className={campaignStyles.campaignHead}>
            <div>
              <h3 className={campaignStyles.campaignName}>
                {ACTIONS[decision.action]} {subject(decision)}
              </h3>
              <p className={styles.offerSub}>
                by <strong data-testid="review-member">{decision.member.displayName}</strong> at{" "}
                <time dateTime={decision.createdAt} title={CHINA_TIME_LABEL}>
                  {formatChinaTime(decision.createdAt)}
                </time>
              </p>
            </div>
            <span className={campaignStyles.state} data-state={decision.outcome}>
              {decision.outcome}
            </span>
          </div>
          <dl className={campaignStyles.facts}>
            <div>
              <dt>Device</dt>
              <dd>{decision.deviceId ?? "not sent"}</dd>
            </div>
            <div>
              <dt>IP address</dt>
              <dd>{decision.ip ?? "unknown"}</dd>
            </div>
            <div>
              <dt>Region</dt>
              <dd>{decision.region ?? "not sent"}</dd>
            </div>
          </dl>
          <div>
            <p className={styles.offerSub}>Rules that fired</p>
            <ul className={campaignStyles.rules} data-testid="fired-rules">
              {decision.firedRules.map((rule, index) => (
                <li key={`${rule.ruleId}-${index}`} className={campaignStyles.rule} data-testid="fired-rule">
                  <strong>{rule.name}</strong>
                  <span className={campaignStyles.state} data-state={rule.outcome}>
                    {rule.kind} → {rule.outcome}
                  </span>
                  <span className={campaignStyles.reason}>{rule.reason}</span>
                </li>
              ))}
            </ul>
          </div>
          {decision.request && (
            <details className={campaignStyles.request}>
              <summary>What approval carries out</summary>
              <pre>{decision.request}</pre>
            </details>
          )}
          <ReviewControls decisionId={decision.id} />
        </li>
      ))}
    </ul>
  );
}
