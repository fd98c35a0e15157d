// The figures of a bucket or group as the schema shows them (CockpitCounts),
// and the ratios every report shares. A ratio over nothing is 0 (or null where
// the schema says so), never NaN.
import type { RollupSums } from "../../data/cockpit/conditions";

export interface CockpitCounts {
  issued: number;
  claimed: number;
  redeemed: number;
  expired: number;
  revoked: number;
  redemptionRate: number;
  /** Committed cost of what was redeemed, in fen. */
  cost: bigint;
  /** Face value of what was redeemed, in fen. */
  faceValue: bigint;
  /** Cost of what was issued, in fen. */
  issuedCost: bigint;
}

export const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

export function countsOf(sums: RollupSums): CockpitCounts {
  const issued = Number(sums.issued);
  const redeemed = Number(sums.redeemed);
  return {
    issued,
    claimed: Number(sums.claimed),
    redeemed,
    expired: Number(sums.expired),
    revoked: Number(sums.revoked),
    redemptionRate: ratio(redeemed, issued),
    cost: sums.redeemedCostFen,
    faceValue: sums.redeemedFaceValueFen,
    issuedCost: sums.issuedCostFen,
  };
}

/** cost / redemptions in whole fen (half up); null without redemptions. */
export const costPerRedemption = (cost: bigint, redeemed: number): bigint | null =>
  redeemed > 0 ? (cost * 2n + BigInt(redeemed)) / (2n * BigInt(redeemed)) : null;

/** ROI = (face value redeemed - cost) / cost; null when nothing was spent. */
export const roi = (faceValue: bigint, cost: bigint): number | null =>
  cost > 0n ? Number(faceValue - cost) / Number(cost) : null;
