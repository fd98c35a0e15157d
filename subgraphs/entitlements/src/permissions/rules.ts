// Rule-triggered issuance: partners whose key grants events:write, and the
// hub's services, send events; tenant admins keep the rules and read the
// events (their own tenant only, which the services check row by row).
import { isService, isTenantAdmin, partnerMay } from "@benefits-hub/platform";
import { or } from "graphql-shield";

const sender = or(partnerMay("events:write"), isService);

export const rulesPermissions = {
  Query: {
    issuanceRules: isTenantAdmin,
    ingestedEvents: isTenantAdmin,
  },
  Mutation: {
    ingestEvent: sender,
    createIssuanceRule: isTenantAdmin,
    setIssuanceRuleEnabled: isTenantAdmin,
  },
  IngestEventPayload: sender,
  RuleIssuanceFailure: sender,
  IssuanceRule: isTenantAdmin,
  IssuanceRulePayload: isTenantAdmin,
  IngestedEvent: isTenantAdmin,
};
