// Who may call what in analytics. Anything not named here is denied.
// Which rows a cockpit viewer sees (tenant, subtree, operator's tenants) is the services' business.
import { allow, isMember, isPlatformOperator, isTenantAdmin, isUnitManagerOrAdmin } from "@benefits-hub/platform";
import { or, type IRules } from "graphql-shield";

/** The cockpit: tenant admins, unit managers (their subtree) and platform operators (cross-tenant). */
const cockpitViewer = or(isUnitManagerOrAdmin, isPlatformOperator);
/** Reconciliation: tenant admins (their tenant's orders) and platform operators. */
const reconciler = or(isTenantAdmin, isPlatformOperator);

export const permissions: IRules = {
  Query: {
    redemptionStats: isTenantAdmin,
    cockpitOverview: cockpitViewer,
    cockpitTimeSeries: cockpitViewer,
    cockpitFunnel: cockpitViewer,
    cockpitBreakdown: cockpitViewer,
    campaignReport: cockpitViewer,
    budgetBurn: cockpitViewer,
    reconciliation: reconciler,
    _entities: allow,
    _service: allow,
  },
  Subscription: {
    redemptionCounted: isTenantAdmin,
    cockpitUpdated: cockpitViewer,
  },
  Benefit: {
    id: allow,
    redemptionCount: isMember,
  },
  BenefitRedemptionStat: isTenantAdmin,
  CockpitOverview: cockpitViewer,
  CockpitPulse: cockpitViewer,
  CockpitKpi: cockpitViewer,
  CockpitCounts: cockpitViewer,
  CockpitSeriesPoint: cockpitViewer,
  CockpitFunnel: cockpitViewer,
  CockpitBreakdown: cockpitViewer,
  CockpitBreakdownRow: cockpitViewer,
  CampaignReport: cockpitViewer,
  AbTestResult: cockpitViewer,
  AbVariantResult: cockpitViewer,
  BudgetBurn: cockpitViewer,
  BudgetBurnPoint: cockpitViewer,
  Reconciliation: reconciler,
  ReconciliationMismatch: reconciler,
  _Service: allow,
};
