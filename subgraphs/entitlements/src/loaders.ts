// DataLoaders, created per request so nothing is cached across viewers.
import DataLoader from "dataloader";
import { byKey } from "@benefits-hub/platform/server/loaders";
import type { EntitlementRepository, EntitlementRow } from "./data/entitlement.repository";
import type { CampaignItemRow, CampaignRepository, CampaignRow } from "./data/campaign.repository";

export interface EntitlementLoaders {
  entitlementById: DataLoader<string, EntitlementRow | null>;
  /** A pack's chosen options. */
  packOptionsByPackId: DataLoader<string, EntitlementRow[]>;
  /** An entitlement's campaign (its tenant is checked by the caller). */
  campaignById: DataLoader<string, CampaignRow | null>;
  /** A campaign's items, in position order. */
  campaignItems: DataLoader<string, CampaignItemRow[]>;
  /** How many of a campaign the viewer (a member) holds against its per-member limit; 0 for anyone else. */
  viewerQuotaUsed: DataLoader<string, number>;
}

export function createLoaders(
  entitlements: EntitlementRepository,
  campaigns: CampaignRepository,
  viewerMemberId: string | null,
): EntitlementLoaders {
  return {
    viewerQuotaUsed: new DataLoader(async (ids) => {
      if (!viewerMemberId) return ids.map(() => 0);
      const quotas = new Map((await campaigns.memberQuotas(viewerMemberId, ids)).map((q) => [q.campaignId, q.issued]));
      return ids.map((id) => quotas.get(id) ?? 0);
    }),
    entitlementById: new DataLoader(async (ids) => byKey(ids, await entitlements.findByIds(ids), (e) => e.id)),
    packOptionsByPackId: new DataLoader(async (packIds) => {
      const options = await entitlements.optionsOfPacks(packIds);
      return packIds.map((id) => options.filter((o) => o.packId === id));
    }),
    campaignById: new DataLoader(async (ids) => byKey(ids, await campaigns.findByIds(ids), (c) => c.id)),
    campaignItems: new DataLoader(async (ids) => {
      const items = await campaigns.itemsOf(ids);
      return ids.map((id) => items.filter((i) => i.campaignId === id));
    }),
  };
}
