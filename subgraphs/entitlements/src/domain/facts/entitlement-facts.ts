// The facts an event that creates an entitlement carries (`payload.facts`,
// docs/analytics.md "Sources: entitlement facts"): how it reached the member,
// the campaign, the catalog's facts as the campaign item kept them, the
// member's org unit and tier, cost and face value. Analytics folds its
// rollups from them and never asks another domain. Pure functions.
import type { Campaign, CampaignItem } from "@benefits-hub/platform/db/client";
import type { MemberFacts } from "../../clients/audience.client";
import type { SkuFacts } from "../../clients/catalog.client";

export type FactsChannel = "CLAIM" | "GRANT" | "RULE" | "PARTNER" | "PURCHASE" | "TRANSFER";

export const FACTS_CHANNELS: readonly FactsChannel[] = ["CLAIM", "GRANT", "RULE", "PARTNER", "PURCHASE", "TRANSFER"];

export interface EntitlementFacts {
  channel: FactsChannel;
  memberId: string;
  campaignId: string | null;
  campaignName: string | null;
  campaignPlannedFen: number | null;
  variant: string | null;
  benefitId: string;
  benefitName: string;
  skuId: string | null;
  skuName: string | null;
  categoryId: string | null;
  categoryName: string | null;
  brandId: string | null;
  brandName: string | null;
  supplierId: string | null;
  supplierName: string | null;
  fulfilmentKind: string;
  orgUnitId: string | null;
  orgUnitName: string | null;
  /** The member's org unit and its ancestors, root first. */
  orgPath: string[];
  tier: string | null;
  costFen: number;
  faceValueFen: number;
}

/** What the catalog said of the SKU (a campaign item's snapshot, or the catalog asked). */
export type CatalogFacts = Pick<
  CampaignItem,
  | "benefitId"
  | "benefitName"
  | "categoryId"
  | "categoryName"
  | "brandId"
  | "brandName"
  | "supplierId"
  | "supplierName"
  | "faceValueFen"
> & { skuId: string | null; skuName: string | null };

export type CampaignFacts = Pick<Campaign, "id" | "name" | "kind" | "totalLimit" | "packAllowanceFen"> & {
  items: Pick<CampaignItem, "costFen">[];
};

/**
 * The most a campaign can spend as planned: its stock times what one issuance
 * costs at most (the dearest item; a pack's allowance). Null without a total stock.
 */
export function plannedFenOf(c: CampaignFacts): number | null {
  if (c.totalLimit === null) return null;
  const each = c.kind === "PACK" ? (c.packAllowanceFen ?? 0) : Math.max(0, ...c.items.map((i) => i.costFen));
  return c.totalLimit * each;
}

/** How issuance through a campaign of this channel reaches the member. */
export const channelOfCampaign = (channel: Campaign["channel"]): FactsChannel => channel;

/** A stored channel name, checked (null: not one). */
export const asFactsChannel = (value: unknown): FactsChannel | null =>
  FACTS_CHANNELS.includes(value as FactsChannel) ? (value as FactsChannel) : null;

export interface FactsInput {
  channel: FactsChannel;
  memberId: string;
  campaign: CampaignFacts | null;
  variant: string | null;
  catalog: CatalogFacts;
  fulfilmentKind: string;
  /** The member's audience facts (null: membership does not know the member any more). */
  member: MemberFacts | null;
  costFen: number;
  /** Default: the catalog's face value. */
  faceValueFen?: number;
}

export function factsOf(i: FactsInput): EntitlementFacts {
  const path = i.member?.orgUnitPath ?? [];
  return {
    channel: i.channel,
    memberId: i.memberId,
    campaignId: i.campaign?.id ?? null,
    campaignName: i.campaign?.name ?? null,
    campaignPlannedFen: i.campaign ? plannedFenOf(i.campaign) : null,
    variant: i.variant,
    benefitId: i.catalog.benefitId,
    benefitName: i.catalog.benefitName,
    skuId: i.catalog.skuId,
    skuName: i.catalog.skuId ? i.catalog.skuName : null,
    categoryId: i.catalog.categoryId,
    categoryName: i.catalog.categoryName,
    brandId: i.catalog.brandId,
    brandName: i.catalog.brandName,
    supplierId: i.catalog.supplierId,
    supplierName: i.catalog.supplierName,
    fulfilmentKind: i.fulfilmentKind,
    orgUnitId: i.member ? (i.member.orgUnitId ?? path.at(-1) ?? null) : null,
    orgUnitName: i.member?.orgUnitName ?? null,
    orgPath: [...path],
    tier: i.member?.tier || null,
    costFen: i.costFen,
    faceValueFen: i.faceValueFen ?? i.catalog.faceValueFen,
  };
}

/** The facts a stored creating event carries, or null (events written before facts were). */
export function storedFacts(payload: unknown): EntitlementFacts | null {
  const facts = (payload as { facts?: unknown } | null)?.facts;
  if (!facts || typeof facts !== "object") return null;
  return asFactsChannel((facts as { channel?: unknown }).channel) ? (facts as EntitlementFacts) : null;
}

/** What a campaign item keeps of its SKU as the catalog has it when the campaign is created. */
export function catalogFactsOf(sku: SkuFacts) {
  return {
    skuName: sku.name,
    benefitName: sku.benefitName,
    faceValueFen: sku.faceValueFen,
    categoryId: sku.category?.id ?? null,
    categoryName: sku.category?.name ?? null,
    brandId: sku.brand?.id ?? null,
    brandName: sku.brand?.name ?? null,
    supplierId: sku.supplier?.id ?? null,
    supplierName: sku.supplier?.name ?? null,
  };
}

/** The same facts for another member (a transfer's recipient), under another channel. */
export function forMember(
  facts: EntitlementFacts,
  channel: FactsChannel,
  memberId: string,
  member: MemberFacts | null,
): EntitlementFacts {
  const path = member?.orgUnitPath ?? [];
  return {
    ...facts,
    channel,
    memberId,
    orgUnitId: member ? (member.orgUnitId ?? path.at(-1) ?? null) : null,
    orgUnitName: member?.orgUnitName ?? null,
    orgPath: [...path],
    tier: member?.tier || null,
  };
}
