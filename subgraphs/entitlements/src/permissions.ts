// Who may call what in entitlements. Anything not named here is denied.
import { allow, isMember } from "@benefits-hub/platform";
import type { IRules } from "graphql-shield";

export const permissions: IRules = {
  Query: {
    myEntitlements: isMember,
    _entities: allow,
    _service: allow,
  },
  Mutation: {
    redeemEntitlement: isMember,
  },
  Entitlement: allow,
  RedeemEntitlementPayload: allow,
  RedeemError: allow,
  Member: allow,
  Benefit: allow,
  _Service: allow,
};
