import type { RedemptionStatEvent } from "../domain/redemption-topic";

export const BenefitRedemptionStat = {
  benefit: (stat: RedemptionStatEvent) => ({ __typename: "Benefit", id: stat.benefitId }),
};
