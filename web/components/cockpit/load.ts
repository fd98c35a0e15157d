// Server side: the dashboard's reads, each with the viewer's own token (the API scopes every figure: a unit
// manager's are their subtree's). Failures come back as the app's failure kinds, never as thrown errors.
import type { CockpitDashboardQuery, CockpitViewerQuery } from "@/lib/gql/graphql";
import { classifyError, describeError } from "@/lib/graphql/errors";
import { gatewayClient } from "@/lib/graphql/server-client";
import type { Loaded } from "@/lib/graphql/types";
import {
  CockpitDashboardQuery as DashboardDocument,
  CockpitOrgUnitQuery,
  CockpitViewerQuery as ViewerDocument,
} from "./operations";
import { cockpitFilter, PAGE_SIZE, type CockpitState } from "./params";

export type CockpitViewer = NonNullable<CockpitViewerQuery["me"]>;
export type CockpitData = CockpitDashboardQuery;

/** Roles the cockpit serves; members (and partners) get the admin pages' usual refusal. */
export const COCKPIT_ROLES = ["TENANT_ADMIN", "UNIT_MANAGER", "PLATFORM_OPERATOR"] as const;

export async function loadViewer(token: string): Promise<Loaded<CockpitViewer>> {
  const result = await gatewayClient(token).query(ViewerDocument, {}).toPromise();
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure !== "unauthenticated" && failure !== "forbidden")
      console.error(describeError("CockpitViewer", result.error));
    return { ok: false, failure };
  }
  const me = result.data?.me;
  return me ? { ok: true, value: me } : { ok: false, failure: "unauthenticated" };
}

export async function loadCockpit(token: string, state: CockpitState): Promise<Loaded<CockpitData>> {
  const result = await gatewayClient(token)
    .query(DashboardDocument, {
      filter: cockpitFilter(state),
      granularity: state.granularity,
      dimension: state.dimension,
      sortBy: state.sortBy,
      direction: state.direction,
      first: PAGE_SIZE,
      offset: state.pageIndex * PAGE_SIZE,
    })
    .toPromise();
  if (result.error || !result.data) {
    const failure = result.error ? classifyError(result.error) : "failed";
    if (result.error && failure !== "unauthenticated" && failure !== "forbidden")
      console.error(describeError("CockpitDashboard", result.error));
    return { ok: false, failure };
  }
  return { ok: true, value: result.data };
}

export interface Crumb {
  id: string;
  name: string;
}

/**
 * The drill-down trail to `orgUnitId`: its ancestors from the viewer's own unit down (a unit manager's trail
 * starts at their unit; a tenant admin's at the root), then the unit. Null when the unit is unknown or not
 * the viewer's to see.
 */
export async function loadTrail(token: string, orgUnitId: string, viewer: CockpitViewer): Promise<Crumb[] | null> {
  const result = await gatewayClient(token).query(CockpitOrgUnitQuery, { id: orgUnitId }).toPromise();
  const unit = result.data?.orgUnit;
  if (result.error || !unit) return null;
  const chain = [...unit.ancestors, { id: unit.id, name: unit.name }];
  const start = viewer.role === "UNIT_MANAGER" ? chain.findIndex((c) => c.id === viewer.orgUnit.id) : 0;
  return chain.slice(Math.max(0, start)).map(({ id, name }) => ({ id, name }));
}
