// The detail rows of daily_rollup for an export: day x campaign x variant x
// benefit x SKU x channel x org unit x tier, in the viewer's scope and the
// filter, read in keyset pages over the primary key (each page one indexed
// range scan that starts where the last one ended, so the thousandth page
// costs what the first did and nothing is held between pages). Scope and
// filter are the cockpit queries' own conditions (data/cockpit/conditions.ts).
import { Prisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import { rollupConditions } from "../data/cockpit/conditions";
import type { CockpitFilter } from "../domain/cockpit/filter";
import type { CockpitScope } from "../domain/cockpit/scope";

export const NONE_ID = "00000000-0000-0000-0000-000000000000";

export interface DetailRow {
  tenant_id: string;
  day: string;
  campaign_id: string;
  variant: string;
  benefit_id: string;
  sku_id: string;
  channel: string;
  org_unit_id: string;
  tier: string;
  campaign: string | null;
  benefit: string | null;
  sku: string | null;
  org_unit: string | null;
  category: string | null;
  brand: string | null;
  supplier: string | null;
  category_id: string;
  brand_id: string;
  supplier_id: string;
  issued: number;
  claimed: number;
  redeemed: number;
  expired: number;
  revoked: number;
  issued_cost_fen: bigint;
  redeemed_cost_fen: bigint;
  redeemed_face_value_fen: bigint;
}

type Key = Pick<
  DetailRow,
  "tenant_id" | "day" | "campaign_id" | "variant" | "benefit_id" | "sku_id" | "channel" | "org_unit_id" | "tier"
>;

export class DetailExportRepository {
  constructor(private readonly db: PrismaClient) {}

  /** Every row, page after page; stops reading when the consumer stops iterating. */
  async *rows(scope: CockpitScope, filter: CockpitFilter, pageSize = 1_000): AsyncGenerator<DetailRow> {
    let after: Key | null = null;
    for (;;) {
      const page = await this.page(scope, filter, after, pageSize);
      yield* page;
      if (page.length < pageSize) return;
      after = page[page.length - 1]!;
    }
  }

  /**
   * One page after `after`, in primary-key order. Sorting is switched off for its transaction: the only other
   * plan, the (tenant, org unit, day) index and a sort of everything after the key, costs what remains on every
   * page (quadratic over an export), and a planner without fresh statistics (a table just filled) picks it.
   */
  async page(scope: CockpitScope, filter: CockpitFilter, after: Key | null, limit: number): Promise<DetailRow[]> {
    const [, , rows] = await this.db.$transaction([
      this.db.$executeRaw`SET LOCAL enable_sort = off`,
      this.db.$executeRaw`SET LOCAL enable_incremental_sort = off`,
      this.query(scope, filter, after, limit),
    ]);
    return rows;
  }

  private query(scope: CockpitScope, filter: CockpitFilter, after: Key | null, limit: number) {
    return this.db.$queryRaw<DetailRow[]>`
      SELECT r.tenant_id::text, to_char(r.day, 'YYYY-MM-DD') AS day, r.campaign_id::text, r.variant,
             r.benefit_id::text, r.sku_id::text, r.channel, r.org_unit_id::text, r.tier,
             coalesce(cf.name, lc.label) AS campaign, lb.label AS benefit, ls.label AS sku,
             coalesce(ou.name, lo.label) AS org_unit, lcat.label AS category, lbr.label AS brand,
             lsu.label AS supplier,
             r.issued, r.claimed, r.redeemed, r.expired, r.revoked,
             r.issued_cost_fen, r.redeemed_cost_fen, r.redeemed_face_value_fen,
             r.category_id::text AS category_id, r.brand_id::text AS brand_id, r.supplier_id::text AS supplier_id
        FROM analytics.daily_rollup r
        LEFT JOIN analytics.campaign_fact cf ON cf.tenant_id = r.tenant_id AND cf.campaign_id = r.campaign_id
        LEFT JOIN analytics.org_unit ou ON ou.tenant_id = r.tenant_id AND ou.org_unit_id = r.org_unit_id
        ${label("lc", "CAMPAIGN", Prisma.sql`r.campaign_id::text`)}
        ${label("lb", "BENEFIT", Prisma.sql`r.benefit_id::text`)}
        ${label("ls", "SKU", Prisma.sql`r.sku_id::text`)}
        ${label("lo", "ORG_UNIT", Prisma.sql`r.org_unit_id::text`)}
        ${label("lcat", "CATEGORY", Prisma.sql`r.category_id::text`)}
        ${label("lbr", "BRAND", Prisma.sql`r.brand_id::text`)}
        ${label("lsu", "SUPPLIER", Prisma.sql`r.supplier_id::text`)}
       WHERE ${rollupConditions(filter, scope)}
         AND ${
           after
             ? Prisma.sql`(r.tenant_id, r.day, r.campaign_id, r.variant, r.benefit_id, r.sku_id, r.channel,
                           r.org_unit_id, r.tier)
                        > (${after.tenant_id}::uuid, ${after.day}::date, ${after.campaign_id}::uuid, ${after.variant},
                           ${after.benefit_id}::uuid, ${after.sku_id}::uuid, ${after.channel},
                           ${after.org_unit_id}::uuid, ${after.tier})`
             : Prisma.sql`TRUE`
         }
       ORDER BY r.tenant_id, r.day, r.campaign_id, r.variant, r.benefit_id, r.sku_id, r.channel,
                r.org_unit_id, r.tier
       LIMIT ${limit}`;
  }
}

const label = (alias: string, dimension: string, key: Prisma.Sql) =>
  Prisma.sql`LEFT JOIN analytics.dimension_label ${Prisma.raw(alias)}
    ON ${Prisma.raw(alias)}.tenant_id = r.tenant_id AND ${Prisma.raw(alias)}.dimension = ${dimension}
   AND ${Prisma.raw(alias)}.key = ${key}`;
