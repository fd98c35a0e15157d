// The WHERE clause every cockpit read shares: the viewer's scope (tenants, a
// unit manager's subtree) and the filter's dimensions, over a rollup alias.
// Org units are matched through analytics.org_unit's paths: a unit named in
// the filter brings its subtree, a unit outside the viewer's scope brings nothing.
import { Prisma } from "@benefits-hub/platform/db/client";
import type { CockpitFilter } from "../../domain/cockpit/filter";
import type { CockpitScope } from "../../domain/cockpit/scope";

/** The dimensions only the fine rollup (daily_rollup) carries. */
const FINE_LISTS = [
  ["campaignIds", "campaign_id", "uuid"],
  ["variants", "variant", "text"],
  ["benefitIds", "benefit_id", "uuid"],
  ["skuIds", "sku_id", "uuid"],
  ["categoryIds", "category_id", "uuid"],
  ["brandIds", "brand_id", "uuid"],
  ["supplierIds", "supplier_id", "uuid"],
  ["channels", "channel", "text"],
  ["tiers", "tier", "text"],
] as const;

/** Whether the filter narrows by a dimension the coarse rollup (tenant x day x org unit) lacks. */
export const needsFineRollup = (filter: CockpitFilter) => FINE_LISTS.some(([field]) => filter[field]?.length);

export function tenantCondition(column: string, scope: CockpitScope): Prisma.Sql {
  if (scope.tenantIds === null) return Prisma.sql`TRUE`;
  return Prisma.sql`${Prisma.raw(column)} = ANY(${scope.tenantIds}::uuid[])`;
}

/** The org units in scope and under the filter's units, or null when neither narrows. */
export function orgUnitCondition(column: string, scope: CockpitScope, orgUnitIds?: string[]): Prisma.Sql | null {
  if (!scope.subtreeOf && !orgUnitIds?.length) return null;
  const parts = [tenantCondition("ou.tenant_id", scope)];
  if (scope.subtreeOf) parts.push(Prisma.sql`${scope.subtreeOf}::uuid = ANY(ou.path)`);
  if (orgUnitIds?.length) parts.push(Prisma.sql`ou.path && ${orgUnitIds}::uuid[]`);
  return Prisma.sql`${Prisma.raw(column)} = ANY(ARRAY(
    SELECT ou.org_unit_id FROM analytics.org_unit ou WHERE ${Prisma.join(parts, " AND ")}))`;
}

export interface RangeOptions {
  /** Rows of the coarse rollup: the fine dimensions are not filtered (the caller checked none is asked). */
  coarse?: boolean;
  /** Days from..to instead of the filter's. */
  from?: string;
  to?: string;
}

/** Scope + days + every dimension the filter names, over alias `r` of a rollup table. */
export function rollupConditions(filter: CockpitFilter, scope: CockpitScope, options: RangeOptions = {}): Prisma.Sql {
  const parts: Prisma.Sql[] = [
    tenantCondition("r.tenant_id", scope),
    Prisma.sql`r.day BETWEEN ${options.from ?? filter.from}::date AND ${options.to ?? filter.to}::date`,
  ];
  const units = orgUnitCondition("r.org_unit_id", scope, filter.orgUnitIds);
  if (units) parts.push(units);
  if (!options.coarse) {
    for (const [field, column, type] of FINE_LISTS) {
      const values = filter[field];
      if (!values?.length) continue;
      parts.push(Prisma.sql`r.${Prisma.raw(column)} = ANY(${values}::${Prisma.raw(type)}[])`);
    }
  }
  return Prisma.join(parts, " AND ");
}

/** daily_unit_rollup when the filter allows it (a few rows per day), else daily_rollup. */
export const rollupTable = (coarse: boolean) =>
  Prisma.raw(coarse ? "analytics.daily_unit_rollup r" : "analytics.daily_rollup r");

/** The sums every count is made of, as bigint columns named like RollupSums. */
export const SUMS = Prisma.sql`
  COALESCE(SUM(r.issued), 0)::bigint AS issued,
  COALESCE(SUM(r.claimed), 0)::bigint AS claimed,
  COALESCE(SUM(r.redeemed), 0)::bigint AS redeemed,
  COALESCE(SUM(r.expired), 0)::bigint AS expired,
  COALESCE(SUM(r.revoked), 0)::bigint AS revoked,
  COALESCE(SUM(r.issued_cost_fen), 0)::bigint AS "issuedCostFen",
  COALESCE(SUM(r.redeemed_cost_fen), 0)::bigint AS "redeemedCostFen",
  COALESCE(SUM(r.redeemed_face_value_fen), 0)::bigint AS "redeemedFaceValueFen"`;

/** The rollup's figures summed over some rows. */
export interface RollupSums {
  issued: bigint;
  claimed: bigint;
  redeemed: bigint;
  expired: bigint;
  revoked: bigint;
  issuedCostFen: bigint;
  redeemedCostFen: bigint;
  redeemedFaceValueFen: bigint;
}

export const ZERO_SUMS: RollupSums = Object.freeze({
  issued: 0n,
  claimed: 0n,
  redeemed: 0n,
  expired: 0n,
  revoked: 0n,
  issuedCostFen: 0n,
  redeemedCostFen: 0n,
  redeemedFaceValueFen: 0n,
});

/** Picks the RollupSums columns out of a row that has more. */
export const sumsOf = (row: RollupSums): RollupSums => ({
  issued: row.issued,
  claimed: row.claimed,
  redeemed: row.redeemed,
  expired: row.expired,
  revoked: row.revoked,
  issuedCostFen: row.issuedCostFen,
  redeemedCostFen: row.redeemedCostFen,
  redeemedFaceValueFen: row.redeemedFaceValueFen,
});
