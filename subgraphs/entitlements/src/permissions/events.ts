// Tenant admins: the event log and its chain check, searching and revoking
// entitlements (their own tenant only, which the services check).
import { isTenantAdmin } from "@benefits-hub/platform";

export const eventPermissions = {
  Query: {
    entitlementEvents: isTenantAdmin,
    verifyEventChain: isTenantAdmin,
    searchEntitlements: isTenantAdmin,
  },
  Mutation: { revokeEntitlement: isTenantAdmin },
  EntitlementEvent: isTenantAdmin,
  ChainVerification: isTenantAdmin,
  ChainBreakReport: isTenantAdmin,
};
