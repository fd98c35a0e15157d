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

  /** The member's audience; null when the tenant has no such member. */
  async audienceOf(tenantId: string, memberId: string): Promise<Audience | null> {
    if (!isUuid(tenantId) || !isUuid(memberId)) return null;
    const tenant = tenantId.toLowerCase();
    const member = memberId.toLowerCase();
    const found = await this.audiences.memberAndSegments(tenant, member);
    if (!found) return null;
    const segmentIds = await this.audiences.matching(
      member,
      found.segments.map((s) => ({ key: s.id, criteria: criteriaOf(tenant, rulesFromJson(s.rules), null) })),
    );
    return {
      tier: found.tier,
      orgUnitId: found.orgUnitId,
      orgUnitName: found.orgUnitName,
      orgUnitPath: found.orgUnitPath,
      segmentIds,
    };
  }
}
