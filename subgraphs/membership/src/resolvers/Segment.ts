import { GraphQLError } from "graphql";
import type { MembershipContext } from "../context";
import type { MemberRow } from "../data/member.repository";
import type { SegmentRow } from "../data/segment.repository";
import type { RuleProblem, SegmentRulesInput } from "../domain/segment-rules";
import type { MemberPage as Page } from "../domain/segment.service";
import { keyedMutation } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

type Input<T> = { input: T };
interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Rules or a cursor that cannot be evaluated are a bad query, not a result. */
function pageOrThrow(result: Page | { page: Page } | { problems: RuleProblem[] }): Page {
  if ("page" in result) return result.page;
  if (!("problems" in result)) return result;
  const message = result.problems.map((p) => `${p.field}: ${p.message}`).join("; ");
  throw new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

export const SegmentQuery = {
  segments: (_: unknown, __: unknown, ctx: MembershipContext) => ctx.services.segments.list(ctx.viewer),
  segment: (_: unknown, { id }: { id: string }, ctx: MembershipContext) => ctx.services.segments.byId(ctx.viewer, id),
  members: async (_: unknown, args: PageArgs & { rules?: SegmentRulesInput | null }, ctx: MembershipContext) =>
    pageOrThrow(await ctx.services.segments.preview(ctx.viewer, args.rules, args.first, args.after)),
};

export const SegmentMutation = {
  createSegment: keyedMutation(
    shapes.segment,
    ({ input }: Input<{ name: string; rules: SegmentRulesInput }>, ctx: MembershipContext) =>
      ctx.services.segments.create(ctx.viewer, input),
  ),
  updateSegment: keyedMutation(
    shapes.segment,
    (
      { input }: Input<{ id: string; name?: string | null; rules?: SegmentRulesInput | null }>,
      ctx: MembershipContext,
    ) => ctx.services.segments.update(ctx.viewer, input),
  ),
  deleteSegment: keyedMutation(shapes.deletedSegment, ({ input }: Input<{ id: string }>, ctx: MembershipContext) =>
    ctx.services.segments.delete(ctx.viewer, input.id),
  ),
};

export const Segment = {
  rules: (segment: SegmentRow, _: unknown, ctx: MembershipContext) => ctx.services.segments.rulesOf(segment),
  memberCount: (segment: SegmentRow, _: unknown, ctx: MembershipContext) =>
    ctx.services.segments.memberCount(ctx.viewer, segment),
  members: async (segment: SegmentRow, args: PageArgs, ctx: MembershipContext) =>
    pageOrThrow(await ctx.services.segments.members(ctx.viewer, segment, args.first, args.after)),
  createdAt: (segment: SegmentRow) => segment.createdAt.toISOString(),
  updatedAt: (segment: SegmentRow) => segment.updatedAt.toISOString(),
};

export const MemberPage = {
  memberIds: (page: { members: MemberRow[] }) => page.members.map((m) => m.id),
};
