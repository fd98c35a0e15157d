// Partners (API keys): verify the code a member shows, redeem it, and list
// their tenant's entitlements. One service call each.
import type { EntitlementsContext } from "../context";
import type { RedeemCodeInput } from "../domain/redemption.service";
import type { PageArgs, SearchInput } from "../domain/wallet.service";

type Ctx = EntitlementsContext;

export const partnerResolvers = {
  Query: {
    verifyRedemptionCode: (_: unknown, { code }: { code: string }, ctx: Ctx) =>
      ctx.services.redemptions.verifyCode(ctx.viewer, code),
    partnerEntitlements: (_: unknown, args: PageArgs & { filter: SearchInput }, ctx: Ctx) =>
      ctx.services.wallet.partnerSearch(ctx.viewer, args.filter, args),
  },
  Mutation: {
    redeemCode: (_: unknown, { input }: { input: RedeemCodeInput }, ctx: Ctx) =>
      ctx.services.redemptions.redeemCode(ctx.viewer, input),
  },
};
