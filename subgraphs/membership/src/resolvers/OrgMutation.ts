import type { MembershipContext } from "../context";
import { keyedMutation } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

type Input<T> = { input: T };

export const OrgMutation = {
  createOrgUnit: keyedMutation(
    shapes.orgUnit,
    ({ input }: Input<{ parentId: string; name: string }>, ctx: MembershipContext) =>
      ctx.services.org.create(ctx.viewer, input.parentId, input.name),
  ),
  renameOrgUnit: keyedMutation(
    shapes.orgUnit,
    ({ input }: Input<{ id: string; name: string }>, ctx: MembershipContext) =>
      ctx.services.org.rename(ctx.viewer, input.id, input.name),
  ),
  moveOrgUnit: keyedMutation(
    shapes.orgUnit,
    ({ input }: Input<{ id: string; newParentId: string }>, ctx: MembershipContext) =>
      ctx.services.org.move(ctx.viewer, input.id, input.newParentId),
  ),
  archiveOrgUnit: keyedMutation(shapes.orgUnit, ({ input }: Input<{ id: string }>, ctx: MembershipContext) =>
    ctx.services.org.archive(ctx.viewer, input.id),
  ),
};
