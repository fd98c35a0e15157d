// Risk control is the tenant admins' business (their own tenant only, which
// the risk services check row by row). Claim, redeem and transfer call the
// risk check in-process; nothing here is open to members or partners.
import { isTenantAdmin } from "@benefits-hub/platform";

export const riskPermissions = {
  Query: {
    riskRules: isTenantAdmin,
    riskListEntries: isTenantAdmin,
    riskDecisions: isTenantAdmin,
    riskDecision: isTenantAdmin,
    reviewQueue: isTenantAdmin,
    replayRiskRule: isTenantAdmin,
  },
  Mutation: {
    createRiskRule: isTenantAdmin,
    updateRiskRule: isTenantAdmin,
    deleteRiskRule: isTenantAdmin,
    addRiskListEntry: isTenantAdmin,
    removeRiskListEntry: isTenantAdmin,
    reviewRiskDecision: isTenantAdmin,
  },
  RiskRule: isTenantAdmin,
  RiskRuleConfig: isTenantAdmin,
  RiskListEntry: isTenantAdmin,
  RiskListEntryPage: isTenantAdmin,
  FiredRiskRule: isTenantAdmin,
  RiskDecision: isTenantAdmin,
  RiskDecisionPage: isTenantAdmin,
  RiskRulePayload: isTenantAdmin,
  DeleteRiskRulePayload: isTenantAdmin,
  RiskListEntryPayload: isTenantAdmin,
  RemoveRiskListEntryPayload: isTenantAdmin,
  ReviewRiskDecisionPayload: isTenantAdmin,
  RiskReplay: isTenantAdmin,
  RiskReplayPayload: isTenantAdmin,
};
