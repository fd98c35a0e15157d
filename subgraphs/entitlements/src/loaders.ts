// DataLoaders, created per request so nothing is cached across viewers.
import DataLoader from "dataloader";
import { byKey } from "@benefits-hub/platform/server/loaders";
import type { EntitlementRepository, EntitlementRow } from "./data/entitlement.repository";

export interface EntitlementLoaders {
  entitlementById: DataLoader<string, EntitlementRow | null>;
}

export function createLoaders(entitlements: EntitlementRepository): EntitlementLoaders {
  return {
    entitlementById: new DataLoader(async (ids) => byKey(ids, await entitlements.findByIds(ids), (e) => e.id)),
  };
}
