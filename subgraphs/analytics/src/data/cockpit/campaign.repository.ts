// A campaign as the events told it (name, planned budget), its life in the
// rollup, its variants' figures and the budget its entitlements still hold.
import { Prisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import type { CockpitScope } from "../../domain/cockpit/scope";
import { orgUnitCondition, tenantCondition, SUMS, sumsOf, type RollupSums } from "./conditions";

export interface CampaignFactRow {
  tenantId: string;
  campaignId: string;
  name: string;
  plannedBudgetFen: bigint | null;
}

export interface VariantRow extends RollupSums {
  variant: string;
}

export class CockpitCampaignRepository {
  constructor(private readonly db: PrismaClient) {}

  async find(campaignId: string, scope: CockpitScope): Promise<CampaignFactRow | null> {
    const [row] = await this.db.$queryRaw<CampaignFactRow[]>`
      SELECT c.tenant_id::text AS "tenantId", c.campaign_id::text AS "campaignId", c.name,
             c.planned_budget_fen AS "plannedBudgetFen"
      FROM analytics.campaign_fact c
      WHERE c.campaign_id = ${campaignId}::uuid AND ${tenantCondition("c.tenant_id", scope)}
      ORDER BY c.tenant_id LIMIT 1`;
    return row ?? null;
  }

  /** The first and last day the campaign has figures on (null when none). */
  async life(tenantId: string, campaignId: string): Promise<{ from: string; to: string } | null> {
    const [row] = await this.db.$queryRaw<{ from: string | null; to: string | null }[]>`
      SELECT min(r.day)::text AS from, max(r.day)::text AS to
      FROM analytics.daily_rollup r
      WHERE r.tenant_id = ${tenantId}::uuid AND r.campaign_id = ${campaignId}::uuid`;
    return row?.from && row.to ? { from: row.from, to: row.to } : null;
  }

  /** The campaign's figures per variant over [from, to] (the variant '' is "none"). */
  variants(tenantId: string, campaignId: string, from: string, to: string, scope: CockpitScope): Promise<VariantRow[]> {
    const units = orgUnitCondition("r.org_unit_id", scope) ?? Prisma.sql`TRUE`;
    return this.db.$queryRaw<VariantRow[]>`
      SELECT r.variant, ${SUMS}
      FROM analytics.daily_rollup r
      WHERE r.tenant_id = ${tenantId}::uuid AND r.campaign_id = ${campaignId}::uuid
        AND r.day BETWEEN ${from}::date AND ${to}::date AND ${units}
      GROUP BY r.variant
      ORDER BY r.variant`.then((rows) => rows.map((r) => ({ ...sumsOf(r), variant: r.variant })));
  }

  /**
   * Budget the campaign's entitlements issued in [from, to] hold: their cost
   * (reserved when issued, committed when redeemed) unless expiry or
   * revocation released it. Transfers keep the original's reservation, so
   * their copies (channel TRANSFER) are not counted again.
   */
  async budgetUsed(tenantId: string, campaignId: string, from: string, to: string, scope: CockpitScope) {
    const units = orgUnitCondition("f.org_unit_id", scope) ?? Prisma.sql`TRUE`;
    const [row] = await this.db.$queryRaw<{ used: bigint }[]>`
      SELECT COALESCE(SUM(f.cost_fen), 0)::bigint AS used
      FROM analytics.entitlement_fact f
      WHERE f.tenant_id = ${tenantId}::uuid AND f.issued_day BETWEEN ${from}::date AND ${to}::date
        AND f.campaign_id = ${campaignId}::uuid AND f.channel <> 'TRANSFER'
        AND f.state NOT IN ('EXPIRED', 'REVOKED') AND ${units}`;
    return row?.used ?? 0n;
  }
}
