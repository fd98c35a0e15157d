// Reading the master catalog. Who sees what: platform operators and tenant
// admins read all of it (admins choose their shelf from it); members and
// partners see a benefit only when their tenant's shelf offers it; prices the
// platform pays and supplier links are for platform operators only.
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import type { BenefitRow, CatalogRepository, CategoryRow, SkuRow } from "../data/catalog.repository";
import type { CatalogLoaders } from "../loaders";
import { isUuid } from "./ids";

export const MAX_PAGE = 100;

export const isOperator = (viewer: Identity): viewer is MemberIdentity =>
  viewer.kind === "member" && viewer.role === "PLATFORM_OPERATOR";
export const readsMasterCatalog = (viewer: Identity) =>
  viewer.kind === "service" ||
  (viewer.kind === "member" && (viewer.role === "PLATFORM_OPERATOR" || viewer.role === "TENANT_ADMIN"));

/** The tenant whose shelf the viewer sees, if any. */
export const shelfTenantOf = (viewer: Identity): string | null =>
  viewer.kind === "member" || viewer.kind === "partner" ? viewer.tenantId : null;

export class CatalogService {
  constructor(
    private readonly catalog: CatalogRepository,
    readonly loaders: CatalogLoaders,
  ) {}

  list(viewer: Identity, args: { first?: number | null; includeArchived?: boolean | null }): Promise<BenefitRow[]> {
    if (!readsMasterCatalog(viewer)) return Promise.resolve([]);
    const size = Math.min(Math.max(args.first ?? 50, 1), MAX_PAGE);
    return this.catalog.listBenefits(size, args.includeArchived ?? false);
  }

  /** A benefit by id: the whole catalog for operators and admins, the shelf for everyone else. */
  async benefit(viewer: Identity, id: string): Promise<BenefitRow | null> {
    if (!isUuid(id)) return null;
    const benefit = await this.loaders.benefitById.load(id);
    if (!benefit || readsMasterCatalog(viewer)) return benefit;
    const tenantId = shelfTenantOf(viewer);
    return tenantId && (await this.catalog.isShelved(tenantId, id)) ? benefit : null;
  }

  /** Entity references (other subgraphs name benefits their callers hold): resolved for any caller. */
  benefitReference(id: string): Promise<BenefitRow | null> {
    return isUuid(id) ? this.loaders.benefitById.load(id) : Promise.resolve(null);
  }

  async sku(viewer: Identity, id: string): Promise<SkuRow | null> {
    if (!isUuid(id)) return null;
    const sku = await this.loaders.skuById.load(id);
    if (!sku || readsMasterCatalog(viewer)) return sku;
    return (await this.benefit(viewer, sku.benefitId)) ? sku : null;
  }

  skuReference(id: string): Promise<SkuRow | null> {
    return isUuid(id) ? this.loaders.skuById.load(id) : Promise.resolve(null);
  }

  skusOf(viewer: Identity, benefitId: string): Promise<SkuRow[]> {
    return readsMasterCatalog(viewer) ? this.loaders.skusByBenefitId.load(benefitId) : Promise.resolve([]);
  }

  categories(): Promise<CategoryRow[]> {
    return this.catalog.allCategories();
  }

  brands() {
    return this.catalog.allBrands();
  }
}

/** Units a SKU can still hand out: unallocated codes, the supplier's last stock, or null (no limit / unknown). */
export function stockOf(sku: SkuRow): number | null {
  if (sku.stockSource === "CODE_POOL") return sku.poolAvailable;
  if (sku.stockSource === "SUPPLIER") return sku.supplierStock;
  return null;
}

export function inStock(sku: SkuRow): boolean {
  if (sku.archivedAt) return false;
  if (sku.stockSource === "UNLIMITED") return true;
  return (stockOf(sku) ?? 0) > 0;
}
