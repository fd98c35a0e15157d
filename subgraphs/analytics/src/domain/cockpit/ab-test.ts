// A/B result of a campaign: each variant's redemption rate (redeemed /
// issued) with its 95% Wilson interval, and the pooled two-proportion z-test
// between the two variants with the best rates. A winner is named only when
// that difference is significant (p < 0.05).
import { costPerRedemption, ratio } from "./counts";
import { twoProportionTest, wilsonInterval } from "./statistics";

export const AB_CONFIDENCE = 0.95;

export interface VariantFigures {
  variant: string;
  issued: number;
  claimed: number;
  redeemed: number;
  cost: bigint;
}

export interface AbVariantResult extends VariantFigures {
  redemptionRate: number;
  rateLow: number;
  rateHigh: number;
  costPerRedemption: bigint | null;
}

export interface AbTestResult {
  variants: AbVariantResult[];
  confidence: number;
  zScore: number | null;
  pValue: number | null;
  significant: boolean;
  winner: string | null;
}

/**
 * Null when no entitlement of the campaign carries a variant. Redemptions
 * counted in a period can stem from issues before it: the interval and the
 * test take at most as many successes as trials.
 */
export function abTest(figures: readonly VariantFigures[]): AbTestResult | null {
  const named = figures.filter((f) => f.variant !== "");
  if (named.length === 0) return null;
  const variants = [...named]
    .sort((a, b) => a.variant.localeCompare(b.variant))
    .map((f) => {
      const successes = Math.min(f.redeemed, f.issued);
      const interval = wilsonInterval(successes, f.issued);
      return {
        ...f,
        redemptionRate: ratio(f.redeemed, f.issued),
        rateLow: interval.low,
        rateHigh: interval.high,
        costPerRedemption: costPerRedemption(f.cost, f.redeemed),
      };
    });
  const ranked = variants
    .filter((v) => v.issued > 0)
    .sort((a, b) => b.redemptionRate - a.redemptionRate || b.issued - a.issued || a.variant.localeCompare(b.variant));
  const [best, second] = ranked;
  const test =
    best && second
      ? twoProportionTest(
          Math.min(best.redeemed, best.issued),
          best.issued,
          Math.min(second.redeemed, second.issued),
          second.issued,
        )
      : null;
  const significant = test !== null && test.p < 1 - AB_CONFIDENCE && best!.redemptionRate > second!.redemptionRate;
  return {
    variants,
    confidence: AB_CONFIDENCE,
    zScore: test?.z ?? null,
    pValue: test?.p ?? null,
    significant,
    winner: significant ? best!.variant : null,
  };
}
