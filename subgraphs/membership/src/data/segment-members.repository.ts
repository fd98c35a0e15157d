// Members matching a segment's criteria, evaluated by PostgreSQL: tags with
// array containment, subtrees through the unit's GIN-indexed path, a page at a
// time in id order. Nothing loads a whole tenant's members into memory.
import type { PrismaClient, Prisma } from "@benefits-hub/platform/db/client";
import type { MemberCriteria } from "../domain/segment-rules";
import type { MemberRow } from "./member.repository";

export function memberWhere(criteria: MemberCriteria): Prisma.MemberWhereInput {
  const and: Prisma.MemberWhereInput[] = [];
  if (criteria.tiers) and.push({ tier: { in: criteria.tiers } });
  if (criteria.tagsAll) and.push({ tags: { hasEvery: criteria.tagsAll } });
  if (criteria.tagsAny) and.push({ tags: { hasSome: criteria.tagsAny } });
  if (criteria.inSubtreeOfAny) and.push({ orgUnit: { path: { hasSome: criteria.inSubtreeOfAny } } });
  if (criteria.withinUnitId) and.push({ orgUnit: { path: { has: criteria.withinUnitId } } });
  if (criteria.joinedAfter) and.push({ joinedAt: { gt: criteria.joinedAfter } });
  if (criteria.joinedBefore) and.push({ joinedAt: { lt: criteria.joinedBefore } });
  return { tenantId: criteria.tenantId, AND: and };
}

export class SegmentMembersRepository {
  constructor(private readonly db: PrismaClient) {}

  /** Up to `take` matching members with an id above `afterId`, in id order. */
  page(criteria: MemberCriteria, take: number, afterId: string | null): Promise<MemberRow[]> {
    const where = memberWhere(criteria);
    return this.db.member.findMany({
      where: afterId ? { AND: [where, { id: { gt: afterId } }] } : where,
      orderBy: { id: "asc" },
      take,
    });
  }

  count(criteria: MemberCriteria): Promise<number> {
    return this.db.member.count({ where: memberWhere(criteria) });
  }

  /** The units of the tenant among `ids`, with their paths. */
  async unitsOfTenant(tenantId: string, ids: string[]): Promise<{ id: string; path: string[] }[]> {
    return this.db.orgUnit.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, path: true } });
  }
}
