// Who may change which part of an org tree: pure rules over the viewer and
// the unit's materialised path.
import type { Identity } from "@benefits-hub/platform";

interface UnitLike {
  tenantId: string;
  path: readonly string[];
}

/** Tenant admins manage their whole tree; unit managers the subtree of their own unit. */
export function canManageUnit(viewer: Identity, unit: UnitLike): boolean {
  if (viewer.kind !== "member" || viewer.tenantId !== unit.tenantId) return false;
  if (viewer.role === "TENANT_ADMIN") return true;
  return viewer.role === "UNIT_MANAGER" && unit.path.includes(viewer.orgUnitId);
}

/** Every member of a tenant may read its tree; nobody reads another tenant's. */
export const canReadUnit = (viewer: Identity, unit: UnitLike): boolean =>
  viewer.kind === "service" || (viewer.kind === "member" && viewer.tenantId === unit.tenantId);

export function validUnitName(name: string): string | null {
  const trimmed = name.trim();
  return trimmed.length >= 1 && trimmed.length <= 100 ? trimmed : null;
}
