// The headline questions: overview (with the previous period), time series
// and funnel. `overview(viewer, filter)` is also what cockpitUpdated pushes.
import type { Identity } from "@benefits-hub/platform";
import type { CockpitRollupRepository, Granularity } from "../../data/cockpit/rollup.repository";
import { ZERO_SUMS, type RollupSums } from "../../data/cockpit/conditions";
import { countsOf, ratio, type CockpitCounts } from "./counts";
import { previousPeriod } from "./dates";
import { invalidInput } from "./errors";
import { checkFilter, type CockpitFilterInput } from "./filter";
import { isEmptyScope, resolveScope } from "./scope";

export interface CockpitKpi {
  current: number;
  previous: number;
  /** (current - previous) / previous; null when previous is 0. */
  change: number | null;
}

export interface CockpitOverview {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  issued: CockpitKpi;
  claimed: CockpitKpi;
  redeemed: CockpitKpi;
  expired: CockpitKpi;
  revoked: CockpitKpi;
  redemptionRate: CockpitKpi;
  cost: CockpitKpi;
  faceValue: CockpitKpi;
  activeMembers: CockpitKpi;
}

export interface CockpitSeriesPoint {
  period: string;
  counts: CockpitCounts;
}

export interface CockpitFunnel {
  issued: number;
  claimed: number;
  redeemed: number;
  claimRate: number;
  redemptionRate: number;
  overallRate: number;
}

export const kpi = (current: number, previous: number): CockpitKpi => ({
  current,
  previous,
  change: previous !== 0 ? (current - previous) / previous : null,
});

const GRANULARITIES: readonly Granularity[] = ["DAY", "WEEK", "MONTH"];

export class CockpitOverviewService {
  constructor(private readonly rollups: CockpitRollupRepository) {}

  /** The overview of the filter for the viewer, scoped as every cockpit query (DESIGN12 §3). */
  async overview(viewer: Identity, input: CockpitFilterInput): Promise<CockpitOverview> {
    const filter = checkFilter(input);
    const scope = resolveScope(viewer, filter.tenantIds);
    const previous = previousPeriod(filter.from, filter.to);
    const empty = isEmptyScope(scope);
    const [sums, members] = empty
      ? [
          { current: ZERO_SUMS, previous: ZERO_SUMS },
          { current: 0, previous: 0 },
        ]
      : await Promise.all([
          this.rollups.sumsWithPrevious(filter, scope, previous),
          this.rollups.activeMembers(filter, scope, previous),
        ]);
    const figure = (pick: (s: RollupSums) => bigint) => kpi(Number(pick(sums.current)), Number(pick(sums.previous)));
    const rate = (s: RollupSums) => ratio(Number(s.redeemed), Number(s.issued));
    return {
      from: filter.from,
      to: filter.to,
      previousFrom: previous.from,
      previousTo: previous.to,
      issued: figure((s) => s.issued),
      claimed: figure((s) => s.claimed),
      redeemed: figure((s) => s.redeemed),
      expired: figure((s) => s.expired),
      revoked: figure((s) => s.revoked),
      redemptionRate: kpi(rate(sums.current), rate(sums.previous)),
      cost: figure((s) => s.redeemedCostFen),
      faceValue: figure((s) => s.redeemedFaceValueFen),
      activeMembers: kpi(members.current, members.previous),
    };
  }

  async timeSeries(
    viewer: Identity,
    input: CockpitFilterInput,
    granularity: string = "DAY",
  ): Promise<CockpitSeriesPoint[]> {
    const filter = checkFilter(input);
    if (!GRANULARITIES.includes(granularity as Granularity)) invalidInput("granularity", "DAY, WEEK or MONTH");
    const scope = resolveScope(viewer, filter.tenantIds);
    // An empty scope still answers every bucket, as zeros (tenant_id = ANY('{}') matches nothing).
    const rows = await this.rollups.series(filter, scope, granularity as Granularity);
    return rows.map((row) => ({ period: row.period, counts: countsOf(row) }));
  }

  async funnel(viewer: Identity, input: CockpitFilterInput): Promise<CockpitFunnel> {
    const filter = checkFilter(input);
    const scope = resolveScope(viewer, filter.tenantIds);
    const sums = isEmptyScope(scope) ? ZERO_SUMS : await this.rollups.sums(filter, scope);
    const [issued, claimed, redeemed] = [Number(sums.issued), Number(sums.claimed), Number(sums.redeemed)];
    return {
      issued,
      claimed,
      redeemed,
      claimRate: ratio(claimed, issued),
      redemptionRate: ratio(redeemed, claimed),
      overallRate: ratio(redeemed, issued),
    };
  }
}
