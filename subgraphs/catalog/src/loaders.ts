// DataLoaders, created per request so nothing is cached across viewers.
import DataLoader from "dataloader";
import type { BenefitRepository, BenefitRow } from "./data/benefit.repository";
import { byKey } from "@benefits-hub/platform/server/loaders";

export interface CatalogLoaders {
  benefitById: DataLoader<string, BenefitRow | null>;
}

export function createLoaders(benefits: BenefitRepository): CatalogLoaders {
  return {
    benefitById: new DataLoader(async (ids) => byKey(ids, await benefits.findByIds(ids), (b) => b.id)),
  };
}
