// The export's questions answered by the cockpit's own services: the same
// checks, scope and numbers as the GraphQL queries.
import type { CockpitServices } from "../domain/cockpit";
import type { ExportQueries } from "./reports";

export function exportQueries(cockpit: CockpitServices): ExportQueries {
  return {
    breakdown: (viewer, filter, args) => cockpit.breakdown.breakdown(viewer, filter, args),
    timeSeries: (viewer, filter, granularity) => cockpit.overview.timeSeries(viewer, filter, granularity),
    async campaignReport(viewer, campaignId, range, granularity) {
      const report = await cockpit.campaigns.report(viewer, campaignId, range);
      if (!report) return null;
      return { ...report, series: await cockpit.campaigns.series(report, granularity) };
    },
    reconciliation: (viewer, args) => cockpit.reconciliation.reconcile(viewer, args),
  };
}
