// Who may call what in entitlements, one map per area. Anything not named is denied.
import { allow } from "@benefits-hub/platform";
import { mergeRules } from "@benefits-hub/platform/server/merge";
import { campaignPermissions } from "./permissions/campaigns";
import { eventPermissions } from "./permissions/events";
import { packsPermissions } from "./permissions/packs";
import { partnerPermissions } from "./permissions/partner";
import { riskPermissions } from "./permissions/risk";
import { rulesPermissions } from "./permissions/rules";
import { walletPermissions } from "./permissions/wallet";

const federation = {
  Query: { _entities: allow, _service: allow },
  _Service: allow,
  Member: allow,
  Benefit: allow,
  Sku: allow,
  OrgUnit: allow,
};

export const permissions = mergeRules(
  federation,
  walletPermissions,
  partnerPermissions,
  eventPermissions,
  riskPermissions,
  campaignPermissions,
  rulesPermissions,
  packsPermissions,
);
