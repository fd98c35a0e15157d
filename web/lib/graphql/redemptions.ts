// Shared by the server (initial stats) and the browser (live updates): no server-only imports here.
import { gql } from "@urql/core";
import type { RedemptionStat } from "./types";

export interface RawRedemptionStat {
  benefit: { id: string; name: string };
  redeemedCount: number;
  updatedAt: string;
}

export const RedemptionCountedSubscription = gql<{ redemptionCounted: RawRedemptionStat }, Record<string, never>>`
  subscription RedemptionCounted {
    redemptionCounted {
      benefit {
        id
        name
      }
      redeemedCount
      updatedAt
    }
  }
`;

export function toRedemptionStat(raw: RawRedemptionStat): RedemptionStat {
  return {
    benefitId: raw.benefit.id,
    benefitName: raw.benefit.name,
    redeemedCount: raw.redeemedCount,
    updatedAt: raw.updatedAt,
  };
}

function byCountDesc(a: RedemptionStat, b: RedemptionStat): number {
  return b.redeemedCount - a.redeemedCount || a.benefitName.localeCompare(b.benefitName);
}

/** Counts only grow, so the larger count is the newer one, whatever order updates arrive in. */
export function mergeStats(rows: readonly RedemptionStat[], updates: readonly RedemptionStat[]): RedemptionStat[] {
  const byBenefit = new Map(rows.map((row) => [row.benefitId, row]));
  for (const update of updates) {
    const current = byBenefit.get(update.benefitId);
    if (!current || update.redeemedCount >= current.redeemedCount) byBenefit.set(update.benefitId, update);
  }
  return [...byBenefit.values()].sort(byCountDesc);
}

export function totalRedemptions(rows: readonly RedemptionStat[]): number {
  return rows.reduce((sum, row) => sum + row.redeemedCount, 0);
}
