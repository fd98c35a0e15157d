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
}

export function createLoaders(entitlements: EntitlementRepository, campaigns: CampaignRepository): EntitlementLoaders {
  return {
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
