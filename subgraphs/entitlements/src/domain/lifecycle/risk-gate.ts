// The risk check in front of redeem and transfer: asks RiskService (when the
// process has one) and turns anything but ALLOW into the payload's error,
// with the decision's id for review and audit.
import { currentOrigin } from "@benefits-hub/platform";
import type { ApprovalHandler, RiskAction, RiskRequest, RiskVerdict } from "../risk/risk.service";
import { failure, type LifecycleError } from "./errors";

/** What the lifecycle needs of RiskService. */
export interface RiskGate {
  assess(req: RiskRequest): Promise<RiskVerdict>;
  setApprovalHandler(action: RiskAction, handler: ApprovalHandler): void;
}

/** What the client says of its device (its region comes from its address, on the server). */
export interface RiskContext {
  deviceId?: string | null;
}

const REFUSALS = {
  DENY: ["RISK_DENIED", "Risk control refused this request"],
  CHALLENGE: ["RISK_CHALLENGE", "Risk control asks for a challenge before this request proceeds"],
  REVIEW: ["RISK_REVIEW", "Risk control sent this request to review; an admin's approval carries it out"],
} as const;

/** Null when the request may proceed (ALLOW, or no risk control in this process). */
export async function riskRefusal(
  gate: RiskGate | null,
  req: Omit<RiskRequest, "ip" | "deviceId">,
  context: RiskContext | null | undefined,
): Promise<LifecycleError | null> {
  if (!gate) return null;
  const verdict = await gate.assess({
    ...req,
    deviceId: context?.deviceId ?? null,
    ip: currentOrigin()?.ip ?? null,
  });
  if (verdict.outcome === "ALLOW") return null;
  const [code, message] = REFUSALS[verdict.outcome];
  return { ...failure(code, message), riskDecisionId: verdict.decisionId };
}
