// Members: their wallet, and what they do with what they hold (accept,
// redeem, transfer, reveal, top up). One service call each.
import type { EntitlementState } from "@benefits-hub/platform/db/client";
import type { EntitlementsContext } from "../context";
import type { AcceptInput } from "../domain/lifecycle/accept.service";
import type { RevealInput, TopupInput } from "../domain/lifecycle/fulfilment.service";
import type { TransferInput } from "../domain/lifecycle/transfer.service";
import type { RedeemInput } from "../domain/redemption.service";

type Ctx = EntitlementsContext;
interface WalletArgs {
  states?: EntitlementState[] | null;
  first?: number | null;
  after?: string | null;
}

export const walletResolvers = {
  Query: {
    myEntitlements: (_: unknown, __: unknown, ctx: Ctx) => ctx.services.wallet.mine(ctx.viewer),
    myWallet: (_: unknown, args: WalletArgs, ctx: Ctx) => ctx.services.wallet.wallet(ctx.viewer, args),
  },
  Mutation: {
    acceptEntitlement: (_: unknown, { input }: { input: AcceptInput }, ctx: Ctx) =>
      ctx.services.acceptance.accept(ctx.viewer, input),
    redeemEntitlement: (_: unknown, { input }: { input: RedeemInput }, ctx: Ctx) =>
      ctx.services.redemptions.redeem(ctx.viewer, input),
    transferEntitlement: (_: unknown, { input }: { input: TransferInput }, ctx: Ctx) =>
      ctx.services.transfers.transfer(ctx.viewer, input),
    revealEntitlement: (_: unknown, { input }: { input: RevealInput }, ctx: Ctx) =>
      ctx.services.fulfilment.reveal(ctx.viewer, input),
    topupEntitlement: (_: unknown, { input }: { input: TopupInput }, ctx: Ctx) =>
      ctx.services.fulfilment.topup(ctx.viewer, input),
  },
};
