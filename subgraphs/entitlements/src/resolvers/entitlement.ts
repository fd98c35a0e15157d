// The Entitlement entity: its reference resolver and computed fields (each
// one call into the wallet service); related members, benefits and SKUs are
// references the graph resolves, its campaign is this subgraph's own row.
import type { EntitlementsContext } from "../context";
import type { EntitlementRow } from "../data/entitlement.repository";

type Ctx = EntitlementsContext;
const iso = (d: Date | null) => d?.toISOString() ?? null;

export const entitlementResolvers = {
  Entitlement: {
    __resolveReference: ({ id }: { id: string }, ctx: Ctx) => ctx.services.wallet.byId(ctx.viewer, id),
    member: (e: EntitlementRow) => ({ __typename: "Member", id: e.memberId }),
    benefit: (e: EntitlementRow) => ({ __typename: "Benefit", id: e.benefitId }),
    sku: (e: EntitlementRow) => (e.skuId ? { __typename: "Sku", id: e.skuId } : null),
    campaign: (e: EntitlementRow, _: unknown, ctx: Ctx) => ctx.services.wallet.campaign(e),
    pack: (e: EntitlementRow, _: unknown, ctx: Ctx) => ctx.services.wallet.pack(e),
    packOptions: (e: EntitlementRow, _: unknown, ctx: Ctx) => ctx.services.wallet.packOptions(e),
    transferredFrom: (e: EntitlementRow, _: unknown, ctx: Ctx) => ctx.services.wallet.transferredFrom(e),
    redemptionCode: (e: EntitlementRow, _: unknown, ctx: Ctx) => ctx.services.wallet.redemptionCode(ctx.viewer, e),
    transferable: (e: EntitlementRow, _: unknown, ctx: Ctx) => ctx.services.wallet.transferable(e),
    issuedAt: (e: EntitlementRow) => e.issuedAt.toISOString(),
    claimedAt: (e: EntitlementRow) => iso(e.claimedAt),
    expiresAt: (e: EntitlementRow) => iso(e.expiresAt),
    revealedAt: (e: EntitlementRow) => iso(e.revealedAt),
    redeemedAt: (e: EntitlementRow) => iso(e.redeemedAt),
  },
};
