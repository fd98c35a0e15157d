// Who may call what in analytics. Anything not named here is denied.
import { allow, isMember, isTenantAdmin } from "@benefits-hub/platform";
import type { IRules } from "graphql-shield";

export const permissions: IRules = {
  Query: {
    redemptionStats: isTenantAdmin,
    _entities: allow,
    _service: allow,
  },
  Subscription: {
    redemptionCounted: isTenantAdmin,
  },
  Benefit: {
    id: allow,
    redemptionCount: isMember,
  },
  BenefitRedemptionStat: isTenantAdmin,
  _Service: allow,
};
