// Reveal history: the recorded reveals of card codes (who, which code, when,
// from where), newest first, by keyset over (revealed_at, id); each with its
// code's SKU. Never reads the sealed code.
import { Prisma, type PrismaClient } from "@benefits-hub/platform/db/client";

export interface RevealQuery {
  /** Null: every tenant (platform operators). */
  tenantId: string | null;
  skuId?: string;
  memberId?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  after: { at: Date; id: string } | null;
  limit: number;
}

export interface RevealRow {
  id: string;
  tenantId: string;
  codeId: string;
  skuId: string;
  memberId: string;
  entitlementId: string;
  ip: string | null;
  userAgent: string | null;
  revealedAt: Date;
}

export class RevealHistoryRepository {
  constructor(private readonly db: PrismaClient) {}

  page(q: RevealQuery): Promise<RevealRow[]> {
    const where: Prisma.Sql[] = [];
    if (q.tenantId) where.push(Prisma.sql`r.tenant_id = ${q.tenantId}::uuid`);
    if (q.skuId) where.push(Prisma.sql`c.sku_id = ${q.skuId}::uuid`);
    if (q.memberId) where.push(Prisma.sql`r.member_id = ${q.memberId}::uuid`);
    if (q.from) where.push(Prisma.sql`r.revealed_at >= ${q.from}`);
    if (q.to) where.push(Prisma.sql`r.revealed_at < ${q.to}`);
    if (q.after) where.push(Prisma.sql`(r.revealed_at, r.id) < (${q.after.at}, ${q.after.id}::uuid)`);
    return this.db.$queryRaw<RevealRow[]>`
      SELECT r.id::text AS id, r.tenant_id::text AS "tenantId", r.code_id::text AS "codeId", c.sku_id::text AS "skuId",
             r.member_id::text AS "memberId", r.entitlement_id::text AS "entitlementId", r.ip,
             r.user_agent AS "userAgent", r.revealed_at AS "revealedAt"
      FROM catalog.card_code_reveal r
      JOIN catalog.card_code c ON c.id = r.code_id
      WHERE ${where.length ? Prisma.join(where, " AND ") : Prisma.sql`TRUE`}
      ORDER BY r.revealed_at DESC, r.id DESC
      LIMIT ${q.limit}`;
  }
}
