// A member's audience: their tier and the segments of their tenant whose rules
// they meet, in two statements whatever the number of segments — one reads the
// member and the tenant's segments, one evaluates every segment's criteria
// against that member row at once.
import { Prisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import type { MemberCriteria } from "../domain/segment-rules";

export interface MemberAndSegments {
  tier: string;
  orgUnitId: string;
  orgUnitName: string;
  /** The member's org unit and its ancestors, root first. */
  orgUnitPath: string[];
  segments: { id: string; rules: unknown }[];
}

export class AudienceRepository {
  constructor(private readonly db: PrismaClient) {}

  /** The member's tier and every segment of the tenant; null when the tenant has no such member. */
  async memberAndSegments(tenantId: string, memberId: string): Promise<MemberAndSegments | null> {
    const rows = await this.db.$queryRaw<
      { tier: string; unit_id: string; unit_name: string; path: string[]; segment_id: string | null; rules: unknown }[]
    >`
      SELECT m.tier, u.id::text AS unit_id, u.name AS unit_name, u.path::text[] AS path, s.id::text AS segment_id, s.rules
      FROM membership.member m
      JOIN membership.org_unit u ON u.id = m.org_unit_id
      LEFT JOIN membership.segment s ON s.tenant_id = m.tenant_id
      WHERE m.id = ${memberId}::uuid AND m.tenant_id = ${tenantId}::uuid
      ORDER BY s.id`;
    const first = rows[0];
    if (!first) return null;
    return {
      tier: first.tier,
      orgUnitId: first.unit_id,
      orgUnitName: first.unit_name,
      orgUnitPath: first.path,
      segments: rows.flatMap((r) => (r.segment_id ? [{ id: r.segment_id, rules: r.rules }] : [])),
    };
  }

  /** The keys whose criteria the member meets, evaluated in one statement on the member's row. */
  async matching(memberId: string, criteria: { key: string; criteria: MemberCriteria }[]): Promise<string[]> {
    if (criteria.length === 0) return [];
    const cases = Prisma.join(
      criteria.map((c) => Prisma.sql`CASE WHEN ${criteriaSql(c.criteria)} THEN ${c.key}::text END`),
      ", ",
    );
    const rows = await this.db.$queryRaw<{ keys: string[] | null }[]>`
      SELECT array_remove(ARRAY[${cases}]::text[], NULL) AS keys
      FROM membership.member m
      JOIN membership.org_unit u ON u.id = m.org_unit_id
      WHERE m.id = ${memberId}::uuid`;
    return rows[0]?.keys ?? [];
  }
}

/**
 * The SQL twin of `memberWhere` (segment-members.repository.ts) over `m`
 * (membership.member) and `u` (its org_unit): the same criteria, the same
 * meaning. A NULL join date fails every date condition, as there.
 */
export function criteriaSql(criteria: MemberCriteria): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`m.tenant_id = ${criteria.tenantId}::uuid`];
  if (criteria.tiers) and.push(Prisma.sql`m.tier = ANY(${criteria.tiers}::text[])`);
  if (criteria.tagsAll) and.push(Prisma.sql`m.tags @> ${criteria.tagsAll}::text[]`);
  if (criteria.tagsAny) and.push(Prisma.sql`m.tags && ${criteria.tagsAny}::text[]`);
  if (criteria.inSubtreeOfAny) and.push(Prisma.sql`u.path && ${criteria.inSubtreeOfAny}::uuid[]`);
  if (criteria.withinUnitId) and.push(Prisma.sql`${criteria.withinUnitId}::uuid = ANY(u.path)`);
  if (criteria.joinedAfter) and.push(Prisma.sql`m.joined_at > ${day(criteria.joinedAfter)}::date`);
  if (criteria.joinedBefore) and.push(Prisma.sql`m.joined_at < ${day(criteria.joinedBefore)}::date`);
  return Prisma.sql`(${Prisma.join(and, " AND ")})`;
}

const day = (date: Date) => date.toISOString().slice(0, 10);
