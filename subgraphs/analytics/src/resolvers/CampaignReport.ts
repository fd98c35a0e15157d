import type { AnalyticsContext } from "../context";
import type { CampaignReport as Report } from "../domain/cockpit/campaign-report.service";

export const CampaignReport = {
  series: (report: Report, { granularity }: { granularity?: string }, ctx: AnalyticsContext) =>
    ctx.services.cockpit.campaigns.series(report, granularity ?? "DAY"),
};
