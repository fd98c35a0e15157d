import type { MembershipContext } from "../context";

export const Query = {
  me: (_: unknown, __: unknown, ctx: MembershipContext) => ctx.services.members.me(ctx.viewer),
};
