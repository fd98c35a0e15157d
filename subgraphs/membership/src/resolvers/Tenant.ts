import type { MembershipContext } from "../context";

export const Tenant = {
  __resolveReference: ({ id }: { id: string }, ctx: MembershipContext) =>
    ctx.services.members.tenantById(ctx.viewer, id),
};
