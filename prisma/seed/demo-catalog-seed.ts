// Writes the demo master catalog and the demo shelves (data in demo-catalog.ts),
// and connects the demo supplier to the simulator `npm start` runs.
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { CodeKeyRing } from "../../subgraphs/catalog/src/crypto/key-ring";
import { supplierSecretContext } from "../../subgraphs/catalog/src/suppliers/registry";
import type { SeedBuilder } from "./builders";
import { demoBenefits, demoBrands, demoCategories, demoShelves } from "./demo-catalog";

/** The demo supplier: the supplier simulator that `npm start` runs on port 4010. */
export const DEMO_SUPPLIER = {
  slug: "benefit-cloud-sim",
  name: "权益云 BenefitCloud (simulator)",
  baseUrl: `http://127.0.0.1:${process.env.SUPPLIER_SIM_PORT ?? 4010}`,
};

/**
 * Points the demo supplier at the simulator this start runs (its URL and the
 * signing secret, sealed with the catalog's key ring) and makes it due for a
 * sync now, forgetting the failures of an earlier start. The seal is kept
 * when it still opens to `secret`. Does nothing without the demo supplier.
 */
export async function connectDemoSupplier(
  db: PrismaClient,
  options: { keyRing: Pick<CodeKeyRing, "sealSmall" | "openSmall">; secret: string; baseUrl: string },
): Promise<"connected" | "absent"> {
  const supplier = await db.supplier.findUnique({ where: { slug: DEMO_SUPPLIER.slug } });
  if (!supplier) return "absent";
  const context = supplierSecretContext(supplier.id);
  const opensToSecret = (sealed: Uint8Array | null) => {
    if (!sealed) return false;
    try {
      return options.keyRing.openSmall(Buffer.from(sealed), context) === options.secret;
    } catch {
      return false; // sealed under keys this start does not have
    }
  };
  await db.supplier.update({
    where: { id: supplier.id },
    data: {
      baseUrl: options.baseUrl,
      ...(opensToSecret(supplier.secretSealed)
        ? {}
        : { secretSealed: new Uint8Array(options.keyRing.sealSmall(options.secret, context)) }),
      nextSyncAt: new Date(),
      syncFailures: 0,
    },
  });
  return "connected";
}

export async function seedDemoCatalog(seed: SeedBuilder) {
  const categories = new Map<string, string>();
  for (const [position, c] of demoCategories.entries()) {
    const row = await seed.category({ ...c, parentId: c.parent && categories.get(c.parent), position });
    categories.set(c.slug, row.id);
  }
  const brands = new Map<string, string>();
  for (const b of demoBrands) brands.set(b.slug, (await seed.brand(b)).id);
  const supplier = await seed.supplier(DEMO_SUPPLIER);

  const benefits = [];
  const skuIds = new Map<string, string>();
  for (const { skus, category, brand, ...b } of demoBenefits) {
    const benefit = await seed.benefit({
      ...b,
      categoryId: categories.get(category)!,
      brandId: brand && brands.get(brand),
      skus: [],
    });
    benefits.push(benefit);
    for (const s of skus) {
      // Top-ups are fulfilled by the supplier: the simulator knows them by our SKU slug.
      const bySupplier = b.fulfilmentKind === "DIRECT_TOPUP";
      const row = await seed.sku({
        ...s,
        benefitId: benefit.id,
        fulfilmentKind: b.fulfilmentKind,
        supplierId: bySupplier ? supplier.id : undefined,
        supplierProductId: bySupplier ? s.slug : undefined,
        supplierStock: bySupplier ? 500 : undefined,
      });
      skuIds.set(s.slug, row.id);
    }
  }
  return { benefits, skuIds, supplier };
}

export async function seedDemoShelf(
  seed: SeedBuilder,
  tenantId: string,
  tenantSlug: string,
  skuIds: Map<string, string>,
) {
  for (const [position, offer] of (demoShelves[tenantSlug] ?? []).entries()) {
    await seed.shelfItem({
      tenantId,
      skuId: skuIds.get(offer.sku)!,
      priceFen: offer.priceFen,
      tiers: offer.tiers,
      position,
    });
  }
}
