// DataLoaders, created per request so nothing is cached across viewers.
import DataLoader from "dataloader";
import { byKey } from "@benefits-hub/platform/server/loaders";
import type {
  BenefitRow,
  BrandRow,
  CatalogRepository,
  CategoryRow,
  SkuRow,
  SupplierRow,
} from "./data/catalog.repository";

export interface CatalogLoaders {
  benefitById: DataLoader<string, BenefitRow | null>;
  skuById: DataLoader<string, SkuRow | null>;
  skusByBenefitId: DataLoader<string, SkuRow[]>;
  skusBySupplierId: DataLoader<string, SkuRow[]>;
  categoryById: DataLoader<string, CategoryRow | null>;
  childrenByCategoryId: DataLoader<string, CategoryRow[]>;
  brandById: DataLoader<string, BrandRow | null>;
  supplierById: DataLoader<string, SupplierRow | null>;
}

const groupBy = <R>(keys: readonly string[], rows: R[], keyOf: (row: R) => string | null): R[][] => {
  const groups = new Map<string, R[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
};

export function createLoaders(catalog: CatalogRepository): CatalogLoaders {
  return {
    benefitById: new DataLoader(async (ids) => byKey(ids, await catalog.benefitsByIds(ids), (b) => b.id)),
    skuById: new DataLoader(async (ids) => byKey(ids, await catalog.skusByIds(ids), (s) => s.id)),
    skusByBenefitId: new DataLoader(async (ids) => groupBy(ids, await catalog.skusOfBenefits(ids), (s) => s.benefitId)),
    skusBySupplierId: new DataLoader(async (ids) =>
      groupBy(ids, await catalog.skusOfSuppliers(ids), (s) => s.supplierId),
    ),
    categoryById: new DataLoader(async (ids) => byKey(ids, await catalog.categoriesByIds(ids), (c) => c.id)),
    childrenByCategoryId: new DataLoader(async (ids) =>
      groupBy(ids, await catalog.childrenOfCategories(ids), (c) => c.parentId),
    ),
    brandById: new DataLoader(async (ids) => byKey(ids, await catalog.brandsByIds(ids), (b) => b.id)),
    supplierById: new DataLoader(async (ids) => byKey(ids, await catalog.suppliersByIds(ids), (s) => s.id)),
  };
}
