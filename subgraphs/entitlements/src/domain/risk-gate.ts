// The entitlements operations' door to risk control: asks RiskService (when
// the tenant has rules) and turns a verdict into an error code, or lets it pass.
import type { IssuanceError } from "./issuance/issuance-errors";
import { issuanceError } from "./issuance/issuance-errors";
import type { RiskRequest, RiskService } from "./risk/risk.service";

export interface GateVerdict {
  decisionId: string | null;
  error: IssuanceError | null;
}

export class RiskGate {
  constructor(private readonly risk: RiskService) {}

  async check(req: RiskRequest): Promise<GateVerdict> {
    const verdict = await this.risk.assess(req);
    if (verdict.outcome === "ALLOW") return { decisionId: verdict.decisionId, error: null };
    const code = `RISK_${verdict.outcome === "REVIEW" ? "REVIEW" : verdict.outcome === "CHALLENGE" ? "CHALLENGE" : "DENIED"}`;
    const rules = verdict.firedRules.map((r) => r.name).join(", ");
    return {
      decisionId: verdict.decisionId,
      error: issuanceError(code, {
        riskDecisionId: verdict.decisionId,
        message: `${issuanceError(code).message}${rules ? ` (${rules})` : ""}`,
      }),
    };
  }
}
