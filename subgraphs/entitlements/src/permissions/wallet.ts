// Members: their wallet and what they do with what they hold. The services
// check the rows (the owner only). Entitlement and its payloads are readable
// by whoever was given one: every path to an entitlement checks its viewer,
// and its redemption code is shown to the holder alone.
import { allow, isMember } from "@benefits-hub/platform";

export const walletPermissions = {
  Query: { myEntitlements: isMember, myWallet: isMember },
  Mutation: {
    acceptEntitlement: isMember,
    redeemEntitlement: isMember,
    transferEntitlement: isMember,
    revealEntitlement: isMember,
    topupEntitlement: isMember,
  },
  Entitlement: allow,
  EntitlementPage: allow,
  EntitlementPayload: allow,
  EntitlementError: allow,
  TransferPayload: isMember,
  RevealPayload: isMember,
  CardCode: isMember,
};
