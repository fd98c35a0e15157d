// Who a member is for targeting: their tier and the segments of their tenant
// they belong to. Asked by the hub's services (the catalog's shelf), never by
// members: segment membership is evaluated fresh from each segment's rules.
import type { AudienceRepository } from "../data/audience.repository";
import { isUuid } from "./ids";
import { criteriaOf, rulesFromJson } from "./segment-rules";

export interface Audience {
  tier: string;
  /** The member's own org unit and its name (entitlements' creating events carry them for analytics). */
  orgUnitId: string;
  orgUnitName: string;
  /** The member's org unit and its ancestors, root first (subtree targeting). */
  orgUnitPath: string[];
  segmentIds: string[];
}

export class AudienceService {
  constructor(private readonly audiences: AudienceRepository) {}

  /**
   * The member's audience; null when the tenant has no such member. Without
   * `segments` only the member's own facts are read (tier, org unit): the
   * segments, each evaluated from its rules, are the costly part.
   */
  async audienceOf(
    tenantId: string,
    memberId: string,
    { segments = true }: { segments?: boolean } = {},
  ): Promise<Audience | Omit<Audience, "segmentIds"> | null> {
    if (!isUuid(tenantId) || !isUuid(memberId)) return null;
    const tenant = tenantId.toLowerCase();
    const member = memberId.toLowerCase();
    const found = await this.audiences.memberAndSegments(tenant, member);
    if (!found) return null;
    const own = {
      tier: found.tier,
      orgUnitId: found.orgUnitId,
      orgUnitName: found.orgUnitName,
      orgUnitPath: found.orgUnitPath,
    };
    if (!segments) return own;
    const segmentIds = await this.audiences.matching(
      member,
      found.segments.map((s) => ({ key: s.id, criteria: criteriaOf(tenant, rulesFromJson(s.rules), null) })),
    );
    return { ...own, segmentIds };
  }
}
