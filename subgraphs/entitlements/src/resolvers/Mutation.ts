import type { EntitlementsContext } from "../context";

export const Mutation = {
  redeemEntitlement: (_: unknown, { input }: { input: { entitlementId: string } }, ctx: EntitlementsContext) =>
    ctx.services.redemptions.redeem(ctx.viewer, input.entitlementId),
};
