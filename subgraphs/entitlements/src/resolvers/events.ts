// Tenant admins: an entitlement's event history and the hash-chain check
// (platform operators too, for the tenant they name, with the anchors to
// export); searching and revoking their tenant's entitlements.
import type { EntitlementsContext } from "../context";
import type { VerifyArgs } from "../domain/chain-verifier";
import type { RevokeInput } from "../domain/lifecycle/revocation.service";
import type { PageArgs, SearchInput } from "../domain/wallet.service";

type Ctx = EntitlementsContext;

interface EventRow {
  chainSeq: number | null;
  occurredAt: Date;
  payload: unknown;
  hash: string | null;
}

export const eventResolvers = {
  Query: {
    entitlementEvents: (_: unknown, { entitlementId }: { entitlementId: string }, ctx: Ctx) =>
      ctx.services.chains.history(ctx.viewer, entitlementId),
    verifyEventChain: (_: unknown, args: VerifyArgs, ctx: Ctx) => ctx.services.chains.verify(ctx.viewer, args),
    eventChainAnchors: (_: unknown, args: { tenantId?: string | null; first?: number; after?: string }, ctx: Ctx) =>
      ctx.services.chains.anchors(ctx.viewer, args),
    searchEntitlements: (_: unknown, args: PageArgs & { filter: SearchInput }, ctx: Ctx) =>
      ctx.services.wallet.search(ctx.viewer, args.filter, args),
  },
  Mutation: {
    revokeEntitlement: (_: unknown, { input }: { input: RevokeInput }, ctx: Ctx) =>
      ctx.services.revocations.revoke(ctx.viewer, input),
  },
  EntitlementEvent: {
    chainSeq: (e: EventRow) => e.chainSeq ?? 0,
    occurredAt: (e: EventRow) => e.occurredAt.toISOString(),
    payload: (e: EventRow) => JSON.stringify(e.payload),
    // Unsealed (pre-chain) events are sealed at start; until then they have no hash.
    hash: (e: EventRow) => e.hash ?? "",
  },
};
