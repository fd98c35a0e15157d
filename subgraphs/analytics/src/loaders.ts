// DataLoaders, created per request (and per viewer's tenant).
import DataLoader from "dataloader";
import type { Identity } from "@benefits-hub/platform";
import type { RedemptionStatsRepository } from "./data/redemption-stats.repository";

export interface AnalyticsLoaders {
  redemptionCount: DataLoader<string, number>;
}

export function createLoaders(viewer: Identity, stats: RedemptionStatsRepository): AnalyticsLoaders {
  return {
    redemptionCount: new DataLoader(async (benefitIds) => {
      if (viewer.kind !== "member") return benefitIds.map(() => 0);
      const rows = await stats.findForBenefits(viewer.tenantId, benefitIds);
      const counts = new Map(rows.map((r) => [r.benefitId, r.redeemedCount]));
      return benefitIds.map((id) => counts.get(id) ?? 0);
    }),
  };
}
