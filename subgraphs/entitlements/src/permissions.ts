// Who may call what in entitlements, one map per area. Anything not named is denied.
import { allow, isMember } from "@benefits-hub/platform";
import { mergeRules } from "@benefits-hub/platform/server/merge";
import { riskPermissions } from "./permissions/risk";

const federation = {
  Query: { _entities: allow, _service: allow },
  _Service: allow,
  Member: allow,
  Benefit: allow,
  Sku: allow,
  OrgUnit: allow,
};

const legacyWallet = {
  Query: { myEntitlements: isMember },
  Mutation: { redeemEntitlement: isMember },
  Entitlement: allow,
  EntitlementPayload: allow,
  EntitlementError: allow,
};

export const permissions = mergeRules(federation, legacyWallet, riskPermissions);
