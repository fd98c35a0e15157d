// Campaign report: what a campaign cost and brought over a period (its whole
// life unless told), budget used against planned, ROI, and its A/B result.
import type { Identity } from "@benefits-hub/platform";
import type { CockpitCampaignRepository } from "../../data/cockpit/campaign.repository";
import type { CockpitRollupRepository, Granularity } from "../../data/cockpit/rollup.repository";
import { abTest, type AbTestResult } from "./ab-test";
import { costPerRedemption, countsOf, roi, type CockpitCounts } from "./counts";
import { shanghaiToday } from "./dates";
import { invalidInput, isUuid } from "./errors";
import { checkRange, type CockpitFilter } from "./filter";
import type { CockpitSeriesPoint } from "./overview.service";
import { isEmptyScope, resolveScope, type CockpitScope } from "./scope";

export interface CampaignReport {
  campaignId: string;
  name: string;
  from: string;
  to: string;
  counts: CockpitCounts;
  plannedBudget: bigint | null;
  budgetUsed: bigint;
  budgetUsedRatio: number | null;
  costPerRedemption: bigint | null;
  roi: number | null;
  abTest: AbTestResult | null;
  /** What `series` reads again: the campaign's tenant and the viewer's subtree. */
  scope: CockpitScope;
}

const GRANULARITIES: readonly Granularity[] = ["DAY", "WEEK", "MONTH"];

export class CampaignReportService {
  constructor(
    private readonly campaigns: CockpitCampaignRepository,
    private readonly rollups: CockpitRollupRepository,
  ) {}

  /** Null for an id that names no campaign in the viewer's reach. */
  async report(
    viewer: Identity,
    campaignId: string,
    range: { from?: string | null; to?: string | null } = {},
  ): Promise<CampaignReport | null> {
    const given = range.from != null || range.to != null;
    if (given) {
      if (range.from != null) checkRange(range.from, range.from);
      if (range.to != null) checkRange(range.to, range.to);
    }
    const viewerScope = resolveScope(viewer);
    if (!isUuid(campaignId) || isEmptyScope(viewerScope)) return null;
    const campaign = await this.campaigns.find(campaignId.toLowerCase(), viewerScope);
    if (!campaign) return null;
    // The campaign's own first and last day fill in only what the range leaves open.
    const bothGiven = range.from != null && range.to != null;
    const life = (bothGiven ? null : await this.campaigns.life(campaign.tenantId, campaign.campaignId)) ?? {
      from: shanghaiToday(),
      to: shanghaiToday(),
    };
    const from = range.from ?? life.from;
    const to = range.to ?? life.to;
    if (given) checkRange(from, to);
    else if (from > to) invalidInput("from", "must not be after to");
    const scope: CockpitScope = { tenantIds: [campaign.tenantId], subtreeOf: viewerScope.subtreeOf };
    const filter: CockpitFilter = { from, to, campaignIds: [campaign.campaignId] };
    const [sums, variants, budgetUsed] = await Promise.all([
      this.rollups.sums(filter, scope),
      this.campaigns.variants(campaign.tenantId, campaign.campaignId, from, to, scope),
      this.campaigns.budgetUsed(campaign.tenantId, campaign.campaignId, from, to, scope),
    ]);
    const counts = countsOf(sums);
    const planned = campaign.plannedBudgetFen;
    return {
      campaignId: campaign.campaignId,
      name: campaign.name,
      from,
      to,
      counts,
      plannedBudget: planned,
      budgetUsed,
      budgetUsedRatio: planned !== null && planned > 0n ? Number(budgetUsed) / Number(planned) : null,
      costPerRedemption: costPerRedemption(counts.cost, counts.redeemed),
      roi: roi(counts.faceValue, counts.cost),
      abTest: abTest(
        variants.map((v) => {
          const c = countsOf(v);
          return { variant: v.variant, issued: c.issued, claimed: c.claimed, redeemed: c.redeemed, cost: c.cost };
        }),
      ),
      scope,
    };
  }

  /** The report's figures per day, week or month over its period. */
  async series(report: CampaignReport, granularity: string = "DAY"): Promise<CockpitSeriesPoint[]> {
    if (!GRANULARITIES.includes(granularity as Granularity)) invalidInput("granularity", "DAY, WEEK or MONTH");
    const filter: CockpitFilter = { from: report.from, to: report.to, campaignIds: [report.campaignId] };
    const rows = await this.rollups.series(filter, report.scope, granularity as Granularity);
    return rows.map((row) => ({ period: row.period, counts: countsOf(row) }));
  }
}
