import type { MembershipContext } from "../context";

type Input<T> = { input: T };

export const OrgMutation = {
  createOrgUnit: (_: unknown, { input }: Input<{ parentId: string; name: string }>, ctx: MembershipContext) =>
    ctx.services.org.create(ctx.viewer, input.parentId, input.name),
  renameOrgUnit: (_: unknown, { input }: Input<{ id: string; name: string }>, ctx: MembershipContext) =>
    ctx.services.org.rename(ctx.viewer, input.id, input.name),
  moveOrgUnit: (_: unknown, { input }: Input<{ id: string; newParentId: string }>, ctx: MembershipContext) =>
    ctx.services.org.move(ctx.viewer, input.id, input.newParentId),
  archiveOrgUnit: (_: unknown, { input }: Input<{ id: string }>, ctx: MembershipContext) =>
    ctx.services.org.archive(ctx.viewer, input.id),
};
