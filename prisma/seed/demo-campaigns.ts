// Demo campaigns, issuance rules and risk rules, so the mall has something to
// claim and the dashboard something to show: a live flash sale, an A/B test,
// a pack, a grant, two rule-triggered campaigns and two risk rules. Written
// straight to the tables (items snapshot their SKU as the service would);
// claims then run through the real issuance saga and budgets.
import type { Prisma, PrismaClient } from "@benefits-hub/platform/db/client";

export interface DemoTenantRefs {
  tenantId: string;
  rootUnitId: string;
  adminId: string;
  /** The first tenant gets the full set; the others a flash sale. */
  full: boolean;
}

interface ItemSpec {
  sku: string;
  costFen: number;
  variant?: string;
}

interface CampaignSpec {
  name: string;
  description: string;
  channel: "CLAIM" | "GRANT" | "RULE";
  items: ItemSpec[];
  totalLimit?: number;
  perMemberLimit?: number;
  pack?: { choose: number; allowanceFen: number };
}

const DAY = 86_400_000;

const FULL: CampaignSpec[] = [
  {
    name: "双12 秒杀 · 瑞幸 10 元券 Double-12 flash sale",
    description: "100 Luckin ¥10 vouchers, one per person.",
    channel: "CLAIM",
    items: [{ sku: "luckin-coffee-10", costFen: 800 }],
    totalLimit: 100,
  },
  {
    name: "星巴克 A/B · Starbucks tall or grande",
    description: "Half of the members are offered a tall latte, half a grande.",
    channel: "CLAIM",
    items: [
      { sku: "starbucks-tall-latte", costFen: 2900, variant: "A" },
      { sku: "starbucks-grande-latte", costFen: 3150, variant: "B" },
    ],
    totalLimit: 200,
  },
  {
    name: "生活礼包 · Lifestyle pack: choose 2 of 4",
    description: "Pick two of coffee, a ride, a meal or a video membership, up to ¥70.",
    channel: "CLAIM",
    items: [
      { sku: "starbucks-tall-latte", costFen: 2900 },
      { sku: "didi-ride-15", costFen: 1300 },
      { sku: "mcdonalds-value-meal", costFen: 3300 },
      { sku: "iqiyi-gold-3m", costFen: 4900 },
    ],
    totalLimit: 50,
    pack: { choose: 2, allowanceFen: 7000 },
  },
  {
    name: "年终关怀 · Year-end gift",
    description: "A month of NetEase Cloud Music for everyone, granted by HR.",
    channel: "GRANT",
    items: [{ sku: "netease-music-vinyl-1m", costFen: 1400 }],
  },
  {
    name: "连续签到 7 天 · Seven-day check-in streak",
    description: "Seven check-ins in a row earn a Luckin voucher.",
    channel: "RULE",
    items: [{ sku: "luckin-coffee-10", costFen: 800 }],
    perMemberLimit: 52,
  },
  {
    name: "首单礼 · First order",
    description: "A member's first order earns a ride voucher.",
    channel: "RULE",
    items: [{ sku: "didi-ride-15", costFen: 1300 }],
  },
];

const LIGHT: CampaignSpec[] = [
  {
    name: "限时抢 · Starbucks flash sale",
    description: "50 tall lattes, one per person.",
    channel: "CLAIM",
    items: [{ sku: "starbucks-tall-latte", costFen: 2900 }],
    totalLimit: 50,
  },
];

export async function seedDemoCampaigns(db: PrismaClient, t: DemoTenantRefs, skuIds: Map<string, string>) {
  const now = Date.now();
  const startsAt = new Date(now - 60_000);
  const ids = new Map<string, string>();
  for (const spec of t.full ? FULL : LIGHT) {
    const items: Prisma.CampaignItemCreateManyCampaignInput[] = [];
    for (const [position, item] of spec.items.entries()) {
      const sku = await db.sku.findUniqueOrThrow({
        where: { id: skuIds.get(item.sku)! },
        include: { benefit: { include: { category: true, brand: true } }, supplier: true },
      });
      items.push({
        skuId: sku.id,
        benefitId: sku.benefitId,
        variant: item.variant ?? null,
        costFen: item.costFen,
        fulfilmentKind: sku.fulfilmentKind,
        validity: {
          kind: sku.validityKind,
          validFrom: sku.validFrom?.toISOString() ?? null,
          validUntil: sku.validUntil?.toISOString() ?? null,
          validDays: sku.validDays ?? null,
        },
        position,
        skuName: sku.name,
        benefitName: sku.benefit.name,
        faceValueFen: sku.faceValueFen,
        categoryId: sku.benefit.categoryId,
        categoryName: sku.benefit.category.name,
        brandId: sku.benefit.brandId,
        brandName: sku.benefit.brand?.name ?? null,
        supplierId: sku.supplierId,
        supplierName: sku.supplier?.name ?? null,
      });
    }
    const campaign = await db.campaign.create({
      data: {
        tenantId: t.tenantId,
        name: spec.name,
        description: spec.description,
        kind: spec.pack ? "PACK" : "SINGLE",
        channel: spec.channel,
        state: "SCHEDULED",
        audience: { everyone: true },
        startsAt,
        endsAt: new Date(now + 30 * DAY),
        totalLimit: spec.totalLimit ?? null,
        perMemberLimit: spec.perMemberLimit ?? 1,
        budgetOrgUnitId: t.rootUnitId,
        budgetPeriod: startsAt.toISOString().slice(0, 7),
        packChoose: spec.pack?.choose ?? null,
        packAllowanceFen: spec.pack?.allowanceFen ?? null,
        createdBy: t.adminId,
        items: { createMany: { data: items } },
      },
    });
    ids.set(spec.name, campaign.id);
  }
  if (!t.full) return;
  await db.issuanceRule.createMany({
    data: [
      {
        tenantId: t.tenantId,
        name: "7 check-ins in a row earn a Luckin voucher",
        eventType: "check_in",
        trigger: "STREAK",
        streakDays: 7,
        campaignId: ids.get(FULL[4]!.name)!,
      },
      {
        tenantId: t.tenantId,
        name: "The first order earns a ride voucher",
        eventType: "first_order",
        trigger: "FIRST_EVENT",
        campaignId: ids.get(FULL[5]!.name)!,
      },
    ],
  });
  await db.riskRule.createMany({
    data: [
      {
        tenantId: t.tenantId,
        name: "At most 5 claims per device per minute",
        kind: "VELOCITY",
        actions: ["CLAIM"],
        config: { subject: "DEVICE", limit: 5, windowSeconds: 60 },
        outcome: "DENY",
      },
      {
        tenantId: t.tenantId,
        name: "More than 3 accounts on one device in an hour: review",
        kind: "DEVICE_ACCOUNTS",
        actions: ["CLAIM", "TRANSFER"],
        config: { maxAccounts: 3, windowSeconds: 3600 },
        outcome: "REVIEW",
      },
    ],
  });
}
