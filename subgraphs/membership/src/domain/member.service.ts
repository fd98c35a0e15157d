import type { Identity } from "@benefits-hub/platform";
import type { MemberRow, TenantRow } from "../data/member.repository";
import type { MembershipLoaders } from "../loaders";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class MemberService {
  constructor(private readonly loaders: MembershipLoaders) {}

  async me(viewer: Identity): Promise<MemberRow | null> {
    return viewer.kind === "member" ? this.loaders.memberById.load(viewer.memberId) : null;
  }

  /** A member as seen by `viewer`: only members of the viewer's own tenant exist for it. */
  async byId(viewer: Identity, id: string): Promise<MemberRow | null> {
    if (!UUID.test(id)) return null;
    const member = await this.loaders.memberById.load(id);
    if (!member) return null;
    if (viewer.kind === "service") return member;
    // A partner of the tenant gets the entity too: shield (Member: isMember) then answers each field it asks with
    // an error, so a partner's verification shows "not authorised" at `member`, not a null entitlement.
    return (viewer.kind === "member" || viewer.kind === "partner") && viewer.tenantId === member.tenantId
      ? member
      : null;
  }

  /** Email is personal data: visible to the member and to their tenant's admins. */
  emailOf(viewer: Identity, member: MemberRow): string | null {
    if (viewer.kind !== "member" || viewer.tenantId !== member.tenantId) return null;
    return viewer.memberId === member.id || viewer.role === "TENANT_ADMIN" ? member.email : null;
  }

  /** A tenant as seen by `viewer`: only its own. */
  async tenantById(viewer: Identity, id: string): Promise<TenantRow | null> {
    if (!UUID.test(id)) return null;
    if (viewer.kind === "member" && viewer.tenantId !== id) return null;
    if (viewer.kind === "anonymous") return null;
    return this.loaders.tenantById.load(id);
  }

  /** A tenant by id, for a caller already scoped to it (a partner's own tenant). */
  async tenantRow(id: string): Promise<TenantRow | null> {
    return this.loaders.tenantById.load(id);
  }

  async tenantOf(member: MemberRow): Promise<TenantRow> {
    const tenant = await this.loaders.tenantById.load(member.tenantId);
    if (!tenant) throw new Error(`member ${member.id} has no tenant`);
    return tenant;
  }
}
