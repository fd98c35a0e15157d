// Partners with an API key: reading needs entitlements:read, redeeming
// entitlements:redeem; the services keep them to their key's tenant.
import { partnerMay } from "@benefits-hub/platform";

// One rule object per permission: shield refuses two rules of the same name.
const mayRead = partnerMay("entitlements:read");

export const partnerPermissions = {
  Query: { verifyRedemptionCode: mayRead, partnerEntitlements: mayRead },
  Mutation: { redeemCode: partnerMay("entitlements:redeem") },
  CodeVerification: mayRead,
};
