// Reads of the master catalog: categories, brands, benefits, SKUs.
import type { Benefit, Brand, Category, PrismaClient, Sku, Supplier } from "@benefits-hub/platform/db/client";

export type BenefitRow = Benefit;
export type SkuRow = Sku;
export type CategoryRow = Category;
export type BrandRow = Brand;
export type SupplierRow = Supplier;

export class CatalogRepository {
  constructor(private readonly db: PrismaClient) {}

  /** Rows for `ids`, in no particular order; unknown ids are absent. */
  benefitsByIds(ids: readonly string[]): Promise<BenefitRow[]> {
    return this.db.benefit.findMany({ where: { id: { in: [...ids] } } });
  }

  skusByIds(ids: readonly string[]): Promise<SkuRow[]> {
    return this.db.sku.findMany({ where: { id: { in: [...ids] } } });
  }

  skusOfBenefits(benefitIds: readonly string[]): Promise<SkuRow[]> {
    return this.db.sku.findMany({
      where: { benefitId: { in: [...benefitIds] } },
      orderBy: [{ faceValueFen: "asc" }, { id: "asc" }],
    });
  }

  skusOfSuppliers(supplierIds: readonly string[]): Promise<SkuRow[]> {
    return this.db.sku.findMany({
      where: { supplierId: { in: [...supplierIds] } },
      orderBy: [{ name: "asc" }, { id: "asc" }],
    });
  }

  categoriesByIds(ids: readonly string[]): Promise<CategoryRow[]> {
    return this.db.category.findMany({ where: { id: { in: [...ids] } } });
  }

  childrenOfCategories(parentIds: readonly string[]): Promise<CategoryRow[]> {
    return this.db.category.findMany({
      where: { parentId: { in: [...parentIds] } },
      orderBy: [{ position: "asc" }, { name: "asc" }],
    });
  }

  brandsByIds(ids: readonly string[]): Promise<BrandRow[]> {
    return this.db.brand.findMany({ where: { id: { in: [...ids] } } });
  }

  suppliersByIds(ids: readonly string[]): Promise<SupplierRow[]> {
    return this.db.supplier.findMany({ where: { id: { in: [...ids] } } });
  }

  /** Every category, top-level first (by depth), then by position and name. */
  async allCategories(): Promise<CategoryRow[]> {
    const rows = await this.db.category.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }] });
    return rows.sort((a, b) => a.path.length - b.path.length);
  }

  allBrands(): Promise<BrandRow[]> {
    return this.db.brand.findMany({ orderBy: [{ nameEn: "asc" }, { id: "asc" }] });
  }

  listBenefits(first: number, includeArchived: boolean): Promise<BenefitRow[]> {
    return this.db.benefit.findMany({
      where: includeArchived ? {} : { archivedAt: null },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: first,
    });
  }

  /** Whether any active offer of the benefit is on the tenant's shelf. */
  async isShelved(tenantId: string, benefitId: string): Promise<boolean> {
    const item = await this.db.shelfItem.findFirst({
      where: { tenantId, benefitId, active: true },
      select: { id: true },
    });
    return item !== null;
  }
}
