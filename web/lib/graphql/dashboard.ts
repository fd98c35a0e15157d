import { gql } from "@urql/core";
import { classifyError, describeError } from "./errors";
import { mergeStats, toRedemptionStat, type RawRedemptionStat } from "./redemptions";
import { gatewayClient } from "./server-client";
import type { Loaded, MemberRole, RedemptionStat, Viewer } from "./types";

interface DashboardData {
  me: { displayName: string; role: MemberRole; tenant: { name: string } } | null;
  redemptionStats: RawRedemptionStat[];
}

const DashboardQuery = gql<DashboardData, Record<string, never>>`
  query Dashboard {
    me {
      displayName
      role
      tenant {
        name
      }
    }
    redemptionStats {
      benefit {
        id
        name
      }
      redeemedCount
      updatedAt
    }
  }
`;

export interface Dashboard {
  viewer: Viewer;
  stats: RedemptionStat[];
}

export async function getDashboard(token: string): Promise<Loaded<Dashboard>> {
  const result = await gatewayClient(token).query(DashboardQuery, {}).toPromise();
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure !== "unauthenticated" && failure !== "forbidden")
      console.error(describeError("Dashboard", result.error));
    return { ok: false, failure };
  }
  const me = result.data?.me;
  if (!me) return { ok: false, failure: "unauthenticated" };
  return {
    ok: true,
    value: {
      viewer: { displayName: me.displayName, role: me.role, tenantName: me.tenant.name },
      stats: mergeStats([], (result.data?.redemptionStats ?? []).map(toRedemptionStat)),
    },
  };
}
