import type { RedemptionStatRow } from "../data/redemption-stats.repository";

/** Live counter updates travel per tenant, so no subscriber ever sees another tenant's. */
export const redemptionTopic = (tenantId: string) => `analytics.redemptions.${tenantId}`;

export interface RedemptionStatEvent {
  tenantId: string;
  benefitId: string;
  redeemedCount: number;
  updatedAt: string;
}

export const toStatEvent = (row: RedemptionStatRow): RedemptionStatEvent => ({
  tenantId: row.tenantId,
  benefitId: row.benefitId,
  redeemedCount: row.redeemedCount,
  updatedAt: row.updatedAt.toISOString(),
});
