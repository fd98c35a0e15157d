// Whose data a cockpit question may draw on (DESIGN12 §3): a tenant admin
// their tenant, a unit manager the subtree of their own unit, a platform
// operator every tenant or those the filter names. A filter naming a tenant
// outside the viewer's reach narrows to nothing; it is never an error.
import type { Identity } from "@benefits-hub/platform";

export interface CockpitScope {
  /** The tenants that may be read; null: every tenant (operators). Empty: nothing at all. */
  tenantIds: string[] | null;
  /** Only org units whose path contains this one (a unit manager's own unit). */
  subtreeOf: string | null;
}

export const NOTHING: CockpitScope = Object.freeze({ tenantIds: [], subtreeOf: null }) as CockpitScope;

export function resolveScope(viewer: Identity, tenantIds?: readonly string[] | null): CockpitScope {
  if (viewer.kind !== "member") return NOTHING;
  const named = tenantIds && tenantIds.length > 0 ? tenantIds.map((t) => t.toLowerCase()) : null;
  switch (viewer.role) {
    case "PLATFORM_OPERATOR":
      return { tenantIds: named, subtreeOf: null };
    case "TENANT_ADMIN":
    case "UNIT_MANAGER": {
      const own = !named || named.includes(viewer.tenantId);
      if (!own) return NOTHING;
      return { tenantIds: [viewer.tenantId], subtreeOf: viewer.role === "UNIT_MANAGER" ? viewer.orgUnitId : null };
    }
    default:
      return NOTHING;
  }
}

export const isEmptyScope = (scope: CockpitScope) => scope.tenantIds !== null && scope.tenantIds.length === 0;

/** Reconciliation's reach: tenant admins their own tenant's orders, operators every tenant or one. */
export function reconciliationScope(viewer: Identity, tenantId?: string | null): CockpitScope {
  if (viewer.kind !== "member") return NOTHING;
  if (viewer.role === "PLATFORM_OPERATOR")
    return { tenantIds: tenantId ? [tenantId.toLowerCase()] : null, subtreeOf: null };
  if (viewer.role !== "TENANT_ADMIN") return NOTHING;
  return !tenantId || tenantId.toLowerCase() === viewer.tenantId
    ? { tenantIds: [viewer.tenantId], subtreeOf: null }
    : NOTHING;
}
