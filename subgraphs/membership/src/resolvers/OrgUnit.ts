import type { MembershipContext } from "../context";
import type { OrgUnitRow } from "../data/org-unit.repository";

interface DescendantArgs {
  first?: number | null;
  after?: string | null;
  includeArchived?: boolean | null;
}

export const OrgUnit = {
  __resolveReference: ({ id }: { id: string }, ctx: MembershipContext) => ctx.services.org.byId(ctx.viewer, id),
  archived: (unit: OrgUnitRow) => unit.archivedAt !== null,
  parent: (unit: OrgUnitRow, _: unknown, ctx: MembershipContext) => ctx.services.org.parent(unit),
  ancestors: (unit: OrgUnitRow, _: unknown, ctx: MembershipContext) => ctx.services.org.ancestors(unit),
  children: (unit: OrgUnitRow, args: { includeArchived?: boolean | null }, ctx: MembershipContext) =>
    ctx.services.org.children(unit, args.includeArchived ?? false),
  descendants: (unit: OrgUnitRow, args: DescendantArgs, ctx: MembershipContext) =>
    ctx.services.org.descendants(unit, args.first, args.after, args.includeArchived ?? false),
  memberCount: (unit: OrgUnitRow, _: unknown, ctx: MembershipContext) => ctx.services.org.memberCount(unit),
};
