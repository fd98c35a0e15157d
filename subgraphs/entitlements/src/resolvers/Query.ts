import type { EntitlementsContext } from "../context";

export const Query = {
  myEntitlements: (_: unknown, __: unknown, ctx: EntitlementsContext) => ctx.services.wallet.mine(ctx.viewer),
};
