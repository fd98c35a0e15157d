// Who may change which member, and who may see a member's profile (tags,
// attributes, join date): pure rules over the viewer, the member and its unit.
import type { Identity, MemberIdentity, MemberRole } from "@benefits-hub/platform";
import { canManageUnit } from "./org-scope";

interface MemberLike {
  id: string;
  tenantId: string;
  role: MemberRole;
}

interface UnitLike {
  tenantId: string;
  path: readonly string[];
}

/** Tenant admins manage their tenant's members; unit managers the plain members of their subtree. */
export function canManageMember(viewer: MemberIdentity, member: MemberLike, unit: UnitLike): boolean {
  if (member.tenantId !== viewer.tenantId || member.role === "PLATFORM_OPERATOR") return false;
  if (viewer.role === "TENANT_ADMIN") return true;
  return viewer.role === "UNIT_MANAGER" && member.role === "MEMBER" && canManageUnit(viewer, unit);
}

/** Which role `viewer` may give; null when allowed, else why not. */
export function roleRefusal(viewer: MemberIdentity, member: MemberLike | null, role: MemberRole): string | null {
  if (role === "PLATFORM_OPERATOR") return "The platform operator role is never given here";
  if (viewer.role !== "TENANT_ADMIN" && role !== "MEMBER") return "Only tenant admins give roles";
  if (member && member.role !== role && viewer.role !== "TENANT_ADMIN") return "Only tenant admins change roles";
  if (member && member.id === viewer.memberId && member.role !== role) return "Nobody changes their own role";
  return null;
}

/** The member themselves, their tenant's admins, the unit managers above them, and services. */
export function canSeeProfile(viewer: Identity, member: MemberLike, unit: UnitLike | null): boolean {
  if (viewer.kind === "service") return true;
  if (viewer.kind !== "member" || viewer.tenantId !== member.tenantId) return false;
  if (viewer.memberId === member.id || viewer.role === "TENANT_ADMIN") return true;
  return unit !== null && viewer.role === "UNIT_MANAGER" && canManageUnit(viewer, unit);
}
