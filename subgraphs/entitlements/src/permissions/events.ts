// Tenant admins: the event log and its chain check, searching and revoking
// entitlements (their own tenant only, which the services check).
import { isPlatformOperator, isTenantAdmin } from "@benefits-hub/platform";
import { or } from "graphql-shield";

// The tenant chain's check and anchors: operators name the tenant (checked in the service).
const adminOrOperator = or(isTenantAdmin, isPlatformOperator);

export const eventPermissions = {
  Query: {
    entitlementEvents: isTenantAdmin,
    verifyEventChain: adminOrOperator,
    eventChainAnchors: adminOrOperator,
    searchEntitlements: isTenantAdmin,
  },
  Mutation: { revokeEntitlement: isTenantAdmin },
  EntitlementEvent: isTenantAdmin,
  ChainVerification: adminOrOperator,
  ChainBreakReport: adminOrOperator,
  EventChainAnchors: adminOrOperator,
  EventChainAnchor: adminOrOperator,
  EventChainDay: adminOrOperator,
};
