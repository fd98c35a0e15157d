// Breakdown: the filter's figures grouped by one dimension, sorted by a
// metric, a page at a time (at most 500 groups), with the totals of all groups.
import type { Identity } from "@benefits-hub/platform";
import type { CockpitRollupRepository, Dimension, Metric } from "../../data/cockpit/rollup.repository";
import { ZERO_SUMS } from "../../data/cockpit/conditions";
import { countsOf, type CockpitCounts } from "./counts";
import { invalidInput } from "./errors";
import { checkFilter, type CockpitFilterInput } from "./filter";
import { isEmptyScope, resolveScope } from "./scope";

export const DIMENSIONS = [
  "DAY",
  "CAMPAIGN",
  "VARIANT",
  "BENEFIT",
  "SKU",
  "CATEGORY",
  "BRAND",
  "SUPPLIER",
  "CHANNEL",
  "ORG_UNIT",
  "TIER",
] as const satisfies readonly Dimension[];
export const METRICS = [
  "ISSUED",
  "CLAIMED",
  "REDEEMED",
  "EXPIRED",
  "REVOKED",
  "REDEMPTION_RATE",
  "COST",
  "FACE_VALUE",
] as const satisfies readonly Metric[];
export const MAX_BREAKDOWN_ROWS = 500;
const MAX_OFFSET = 1_000_000;
const NONE_UUID = "00000000-0000-0000-0000-000000000000";

export interface BreakdownArgs {
  dimension: string;
  sortBy?: string | null;
  direction?: string | null;
  first?: number | null;
  offset?: number | null;
}

export interface CockpitBreakdown {
  dimension: Dimension;
  rows: { key: string; label: string; counts: CockpitCounts }[];
  totalRows: number;
  totals: CockpitCounts;
}

/** The sentinel of "no campaign", "no variant"... shows as "(none)". */
const labelFor = (key: string, label: string | null) => label ?? (key === "" || key === NONE_UUID ? "(none)" : key);

export function checkBreakdownArgs(args: BreakdownArgs) {
  const dimension = args.dimension as Dimension;
  if (!(DIMENSIONS as readonly string[]).includes(dimension))
    invalidInput("dimension", `one of ${DIMENSIONS.join(", ")}`);
  const metric = (args.sortBy ?? "ISSUED") as Metric;
  if (!(METRICS as readonly string[]).includes(metric)) invalidInput("sortBy", `one of ${METRICS.join(", ")}`);
  const direction = args.direction ?? "DESC";
  if (direction !== "ASC" && direction !== "DESC") invalidInput("direction", "ASC or DESC");
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_BREAKDOWN_ROWS) {
    invalidInput("first", `1 to ${MAX_BREAKDOWN_ROWS}`);
  }
  const offset = args.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) invalidInput("offset", `0 to ${MAX_OFFSET}`);
  return { dimension, metric, descending: direction === "DESC", first, offset };
}

export class CockpitBreakdownService {
  constructor(private readonly rollups: CockpitRollupRepository) {}

  async breakdown(viewer: Identity, input: CockpitFilterInput, args: BreakdownArgs): Promise<CockpitBreakdown> {
    const filter = checkFilter(input);
    const { dimension, metric, descending, first, offset } = checkBreakdownArgs(args);
    const scope = resolveScope(viewer, filter.tenantIds);
    if (isEmptyScope(scope)) return { dimension, rows: [], totalRows: 0, totals: countsOf(ZERO_SUMS) };
    const page = await this.rollups.breakdown(filter, scope, dimension, { metric, descending }, { first, offset });
    return {
      dimension,
      rows: page.rows.map((row) => ({ key: row.key, label: labelFor(row.key, row.label), counts: countsOf(row) })),
      totalRows: page.totalRows,
      totals: countsOf(page.totals),
    };
  }
}
