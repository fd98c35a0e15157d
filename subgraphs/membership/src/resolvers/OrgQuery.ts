import type { MembershipContext } from "../context";

export const OrgQuery = {
  orgTree: (_: unknown, __: unknown, ctx: MembershipContext) => ctx.services.org.tree(ctx.viewer),
  orgUnit: (_: unknown, { id }: { id: string }, ctx: MembershipContext) => ctx.services.org.byId(ctx.viewer, id),
};
