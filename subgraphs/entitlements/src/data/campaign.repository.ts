// Campaigns and their items: reads, creation, guarded transitions.
import type { CampaignState, Prisma, PrismaClient, Campaign, CampaignItem } from "@benefits-hub/platform/db/client";

export type CampaignRow = Campaign;
export type CampaignItemRow = CampaignItem;
export type CampaignWithItems = Campaign & { items: CampaignItem[] };

export class CampaignRepository {
  constructor(readonly db: PrismaClient) {}

  findByIds(ids: readonly string[]): Promise<CampaignRow[]> {
    return this.db.campaign.findMany({ where: { id: { in: [...ids] } } });
  }

  /** How many of each campaign `memberId` holds against its per-member limit (campaigns never claimed: absent). */
  memberQuotas(memberId: string, campaignIds: readonly string[]): Promise<{ campaignId: string; issued: number }[]> {
    return this.db.campaignMember.findMany({
      where: { memberId, campaignId: { in: [...campaignIds] } },
      select: { campaignId: true, issued: true },
    });
  }

  itemsOf(campaignIds: readonly string[]): Promise<CampaignItemRow[]> {
    return this.db.campaignItem.findMany({
      where: { campaignId: { in: [...campaignIds] } },
      orderBy: [{ campaignId: "asc" }, { position: "asc" }],
    });
  }

  withItems(tenantId: string, id: string): Promise<CampaignWithItems | null> {
    return this.db.campaign.findFirst({
      where: { id, tenantId },
      include: { items: { orderBy: { position: "asc" } } },
    });
  }

  stockOf(id: string): Promise<{ totalLimit: number | null; issuedCount: number } | null> {
    return this.db.campaign.findUnique({ where: { id }, select: { totalLimit: true, issuedCount: true } });
  }

  list(tenantId: string, states: CampaignState[] | null, first: number): Promise<CampaignRow[]> {
    return this.db.campaign.findMany({
      where: { tenantId, ...(states ? { state: { in: states } } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: first,
    });
  }

  /** CLAIM campaigns of the tenant open now (audience is checked by the caller). */
  openForClaims(tenantId: string, now: Date): Promise<CampaignRow[]> {
    return this.db.campaign.findMany({
      where: {
        tenantId,
        channel: "CLAIM",
        state: { in: ["SCHEDULED", "LIVE"] },
        startsAt: { lte: now },
        OR: [{ endsAt: null }, { endsAt: { gt: now } }],
      },
      orderBy: [{ startsAt: "desc" }, { id: "asc" }],
      take: 100,
    });
  }

  create(data: Prisma.CampaignUncheckedCreateInput, items: Omit<Prisma.CampaignItemCreateManyInput, "campaignId">[]) {
    return this.db.campaign.create({
      data: { ...data, items: { createMany: { data: items } } },
      include: { items: { orderBy: { position: "asc" } } },
    });
  }

  /** Updates a campaign only while in one of `states`; null when it was not. */
  async updateIn(
    tenantId: string,
    id: string,
    states: CampaignState[],
    data: Prisma.CampaignUpdateManyMutationInput,
    extraWhere: Prisma.CampaignWhereInput = {},
  ): Promise<CampaignRow | null> {
    const rows = await this.db.campaign.updateManyAndReturn({
      where: { id, tenantId, state: { in: states }, ...extraWhere },
      data,
    });
    return rows[0] ?? null;
  }
}
