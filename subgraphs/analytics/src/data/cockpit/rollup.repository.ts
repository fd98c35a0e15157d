// Reads of the event rollups: one set-based statement per question, over the
// coarse rollup (tenant x day x org unit) when the filter allows, else the
// fine one. Never the raw events: the cost follows days x groups, not events.
import { Prisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import type { CockpitFilter } from "../../domain/cockpit/filter";
import type { CockpitScope } from "../../domain/cockpit/scope";
import {
  needsFineRollup,
  orgUnitCondition,
  rollupConditions,
  rollupTable,
  sumsOf,
  tenantCondition,
  SUMS,
  ZERO_SUMS,
  type RollupSums,
} from "./conditions";

export type Granularity = "DAY" | "WEEK" | "MONTH";
export type Dimension =
  | "DAY"
  | "CAMPAIGN"
  | "VARIANT"
  | "BENEFIT"
  | "SKU"
  | "CATEGORY"
  | "BRAND"
  | "SUPPLIER"
  | "CHANNEL"
  | "ORG_UNIT"
  | "TIER";
export type Metric =
  "ISSUED" | "CLAIMED" | "REDEEMED" | "EXPIRED" | "REVOKED" | "REDEMPTION_RATE" | "COST" | "FACE_VALUE";

const TRUNC: Record<Granularity, string> = { DAY: "day", WEEK: "week", MONTH: "month" };

const KEY: Record<Dimension, string> = {
  DAY: "r.day::text",
  CAMPAIGN: "r.campaign_id::text",
  VARIANT: "r.variant",
  BENEFIT: "r.benefit_id::text",
  SKU: "r.sku_id::text",
  CATEGORY: "r.category_id::text",
  BRAND: "r.brand_id::text",
  SUPPLIER: "r.supplier_id::text",
  CHANNEL: "r.channel",
  ORG_UNIT: "r.org_unit_id::text",
  TIER: "r.tier",
};

const ORDER: Record<Metric, string> = {
  ISSUED: "g.issued",
  CLAIMED: "g.claimed",
  REDEEMED: "g.redeemed",
  EXPIRED: "g.expired",
  REVOKED: "g.revoked",
  REDEMPTION_RATE: "COALESCE(g.redeemed::float8 / NULLIF(g.issued, 0), 0)",
  COST: `g."redeemedCostFen"`,
  FACE_VALUE: `g."redeemedFaceValueFen"`,
};

export interface SeriesRow extends RollupSums {
  period: string;
}

export interface BreakdownRow extends RollupSums {
  key: string;
  label: string | null;
}

export interface BreakdownPage {
  rows: BreakdownRow[];
  totalRows: number;
  totals: RollupSums;
}

export class CockpitRollupRepository {
  constructor(private readonly db: PrismaClient) {}

  /** The filter's sums over its own days and over `previous` days, in one read. */
  async sumsWithPrevious(
    filter: CockpitFilter,
    scope: CockpitScope,
    previous: { from: string; to: string },
  ): Promise<{ current: RollupSums; previous: RollupSums }> {
    const coarse = !needsFineRollup(filter);
    const rows = await this.db.$queryRaw<(RollupSums & { current: boolean })[]>`
      SELECT (r.day >= ${filter.from}::date) AS current, ${SUMS}
      FROM ${rollupTable(coarse)}
      WHERE ${rollupConditions(filter, scope, { coarse, from: previous.from })}
      GROUP BY 1`;
    const pick = (current: boolean) => {
      const row = rows.find((r) => r.current === current);
      return row ? sumsOf(row) : ZERO_SUMS;
    };
    return { current: pick(true), previous: pick(false) };
  }

  /** The filter's sums over its days. */
  async sums(filter: CockpitFilter, scope: CockpitScope): Promise<RollupSums> {
    const coarse = !needsFineRollup(filter);
    const [row] = await this.db.$queryRaw<RollupSums[]>`
      SELECT ${SUMS} FROM ${rollupTable(coarse)} WHERE ${rollupConditions(filter, scope, { coarse })}`;
    return row ? sumsOf(row) : ZERO_SUMS;
  }

  /**
   * Members with at least one event in [from, to] and in `previous`. The
   * member-day rollup knows tenants, days and org units, so only those narrow it.
   */
  async activeMembers(
    filter: CockpitFilter,
    scope: CockpitScope,
    previous: { from: string; to: string },
  ): Promise<{ current: number; previous: number }> {
    const parts = [
      tenantCondition("m.tenant_id", scope),
      Prisma.sql`m.day BETWEEN ${previous.from}::date AND ${filter.to}::date`,
    ];
    const units = orgUnitCondition("m.org_unit_id", scope, filter.orgUnitIds);
    if (units) parts.push(units);
    // One hash aggregate per member over both periods (two count(DISTINCT) would sort the rows twice).
    const [row] = await this.db.$queryRaw<{ current: bigint; previous: bigint }[]>`
      SELECT count(*) FILTER (WHERE a.current) AS current, count(*) FILTER (WHERE a.previous) AS previous
      FROM (
        SELECT m.member_id, bool_or(m.day >= ${filter.from}::date) AS current,
               bool_or(m.day < ${filter.from}::date) AS previous
        FROM analytics.member_day m
        WHERE ${Prisma.join(parts, " AND ")}
        GROUP BY m.member_id
      ) a`;
    return { current: Number(row?.current ?? 0), previous: Number(row?.previous ?? 0) };
  }

  /** One row per bucket from the bucket holding `from` through the one holding `to`, empty buckets as zeros. */
  async series(filter: CockpitFilter, scope: CockpitScope, granularity: Granularity): Promise<SeriesRow[]> {
    const coarse = !needsFineRollup(filter);
    const unit = Prisma.raw(`'${TRUNC[granularity]}'`);
    const step = Prisma.raw(`'1 ${TRUNC[granularity]}'::interval`);
    return this.db.$queryRaw<SeriesRow[]>`
      WITH agg AS (
        SELECT date_trunc(${unit}, r.day::timestamp)::date AS period, ${SUMS}
        FROM ${rollupTable(coarse)}
        WHERE ${rollupConditions(filter, scope, { coarse })}
        GROUP BY 1
      ), buckets AS (
        SELECT generate_series(date_trunc(${unit}, ${filter.from}::date::timestamp),
                               ${filter.to}::date::timestamp, ${step})::date AS period
      )
      SELECT b.period::text AS period,
             COALESCE(a.issued, 0)::bigint AS issued, COALESCE(a.claimed, 0)::bigint AS claimed,
             COALESCE(a.redeemed, 0)::bigint AS redeemed, COALESCE(a.expired, 0)::bigint AS expired,
             COALESCE(a.revoked, 0)::bigint AS revoked,
             COALESCE(a."issuedCostFen", 0)::bigint AS "issuedCostFen",
             COALESCE(a."redeemedCostFen", 0)::bigint AS "redeemedCostFen",
             COALESCE(a."redeemedFaceValueFen", 0)::bigint AS "redeemedFaceValueFen"
      FROM buckets b LEFT JOIN agg a ON a.period = b.period
      ORDER BY b.period`;
  }

  /**
   * Groups by one dimension, sorted by a metric (then by key), a page of them,
   * with the number of groups and the sums over all of them, in one statement.
   * Labels: the org unit's current name, else what the events called the value.
   */
  async breakdown(
    filter: CockpitFilter,
    scope: CockpitScope,
    dimension: Dimension,
    sort: { metric: Metric; descending: boolean },
    page: { first: number; offset: number },
  ): Promise<BreakdownPage> {
    const coarse = !needsFineRollup(filter) && (dimension === "DAY" || dimension === "ORG_UNIT");
    const direction = sort.descending ? "DESC" : "ASC";
    const order = Prisma.raw(`${ORDER[sort.metric]} ${direction}, g.key ASC`);
    const orgName =
      dimension === "ORG_UNIT"
        ? Prisma.sql`(SELECT ou.name FROM analytics.org_unit ou
                      WHERE ou.org_unit_id = p.key::uuid AND ${tenantCondition("ou.tenant_id", scope)} LIMIT 1)`
        : Prisma.sql`NULL::text`;
    const rows = await this.db.$queryRaw<(BreakdownRow & { total: boolean; groups: bigint })[]>`
      WITH g AS (
        SELECT ${Prisma.raw(KEY[dimension])} AS key, ${SUMS}
        FROM ${rollupTable(coarse)}
        WHERE ${rollupConditions(filter, scope, { coarse })}
        GROUP BY 1
      ), p AS (
        SELECT g.*, row_number() OVER (ORDER BY ${order}) AS position FROM g
        ORDER BY ${order} LIMIT ${page.first} OFFSET ${page.offset}
      )
      SELECT false AS total, p.key, 0::bigint AS groups, p.issued, p.claimed, p.redeemed, p.expired, p.revoked,
             p."issuedCostFen", p."redeemedCostFen", p."redeemedFaceValueFen",
             COALESCE(${orgName},
               (SELECT dl.label FROM analytics.dimension_label dl
                WHERE dl.dimension = ${dimension} AND dl.key = p.key AND ${tenantCondition("dl.tenant_id", scope)}
                ORDER BY dl.tenant_id LIMIT 1)) AS label,
             p.position
      FROM p
      UNION ALL
      SELECT true, NULL, count(*)::bigint, COALESCE(SUM(g.issued), 0)::bigint, COALESCE(SUM(g.claimed), 0)::bigint,
             COALESCE(SUM(g.redeemed), 0)::bigint, COALESCE(SUM(g.expired), 0)::bigint,
             COALESCE(SUM(g.revoked), 0)::bigint, COALESCE(SUM(g."issuedCostFen"), 0)::bigint,
             COALESCE(SUM(g."redeemedCostFen"), 0)::bigint, COALESCE(SUM(g."redeemedFaceValueFen"), 0)::bigint,
             NULL, NULL
      FROM g
      ORDER BY total, position`;
    const totals = rows.find((r) => r.total);
    return {
      rows: rows.filter((r) => !r.total).map((r) => ({ ...sumsOf(r), key: r.key, label: r.label })),
      totalRows: Number(totals?.groups ?? 0),
      totals: totals ? sumsOf(totals) : ZERO_SUMS,
    };
  }
}
