// Platform operators manage suppliers: create and change them (the API secret
// sealed with the key ring, never returned, never audited), browse a
// supplier's products, list one onto the master catalog in one step, sync it
// now, and reconcile its settlement statement against our orders.
import { randomUUID } from "node:crypto";
import type { Identity } from "@benefits-hub/platform";
import { Prisma, type PrismaClient, type Sku, type SupplierStatus } from "@benefits-hub/platform/db/client";
import { GraphQLError } from "graphql";
import type { CatalogAuditRepository } from "../../data/audit.repository";
import type { SupplierRepository, SupplierRow } from "../../data/suppliers/supplier.repository";
import type { TopupRepository } from "../../data/suppliers/topup.repository";
import type { CodeKeyRing } from "../../crypto/key-ring";
import { isSupplierError, type SettlementLineInfo, type SupplierProductInfo } from "../../suppliers/adapter";
import { supplierSecretContext, type SupplierRegistry } from "../../suppliers/registry";
import { auditActor, type AuditDetails } from "../audit";
import {
  checkMoney,
  checkSlug,
  checkText,
  checkUrl,
  firstProblem,
  invalid,
  type CatalogError,
} from "../catalog-admin-rules";
import { isUuid } from "../ids";
import { refreshSearchIndex } from "../../data/search-index.repository";
import type { SupplierSyncService } from "./supplier-sync.service";

export interface CreateSupplierInput {
  slug: string;
  name: string;
  baseUrl: string;
  secret?: string | null;
  timeoutMs?: number | null;
}

export interface UpdateSupplierInput {
  id: string;
  name?: string | null;
  baseUrl?: string | null;
  secret?: string | null;
  timeoutMs?: number | null;
  status?: SupplierStatus | null;
}

export interface ListSupplierProductInput {
  supplierId: string;
  productId: string;
  categoryId: string;
  brandId?: string | null;
  name?: string | null;
  nameEn?: string | null;
  salePriceFen?: number | null;
}

export interface SupplierProductView extends SupplierProductInfo {
  listedSku: Sku | null;
}

export interface SettlementStatementView {
  supplier: SupplierRow;
  from: Date;
  to: Date;
  lines: SettlementLineInfo[];
  totalFen: number;
  unmatched: string[];
}

type SupplierPayload = { supplier: SupplierRow | null; errors: CatalogError[] };
type SkuPayload = { sku: Sku | null; errors: CatalogError[] };

const notFound = (field: string, what: string): CatalogError => ({
  code: "NOT_FOUND",
  field,
  message: `no such ${what}`,
});
const unavailable = (message: string): CatalogError => ({ code: "SUPPLIER_UNAVAILABLE", field: null, message });
const alreadyListed = (sku: Sku): CatalogError => ({
  code: "ALREADY_LISTED",
  field: "productId",
  message: `this product is already listed, as SKU ${sku.slug}`,
});
const DEFAULT_VALID_DAYS = 30;
const MAX_STATEMENT_DAYS = 93;

export class SupplierAdminService {
  constructor(
    private readonly db: PrismaClient,
    private readonly suppliers: SupplierRepository,
    private readonly topups: TopupRepository,
    private readonly registry: SupplierRegistry,
    private readonly sync: SupplierSyncService,
    private readonly keyRing: Pick<CodeKeyRing, "sealSmall">,
    private readonly audit: CatalogAuditRepository,
  ) {}

  list(): Promise<SupplierRow[]> {
    return this.suppliers.all();
  }

  async createSupplier(viewer: Identity, input: CreateSupplierInput): Promise<SupplierPayload> {
    const problem = firstProblem(
      checkSlug(input.slug),
      checkText("name", input.name, 120),
      checkBaseUrl(input.baseUrl),
      checkSecret(input.secret),
      checkTimeout(input.timeoutMs),
    );
    if (problem) return { supplier: null, errors: [problem] };
    const id = randomUUID();
    try {
      const supplier = await this.db.$transaction(async (tx) => {
        const row = await this.suppliers.create(tx, {
          id,
          slug: input.slug,
          name: input.name.trim(),
          baseUrl: input.baseUrl.trim(),
          secretSealed: input.secret ? this.seal(input.secret, id) : null,
          timeoutMs: input.timeoutMs ?? 3000,
        });
        await this.record(tx, viewer, "supplier.created", "supplier", row.id, {
          ...publicDetails(row),
          secret: !!input.secret,
        });
        return row;
      });
      return { supplier, errors: [] };
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        return { supplier: null, errors: [{ code: "DUPLICATE_SLUG", field: "slug", message: "that slug is taken" }] };
      }
      throw error;
    }
  }

  async updateSupplier(viewer: Identity, input: UpdateSupplierInput): Promise<SupplierPayload> {
    const problem = firstProblem(
      input.name == null ? null : checkText("name", input.name, 120),
      input.baseUrl == null ? null : checkBaseUrl(input.baseUrl),
      checkSecret(input.secret),
      checkTimeout(input.timeoutMs),
      input.status == null || input.status === "ACTIVE" || input.status === "DISABLED"
        ? null
        : invalid("status", "status is ACTIVE or DISABLED"),
    );
    if (problem) return { supplier: null, errors: [problem] };
    if (!isUuid(input.id)) return { supplier: null, errors: [notFound("id", "supplier")] };
    const supplier = await this.db.$transaction(async (tx) => {
      const current = await tx.supplier.findUnique({ where: { id: input.id } });
      if (!current) return null;
      // New connection details or a re-activation: sync soon, forget old failures.
      const reconnect =
        (input.baseUrl != null && input.baseUrl.trim() !== current.baseUrl) ||
        !!input.secret ||
        (input.status === "ACTIVE" && current.status !== "ACTIVE");
      const row = await this.suppliers.update(tx, input.id, {
        name: input.name?.trim() || undefined,
        baseUrl: input.baseUrl?.trim() || undefined,
        secretSealed: input.secret ? this.seal(input.secret, input.id) : undefined,
        timeoutMs: input.timeoutMs ?? undefined,
        status: input.status ?? undefined,
        ...(reconnect ? { nextSyncAt: new Date(), syncFailures: 0 } : {}),
      });
      const changed: AuditDetails = {};
      for (const key of ["name", "baseUrl", "timeoutMs", "status"] as const) {
        if (row[key] !== current[key]) changed[key] = row[key];
      }
      if (input.secret) changed.secret = "changed";
      await this.record(tx, viewer, "supplier.updated", "supplier", row.id, changed);
      return row;
    });
    return supplier ? { supplier, errors: [] } : { supplier: null, errors: [notFound("id", "supplier")] };
  }

  /** The supplier's products as it describes them now, each with the SKU it is listed as. */
  async products(supplierId: string): Promise<SupplierProductView[]> {
    const supplier = isUuid(supplierId) ? await this.suppliers.byId(supplierId) : null;
    if (!supplier) return [];
    let products: SupplierProductInfo[];
    try {
      products = await this.registry.adapterFor(supplier).listProducts();
    } catch (error) {
      throw supplierGraphQLError(error);
    }
    const listed = new Map(
      (await this.suppliers.skusOf(this.db, supplier.id)).map((sku) => [sku.supplierProductId, sku] as const),
    );
    return products.map((product) => ({ ...product, listedSku: listed.get(product.productId) ?? null }));
  }

  /**
   * One step from the supplier's product to a benefit and SKU of the master
   * catalog: names, face value and cost price from the supplier. A top-up's
   * stock is the supplier's; a card-code product's SKU takes its codes from
   * the pool (imported). A product is listed once: again is refused.
   */
  async listProduct(viewer: Identity, input: ListSupplierProductInput): Promise<SkuPayload> {
    const fail = (error: CatalogError): SkuPayload => ({ sku: null, errors: [error] });
    const problem = firstProblem(
      checkText("productId", input.productId, 100),
      checkText("name", input.name, 120, true),
      checkText("nameEn", input.nameEn, 120, true),
      checkMoney("salePriceFen", input.salePriceFen, true),
    );
    if (problem) return fail(problem);
    if (!isUuid(input.supplierId)) return fail(notFound("supplierId", "supplier"));
    if (!isUuid(input.categoryId)) return fail(notFound("categoryId", "category"));
    if (input.brandId && !isUuid(input.brandId)) return fail(notFound("brandId", "brand"));
    const supplier = await this.suppliers.byId(input.supplierId);
    if (!supplier) return fail(notFound("supplierId", "supplier"));
    const existing = await this.suppliers.skuByProduct(this.db, supplier.id, input.productId);
    if (existing) return fail(alreadyListed(existing));
    const [category, brand] = await Promise.all([
      this.db.category.findUnique({ where: { id: input.categoryId } }),
      input.brandId ? this.db.brand.findUnique({ where: { id: input.brandId } }) : null,
    ]);
    if (!category) return fail(notFound("categoryId", "category"));
    if (input.brandId && !brand) return fail(notFound("brandId", "brand"));
    let product: SupplierProductInfo;
    try {
      product = await this.registry.adapterFor(supplier).getProduct(input.productId);
    } catch (error) {
      if (isSupplierError(error) && error.kind === "not_found")
        return fail(notFound("productId", "product at this supplier"));
      if (isSupplierError(error)) return fail(unavailable(error.message));
      throw error;
    }
    const slug = slugOf(supplier.slug, product.productId);
    const texts = {
      name: input.name?.trim() || product.name,
      nameEn: input.nameEn?.trim() || product.nameEn,
    };
    try {
      const sku = await this.db.$transaction(async (tx) => {
        const benefit = await tx.benefit.create({
          data: {
            slug,
            ...texts,
            categoryId: category.id,
            brandId: brand?.id ?? null,
          },
        });
        const row = await tx.sku.create({
          data: {
            benefitId: benefit.id,
            slug,
            ...texts,
            fulfilmentKind: product.fulfilmentKind,
            faceValueFen: product.faceValueFen,
            costPriceFen: product.costPriceFen,
            salePriceFen: input.salePriceFen ?? product.faceValueFen,
            validityKind: "DAYS_AFTER_CLAIM",
            validDays: DEFAULT_VALID_DAYS,
            // A top-up is stocked by the supplier; card codes bought from it are imported into the pool.
            stockSource: product.fulfilmentKind === "DIRECT_TOPUP" ? "SUPPLIER" : "CODE_POOL",
            supplierStock: product.stock,
            supplierId: supplier.id,
            supplierProductId: product.productId,
          },
        });
        await refreshSearchIndex(tx, { benefitIds: [benefit.id] });
        await this.record(tx, viewer, "supplier.product_listed", "sku", row.id, {
          supplierId: supplier.id,
          productId: product.productId,
          benefitId: benefit.id,
          skuId: row.id,
          name: texts.name,
          faceValueFen: row.faceValueFen,
          costPriceFen: row.costPriceFen,
          salePriceFen: row.salePriceFen,
          supplierStock: product.stock,
        });
        return row;
      });
      return { sku, errors: [] };
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        // Listed meanwhile by someone else: the same answer as a repeat.
        const raced = await this.suppliers.skuByProduct(this.db, supplier.id, input.productId);
        if (raced) return fail(alreadyListed(raced));
        return fail({ code: "DUPLICATE_SLUG", field: "productId", message: `the slug ${slug} is taken` });
      }
      throw error;
    }
  }

  async syncNow(id: string): Promise<{ supplier: SupplierRow | null; updatedSkus: number; errors: CatalogError[] }> {
    const supplier = isUuid(id) ? await this.suppliers.byId(id) : null;
    if (!supplier) return { supplier: null, updatedSkus: 0, errors: [notFound("id", "supplier")] };
    const result = await this.sync.syncOne(supplier);
    const fresh = await this.suppliers.byId(id);
    return result.ok
      ? { supplier: fresh, updatedSkus: result.updatedSkus, errors: [] }
      : { supplier: fresh, updatedSkus: 0, errors: [unavailable(result.error)] };
  }

  /** The supplier's statement for [from, to), each line checked against our SUCCEEDED orders. */
  async statement(supplierId: string, fromText: string, toText: string): Promise<SettlementStatementView | null> {
    const from = new Date(fromText);
    const to = new Date(toText);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
      throw new GraphQLError("from and to must be ISO dates, from before to", {
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
    if (to.getTime() - from.getTime() > MAX_STATEMENT_DAYS * 86_400_000) {
      throw new GraphQLError(`a statement covers at most ${MAX_STATEMENT_DAYS} days`, {
        extensions: { code: "BAD_USER_INPUT" },
      });
    }
    const supplier = isUuid(supplierId) ? await this.suppliers.byId(supplierId) : null;
    if (!supplier) return null;
    let lines: SettlementLineInfo[];
    try {
      lines = await this.registry.adapterFor(supplier).settlement(from, to);
    } catch (error) {
      throw supplierGraphQLError(error);
    }
    const refs = [...new Set(lines.map((line) => line.externalRef))].filter(isUuid);
    const ours = new Set((await this.topups.succeededOf(supplier.id, refs)).map((order) => order.id));
    return {
      supplier,
      from,
      to,
      lines,
      totalFen: lines.reduce((sum, line) => sum + line.amountFen, 0),
      unmatched: lines.filter((line) => !ours.has(line.externalRef)).map((line) => line.externalRef),
    };
  }

  private seal(secret: string, supplierId: string): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.keyRing.sealSmall(secret, supplierSecretContext(supplierId)));
  }

  private record(
    tx: Prisma.TransactionClient,
    viewer: Identity,
    action: string,
    targetType: string,
    targetId: string,
    details: AuditDetails,
  ) {
    return this.audit.record(tx, { tenantId: null, ...auditActor(viewer), action, targetType, targetId, details });
  }
}

/** An http(s) URL without credentials in it (those go in `secret`, which is sealed; a URL is shown and audited). */
function checkBaseUrl(value: unknown): CatalogError | null {
  if (typeof value !== "string" || value.trim() === "") return invalid("baseUrl", "baseUrl is required");
  const problem = checkUrl("baseUrl", value.trim());
  if (problem) return problem;
  const url = new URL(value.trim());
  return url.username || url.password
    ? invalid("baseUrl", "baseUrl must not hold credentials: give the supplier's secret as secret")
    : null;
}

function checkSecret(value: unknown): CatalogError | null {
  if (value === undefined || value === null) return null;
  return typeof value === "string" && value.length >= 8 && value.length <= 512
    ? null
    : invalid("secret", "secret must be 8 to 512 characters");
}

function checkTimeout(value: unknown): CatalogError | null {
  if (value === undefined || value === null) return null;
  return Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 30_000
    ? null
    : invalid("timeoutMs", "timeoutMs must be a whole number from 100 to 30000");
}

const publicDetails = (row: SupplierRow): AuditDetails => ({
  slug: row.slug,
  name: row.name,
  baseUrl: row.baseUrl,
  timeoutMs: row.timeoutMs,
  status: row.status,
});

/** A benefit and SKU slug for a supplier product: lower-case, only [a-z0-9-], at most 80 characters. */
function slugOf(supplierSlug: string, productId: string): string {
  const part = productId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${supplierSlug}-${part || "product"}`.slice(0, 80).replace(/-+$/, "");
}

function supplierGraphQLError(error: unknown): GraphQLError {
  if (isSupplierError(error)) return new GraphQLError(error.message, { extensions: { code: "SUPPLIER_UNAVAILABLE" } });
  throw error;
}
