import type { AnalyticsContext } from "../context";
import type { BreakdownArgs } from "../domain/cockpit/breakdown.service";
import type { CockpitFilterInput } from "../domain/cockpit/filter";
import type { ReconciliationArgs } from "../domain/cockpit/reconciliation.service";

type FilterArgs = { filter: CockpitFilterInput };

export const Query = {
  redemptionStats: (_: unknown, __: unknown, ctx: AnalyticsContext) =>
    ctx.services.redemptionStats.forTenant(ctx.viewer),
  cockpitOverview: (_: unknown, { filter }: FilterArgs, ctx: AnalyticsContext) =>
    ctx.services.cockpit.overview.overview(ctx.viewer, filter),
  cockpitTimeSeries: (
    _: unknown,
    { filter, granularity }: FilterArgs & { granularity?: string },
    ctx: AnalyticsContext,
  ) => ctx.services.cockpit.overview.timeSeries(ctx.viewer, filter, granularity ?? "DAY"),
  cockpitFunnel: (_: unknown, { filter }: FilterArgs, ctx: AnalyticsContext) =>
    ctx.services.cockpit.overview.funnel(ctx.viewer, filter),
  cockpitBreakdown: (_: unknown, { filter, ...args }: FilterArgs & BreakdownArgs, ctx: AnalyticsContext) =>
    ctx.services.cockpit.breakdown.breakdown(ctx.viewer, filter, args),
  campaignReport: (
    _: unknown,
    { campaignId, from, to }: { campaignId: string; from?: string | null; to?: string | null },
    ctx: AnalyticsContext,
  ) => ctx.services.cockpit.campaigns.report(ctx.viewer, campaignId, { from, to }),
  budgetBurn: (
    _: unknown,
    { period, orgUnitId }: { period: string; orgUnitId?: string | null },
    ctx: AnalyticsContext,
  ) => ctx.services.cockpit.budgets.burn(ctx.viewer, period, orgUnitId),
  reconciliation: (_: unknown, args: ReconciliationArgs, ctx: AnalyticsContext) =>
    ctx.services.cockpit.reconciliation.reconcile(ctx.viewer, args),
};
