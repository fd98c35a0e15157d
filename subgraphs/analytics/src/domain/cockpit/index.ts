// The cockpit's services, built once per process (they keep no per-request
// state): what context.ts hands the resolvers, and what the live
// subscription and the export call for the same numbers.
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { CockpitBudgetRepository } from "../../data/cockpit/budget.repository";
import { CockpitCampaignRepository } from "../../data/cockpit/campaign.repository";
import { CockpitReconciliationRepository } from "../../data/cockpit/reconciliation.repository";
import { CockpitRollupRepository } from "../../data/cockpit/rollup.repository";
import { CockpitBreakdownService } from "./breakdown.service";
import { BudgetBurnService } from "./budget-burn.service";
import { CampaignReportService } from "./campaign-report.service";
import { CockpitOverviewService } from "./overview.service";
import { ReconciliationService } from "./reconciliation.service";

export interface CockpitServices {
  overview: CockpitOverviewService;
  breakdown: CockpitBreakdownService;
  campaigns: CampaignReportService;
  budgets: BudgetBurnService;
  reconciliation: ReconciliationService;
}

export function createCockpitServices(db: PrismaClient): CockpitServices {
  const rollups = new CockpitRollupRepository(db);
  return {
    overview: new CockpitOverviewService(rollups),
    breakdown: new CockpitBreakdownService(rollups),
    campaigns: new CampaignReportService(new CockpitCampaignRepository(db), rollups),
    budgets: new BudgetBurnService(new CockpitBudgetRepository(db)),
    reconciliation: new ReconciliationService(new CockpitReconciliationRepository(db)),
  };
}
