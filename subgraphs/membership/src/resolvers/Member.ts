import type { MembershipContext } from "../context";
import type { MemberRow } from "../data/member.repository";

export const Member = {
  __resolveReference: ({ id }: { id: string }, ctx: MembershipContext) => ctx.services.members.byId(ctx.viewer, id),
  email: (member: MemberRow, _: unknown, ctx: MembershipContext) => ctx.services.members.emailOf(ctx.viewer, member),
  tenant: (member: MemberRow, _: unknown, ctx: MembershipContext) => ctx.services.members.tenantOf(member),
  orgUnit: (member: MemberRow, _: unknown, ctx: MembershipContext) =>
    ctx.services.org.byId(ctx.viewer, member.orgUnitId),
};
