import type { PrismaClient, BenefitRedemptions } from "@benefits-hub/platform/db/client";

export type RedemptionStatRow = BenefitRedemptions;

export class RedemptionStatsRepository {
  constructor(private readonly db: PrismaClient) {}

  listForTenant(tenantId: string): Promise<RedemptionStatRow[]> {
    return this.db.benefitRedemptions.findMany({
      where: { tenantId },
      orderBy: [{ redeemedCount: "desc" }, { benefitId: "asc" }],
      take: 1000,
    });
  }

  findForBenefits(tenantId: string, benefitIds: readonly string[]): Promise<RedemptionStatRow[]> {
    return this.db.benefitRedemptions.findMany({ where: { tenantId, benefitId: { in: [...benefitIds] } } });
  }
}
