// What the facts of a creating event are made from, in entitlements' own
// tables: an entitlement's first event, its campaign and campaign item.
import type { Campaign, CampaignItem, PrismaClient } from "@benefits-hub/platform/db/client";

export class FactsRepository {
  constructor(private readonly db: PrismaClient) {}

  /** The payload of the entitlement's first event (the one that created it); null when it has none. */
  async creatingPayload(entitlementId: string): Promise<unknown> {
    const first = await this.db.entitlementEvent.findFirst({
      where: { entitlementId },
      orderBy: [{ chainSeq: { sort: "asc", nulls: "last" } }, { occurredAt: "asc" }],
      select: { payload: true },
    });
    return first?.payload ?? null;
  }

  /** The tenant's campaign with its items (null when it is not there). */
  campaign(tenantId: string, id: string): Promise<(Campaign & { items: CampaignItem[] }) | null> {
    return this.db.campaign.findFirst({
      where: { id, tenantId },
      include: { items: { orderBy: { position: "asc" } } },
    });
  }
}
