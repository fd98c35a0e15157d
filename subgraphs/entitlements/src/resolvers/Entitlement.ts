import type { EntitlementsContext } from "../context";
import type { EntitlementRow } from "../data/entitlement.repository";

export const Entitlement = {
  __resolveReference: ({ id }: { id: string }, ctx: EntitlementsContext) => ctx.services.wallet.byId(ctx.viewer, id),
  member: (e: EntitlementRow) => ({ __typename: "Member", id: e.memberId }),
  benefit: (e: EntitlementRow) => ({ __typename: "Benefit", id: e.benefitId }),
  issuedAt: (e: EntitlementRow) => e.issuedAt.toISOString(),
  redeemedAt: (e: EntitlementRow) => e.redeemedAt?.toISOString() ?? null,
};
