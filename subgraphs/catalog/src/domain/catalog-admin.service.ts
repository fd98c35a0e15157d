// Platform operators keep the master catalog: categories, brands, benefits
// and SKUs. Each change and its audit entry commit together; bad input
// changes nothing and comes back as a payload error.
import { randomUUID } from "node:crypto";
import type { Identity } from "@benefits-hub/platform";
import { Prisma, type FulfilmentKind, type PrismaClient } from "@benefits-hub/platform/db/client";
import type { CatalogAuditRepository } from "../data/audit.repository";
import { auditActor, type AuditDetails } from "./audit";
import {
  checkAliases,
  checkMoney,
  checkSlug,
  checkText,
  checkUrl,
  firstProblem,
  invalid,
  stockSourceFor,
  toValidity,
  type CatalogError,
  type ValidityInput,
} from "./catalog-admin-rules";
import { isUuid } from "./ids";
import { refreshSearchIndex, type SearchScope } from "../data/search-index.repository";

type Payload<K extends string, T> = { [key in K]: T | null } & { errors: CatalogError[] };
const notFound = (field: string, what: string): CatalogError => ({
  code: "NOT_FOUND",
  field,
  message: `no such ${what}`,
});

export class CatalogAdminService {
  constructor(
    private readonly db: PrismaClient,
    private readonly audit: CatalogAuditRepository,
  ) {}

  async createCategory(
    viewer: Identity,
    input: { slug: string; name: string; nameEn: string; parentId?: string | null; position?: number | null },
  ) {
    const problem = firstProblem(
      checkSlug(input.slug),
      checkText("name", input.name, 80),
      checkText("nameEn", input.nameEn, 80),
    );
    if (problem) return fail("category", problem);
    if (input.parentId && !isUuid(input.parentId)) return fail("category", notFound("parentId", "category"));
    return this.write("category", viewer, "category.created", async (tx) => {
      const parent = input.parentId ? await tx.category.findUnique({ where: { id: input.parentId } }) : null;
      if (input.parentId && !parent) return notFound("parentId", "category");
      const id = randomUUID();
      return tx.category.create({
        data: {
          id,
          slug: input.slug,
          name: input.name.trim(),
          nameEn: input.nameEn.trim(),
          parentId: parent?.id ?? null,
          path: [...(parent?.path ?? []), id],
          position: input.position ?? 0,
        },
      });
    });
  }

  async updateCategory(
    viewer: Identity,
    input: { id: string; name?: string | null; nameEn?: string | null; position?: number | null },
  ) {
    const problem = firstProblem(checkText("name", input.name, 80, true), checkText("nameEn", input.nameEn, 80, true));
    if (problem) return fail("category", problem);
    if (!isUuid(input.id)) return fail("category", notFound("id", "category"));
    return this.write("category", viewer, "category.updated", async (tx) => {
      if (!(await tx.category.findUnique({ where: { id: input.id } }))) return notFound("id", "category");
      return tx.category.update({
        where: { id: input.id },
        data: { name: input.name?.trim(), nameEn: input.nameEn?.trim(), position: input.position ?? undefined },
      });
    });
  }

  async createBrand(
    viewer: Identity,
    input: { slug: string; name: string; nameEn: string; aliases?: string[] | null; logoUrl?: string | null },
  ) {
    const aliases = checkAliases(input.aliases);
    const problem = firstProblem(
      checkSlug(input.slug),
      checkText("name", input.name, 80),
      checkText("nameEn", input.nameEn, 80),
      checkUrl("logoUrl", input.logoUrl),
      "code" in aliases ? aliases : null,
    );
    if (problem) return fail("brand", problem);
    return this.write("brand", viewer, "brand.created", (tx) =>
      tx.brand.create({
        data: {
          slug: input.slug,
          name: input.name.trim(),
          nameEn: input.nameEn.trim(),
          aliases: "code" in aliases ? [] : aliases.list,
          logoUrl: input.logoUrl || null,
        },
      }),
    );
  }

  async updateBrand(
    viewer: Identity,
    input: {
      id: string;
      name?: string | null;
      nameEn?: string | null;
      aliases?: string[] | null;
      logoUrl?: string | null;
    },
  ) {
    const aliases = checkAliases(input.aliases);
    const problem = firstProblem(
      checkText("name", input.name, 80, true),
      checkText("nameEn", input.nameEn, 80, true),
      checkUrl("logoUrl", input.logoUrl),
      "code" in aliases ? aliases : null,
    );
    if (problem) return fail("brand", problem);
    if (!isUuid(input.id)) return fail("brand", notFound("id", "brand"));
    return this.write("brand", viewer, "brand.updated", async (tx) => {
      if (!(await tx.brand.findUnique({ where: { id: input.id } }))) return notFound("id", "brand");
      return tx.brand.update({
        where: { id: input.id },
        data: {
          name: input.name?.trim(),
          nameEn: input.nameEn?.trim(),
          aliases: input.aliases == null || "code" in aliases ? undefined : aliases.list,
          logoUrl: input.logoUrl ?? undefined,
        },
      });
    });
  }

  async createBenefit(
    viewer: Identity,
    input: {
      slug: string;
      name: string;
      nameEn?: string | null;
      description?: string | null;
      descriptionEn?: string | null;
      categoryId: string;
      brandId?: string | null;
      imageUrl?: string | null;
    },
  ) {
    const problem = firstProblem(
      checkSlug(input.slug),
      ...benefitTextChecks(input),
      checkUrl("imageUrl", input.imageUrl),
    );
    if (problem) return fail("benefit", problem);
    if (!isUuid(input.categoryId)) return fail("benefit", notFound("categoryId", "category"));
    if (input.brandId && !isUuid(input.brandId)) return fail("benefit", notFound("brandId", "brand"));
    return this.write("benefit", viewer, "benefit.created", async (tx) => {
      if (!(await tx.category.findUnique({ where: { id: input.categoryId } })))
        return notFound("categoryId", "category");
      const brand = input.brandId ? await tx.brand.findUnique({ where: { id: input.brandId } }) : null;
      if (input.brandId && !brand) return notFound("brandId", "brand");
      const texts = {
        name: input.name.trim(),
        nameEn: input.nameEn?.trim() ?? "",
        description: input.description?.trim() ?? "",
        descriptionEn: input.descriptionEn?.trim() ?? "",
      };
      return tx.benefit.create({
        data: {
          slug: input.slug,
          ...texts,
          categoryId: input.categoryId,
          brandId: brand?.id ?? null,
          imageUrl: input.imageUrl || null,
        },
      });
    });
  }

  async updateBenefit(
    viewer: Identity,
    input: {
      id: string;
      name?: string | null;
      nameEn?: string | null;
      description?: string | null;
      descriptionEn?: string | null;
      categoryId?: string | null;
      brandId?: string | null;
      imageUrl?: string | null;
      archived?: boolean | null;
    },
  ) {
    const problem = firstProblem(...benefitTextChecks(input, true), checkUrl("imageUrl", input.imageUrl));
    if (problem) return fail("benefit", problem);
    if (!isUuid(input.id)) return fail("benefit", notFound("id", "benefit"));
    if (input.categoryId && !isUuid(input.categoryId)) return fail("benefit", notFound("categoryId", "category"));
    if (input.brandId && !isUuid(input.brandId)) return fail("benefit", notFound("brandId", "brand"));
    return this.write("benefit", viewer, "benefit.updated", async (tx) => {
      const current = await tx.benefit.findUnique({ where: { id: input.id } });
      if (!current) return notFound("id", "benefit");
      if (input.categoryId && !(await tx.category.findUnique({ where: { id: input.categoryId } }))) {
        return notFound("categoryId", "category");
      }
      const brandId = input.brandId ?? current.brandId;
      const brand = brandId ? await tx.brand.findUnique({ where: { id: brandId } }) : null;
      if (input.brandId && !brand) return notFound("brandId", "brand");
      const texts = {
        name: input.name?.trim() ?? current.name,
        nameEn: input.nameEn?.trim() ?? current.nameEn,
        description: input.description?.trim() ?? current.description,
        descriptionEn: input.descriptionEn?.trim() ?? current.descriptionEn,
      };
      return tx.benefit.update({
        where: { id: input.id },
        data: {
          ...texts,
          categoryId: input.categoryId ?? undefined,
          brandId: brand?.id ?? null,
          imageUrl: input.imageUrl ?? undefined,
          archivedAt: input.archived == null ? undefined : input.archived ? (current.archivedAt ?? new Date()) : null,
        },
      });
    });
  }

  async createSku(
    viewer: Identity,
    input: {
      benefitId: string;
      slug: string;
      name: string;
      nameEn?: string | null;
      fulfilmentKind: FulfilmentKind;
      faceValueFen: number;
      costPriceFen: number;
      salePriceFen: number;
      validity: ValidityInput;
      lowStockThreshold?: number | null;
      linkUrl?: string | null;
    },
  ) {
    const validity = toValidity(input.validity);
    const problem = firstProblem(
      checkSlug(input.slug),
      checkText("name", input.name, 120),
      checkText("nameEn", input.nameEn, 120, true),
      checkMoney("faceValueFen", input.faceValueFen),
      checkMoney("costPriceFen", input.costPriceFen),
      checkMoney("salePriceFen", input.salePriceFen),
      checkThreshold(input.lowStockThreshold),
      checkUrl("linkUrl", input.linkUrl),
      input.fulfilmentKind === "DIRECT_TOPUP"
        ? invalid("fulfilmentKind", "direct top-up SKUs come from a supplier: use listSupplierProduct")
        : null,
      input.fulfilmentKind === "LINK" && !input.linkUrl ? invalid("linkUrl", "a LINK SKU needs linkUrl") : null,
      "code" in validity ? validity : null,
    );
    if (problem || "code" in validity) return fail("sku", problem ?? (validity as CatalogError));
    if (!isUuid(input.benefitId)) return fail("sku", notFound("benefitId", "benefit"));
    return this.write("sku", viewer, "sku.created", async (tx) => {
      const benefit = await tx.benefit.findUnique({ where: { id: input.benefitId } });
      if (!benefit) return notFound("benefitId", "benefit");
      if (benefit.archivedAt)
        return { code: "ARCHIVED", field: "benefitId", message: "the benefit is archived" } as const;
      return tx.sku.create({
        data: {
          benefitId: benefit.id,
          slug: input.slug,
          name: input.name.trim(),
          nameEn: input.nameEn?.trim() ?? "",
          fulfilmentKind: input.fulfilmentKind,
          faceValueFen: input.faceValueFen,
          costPriceFen: input.costPriceFen,
          salePriceFen: input.salePriceFen,
          ...validity,
          stockSource: stockSourceFor(input.fulfilmentKind, null),
          lowStockThreshold: input.lowStockThreshold ?? 20,
          linkUrl: input.linkUrl || null,
        },
      });
    });
  }

  async updateSku(
    viewer: Identity,
    input: {
      id: string;
      name?: string | null;
      nameEn?: string | null;
      faceValueFen?: number | null;
      costPriceFen?: number | null;
      salePriceFen?: number | null;
      validity?: ValidityInput | null;
      lowStockThreshold?: number | null;
      archived?: boolean | null;
    },
  ) {
    const validity = input.validity ? toValidity(input.validity) : null;
    const problem = firstProblem(
      checkText("name", input.name, 120, true),
      checkText("nameEn", input.nameEn, 120, true),
      checkMoney("faceValueFen", input.faceValueFen, true),
      checkMoney("costPriceFen", input.costPriceFen, true),
      checkMoney("salePriceFen", input.salePriceFen, true),
      checkThreshold(input.lowStockThreshold),
      validity && "code" in validity ? validity : null,
    );
    if (problem) return fail("sku", problem);
    if (!isUuid(input.id)) return fail("sku", notFound("id", "SKU"));
    return this.write("sku", viewer, "sku.updated", async (tx) => {
      const current = await tx.sku.findUnique({ where: { id: input.id } });
      if (!current) return notFound("id", "SKU");
      return tx.sku.update({
        where: { id: input.id },
        data: {
          name: input.name?.trim(),
          nameEn: input.nameEn?.trim(),
          faceValueFen: input.faceValueFen ?? undefined,
          costPriceFen: input.costPriceFen ?? undefined,
          salePriceFen: input.salePriceFen ?? undefined,
          ...(validity && !("code" in validity) ? validity : {}),
          lowStockThreshold: input.lowStockThreshold ?? undefined,
          archivedAt: input.archived == null ? undefined : input.archived ? (current.archivedAt ?? new Date()) : null,
        },
      });
    });
  }

  /**
   * Runs `change` in a transaction with its audit entry. `change` returns the
   * row, or a CatalogError (the transaction then rolls back). A unique-slug
   * conflict comes back as DUPLICATE_SLUG.
   */
  private async write<K extends string, T extends { id: string }>(
    key: K,
    viewer: Identity,
    action: string,
    change: (tx: Prisma.TransactionClient) => Promise<T | CatalogError>,
  ): Promise<Payload<K, T>> {
    const rollback = Symbol("rollback");
    let error: CatalogError | null = null;
    try {
      const row = await this.db.$transaction(async (tx) => {
        const result = await change(tx);
        if ("code" in result && "message" in result && !("id" in result)) {
          error = result as CatalogError;
          throw rollback;
        }
        const written = result as T;
        await refreshSearchIndex(tx, searchScopeOf(key, written));
        await this.audit.record(tx, {
          tenantId: null,
          ...auditActor(viewer),
          action,
          targetType: action.split(".")[0]!,
          targetId: written.id,
          details: auditDetailsOf(written),
        });
        return written;
      });
      return { [key]: row, errors: [] } as unknown as Payload<K, T>;
    } catch (thrown) {
      if (thrown === rollback && error) return fail(key, error);
      if (thrown instanceof Prisma.PrismaClientKnownRequestError && thrown.code === "P2002") {
        return fail(key, { code: "DUPLICATE_SLUG", field: "slug", message: "that slug is taken" });
      }
      throw thrown;
    }
  }
}

/** The benefits whose keyword search text a written row changes. */
function searchScopeOf(key: string, row: { id: string; benefitId?: string }): SearchScope {
  if (key === "category") return { categoryId: row.id };
  if (key === "brand") return { brandId: row.id };
  return { benefitIds: [row.benefitId ?? row.id] };
}

function fail<K extends string>(key: K, error: CatalogError) {
  return { [key]: null, errors: [error] } as unknown as Payload<K, never>;
}

function benefitTextChecks(
  input: { name?: string | null; nameEn?: string | null; description?: string | null; descriptionEn?: string | null },
  optional = false,
) {
  return [
    checkText("name", input.name, 120, optional),
    checkText("nameEn", input.nameEn, 120, true),
    checkText("description", input.description, 2000, true),
    checkText("descriptionEn", input.descriptionEn, 2000, true),
  ];
}

function checkThreshold(value: number | null | undefined): CatalogError | null {
  if (value == null) return null;
  return Number.isInteger(value) && value >= 0 && value <= 1_000_000
    ? null
    : invalid("lowStockThreshold", "lowStockThreshold must be a whole number from 0 to 1,000,000");
}

/** The written row as audit details: scalar columns only (no search text, no binary). */
function auditDetailsOf(row: object): AuditDetails {
  const details: AuditDetails = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === "searchText" || key === "searchTitle" || key === "createdAt" || key === "updatedAt") continue;
    if (value instanceof Date) details[key] = value.toISOString();
    else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) {
      details[key] = value;
    } else if (Array.isArray(value)) details[key] = value.map(String);
  }
  return details;
}
