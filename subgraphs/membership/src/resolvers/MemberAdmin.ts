import type { MembershipContext } from "../context";
import type { MemberRow } from "../data/member.repository";
import type { CreateMemberInput, UpdateMemberInput } from "../domain/member-admin.service";
import { keyedMutation } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

export const MemberAdminMutation = {
  createMember: keyedMutation(shapes.member, ({ input }: { input: CreateMemberInput }, ctx: MembershipContext) =>
    ctx.services.memberAdmin.create(ctx.viewer, input),
  ),
  updateMember: keyedMutation(shapes.member, ({ input }: { input: UpdateMemberInput }, ctx: MembershipContext) =>
    ctx.services.memberAdmin.update(ctx.viewer, input),
  ),
};

/** The profile fields `extend type Member` adds: null for viewers who may not see them. */
export const MemberAdminFields = {
  tags: async (member: MemberRow, _: unknown, ctx: MembershipContext) =>
    (await ctx.services.memberAdmin.profileOf(ctx.viewer, member))?.tags ?? null,
  attributes: async (member: MemberRow, _: unknown, ctx: MembershipContext) =>
    (await ctx.services.memberAdmin.profileOf(ctx.viewer, member))?.attributes ?? null,
  joinedAt: async (member: MemberRow, _: unknown, ctx: MembershipContext) =>
    (await ctx.services.memberAdmin.profileOf(ctx.viewer, member))?.joinedAt ?? null,
};
