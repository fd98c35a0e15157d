// Which tenant's event chain a viewer may read or check: a tenant admin's own
// (naming another tenant gets nothing, as if it did not exist), the one a
// platform operator names; nobody else's.
import type { Identity } from "@benefits-hub/platform";
import { isUuid } from "../ids";

export function scopeTenant(viewer: Identity, tenantId: string | null | undefined): string | null {
  if (viewer.kind !== "member") return null;
  if (viewer.role === "TENANT_ADMIN") return tenantId == null || tenantId === viewer.tenantId ? viewer.tenantId : null;
  if (viewer.role === "PLATFORM_OPERATOR") return tenantId != null && isUuid(tenantId) ? tenantId : null;
  return null;
}
