// Tenant admins curate their shelf: which SKUs, at which price, for which
// tiers and segments. Every change is audited in its own transaction; every
// segment id is checked to be the tenant's (membership) before it is stored.
import type { Identity } from "@benefits-hub/platform";
import type { PrismaClient, Prisma } from "@benefits-hub/platform/db/client";
import { firstForeign, TenantIdsUnavailableError, type TenantIdsClient } from "@benefits-hub/platform/tenant-ids";
import type { CatalogAuditRepository } from "../data/audit.repository";
import type { ShelfItemRow } from "../data/shelf.repository";
import { auditActor } from "./audit";
import { isUuid } from "./ids";

export type ShelfErrorCode = "NOT_FOUND" | "INVALID_PRICE" | "INVALID_AUDIENCE" | "ARCHIVED" | "UNAVAILABLE";
export interface ShelfPayload {
  shelfItem: ShelfItemRow | null;
  errors: { code: ShelfErrorCode; message: string; field?: string }[];
}

export interface ShelveInput {
  skuId: string;
  priceFen?: number | null;
  tiers?: string[] | null;
  segmentIds?: string[] | null;
  position?: number | null;
}

export interface UpdateShelfItemInput {
  id: string;
  priceFen?: number | null;
  tiers?: string[] | null;
  segmentIds?: string[] | null;
  position?: number | null;
  active?: boolean | null;
}

const MAX_PRICE_FEN = 100_000_000; // ¥1,000,000
const MAX_TARGETS = 50;
const fail = (code: ShelfErrorCode, message: string, field?: string): ShelfPayload => ({
  shelfItem: null,
  errors: [field ? { code, message, field } : { code, message }],
});

export class ShelfAdminService {
  constructor(
    private readonly db: PrismaClient,
    private readonly audit: CatalogAuditRepository,
    private readonly tenantIds: TenantIdsClient,
  ) {}

  /** Offers a SKU on the admin's shelf, or updates the offer already there. */
  async shelve(viewer: Identity, input: ShelveInput): Promise<ShelfPayload> {
    if (viewer.kind !== "member") return fail("NOT_FOUND", "no such SKU");
    const problem = validate(input);
    if (problem) return problem;
    if (!isUuid(input.skuId)) return fail("NOT_FOUND", "no such SKU");
    const sku = await this.db.sku.findUnique({ where: { id: input.skuId }, include: { benefit: true } });
    if (!sku) return fail("NOT_FOUND", "no such SKU");
    if (sku.archivedAt || sku.benefit.archivedAt) return fail("ARCHIVED", "this SKU is no longer sold");
    const foreign = await this.foreignSegment(viewer.tenantId, input.segmentIds);
    if (foreign) return foreign;
    const values = {
      priceFen: input.priceFen ?? sku.salePriceFen,
      tiers: input.tiers ? normaliseTiers(input.tiers) : [],
      segmentIds: input.segmentIds ?? [],
      position: input.position ?? 0,
      active: true,
    };
    const item = await this.db.$transaction(async (tx) => {
      const row = await tx.shelfItem.upsert({
        where: { tenantId_skuId: { tenantId: viewer.tenantId, skuId: sku.id } },
        create: { tenantId: viewer.tenantId, skuId: sku.id, benefitId: sku.benefitId, ...values },
        update: values,
      });
      await this.record(tx, viewer, "shelf.sku_shelved", row.id, { skuId: sku.id, ...values });
      return row;
    });
    return { shelfItem: item, errors: [] };
  }

  async update(viewer: Identity, input: UpdateShelfItemInput): Promise<ShelfPayload> {
    if (viewer.kind !== "member") return fail("NOT_FOUND", "no such shelf item");
    const problem = validate(input);
    if (problem) return problem;
    const foreign = await this.foreignSegment(viewer.tenantId, input.segmentIds);
    if (foreign) return foreign;
    const changes: Prisma.ShelfItemUpdateInput = {};
    if (input.priceFen != null) changes.priceFen = input.priceFen;
    if (input.tiers) changes.tiers = normaliseTiers(input.tiers);
    if (input.segmentIds) changes.segmentIds = input.segmentIds;
    if (input.position != null) changes.position = input.position;
    if (input.active != null) changes.active = input.active;
    return this.change(viewer, input.id, "shelf.item_updated", changes);
  }

  /** Takes an offer off the shelf (it stays, switched off, so the audit trail keeps pointing at it). */
  remove(viewer: Identity, id: string): Promise<ShelfPayload> {
    return this.change(viewer, id, "shelf.item_removed", { active: false });
  }

  private async change(
    viewer: Identity,
    id: string,
    action: string,
    changes: Prisma.ShelfItemUpdateInput,
  ): Promise<ShelfPayload> {
    if (viewer.kind !== "member" || !isUuid(id)) return fail("NOT_FOUND", "no such shelf item");
    return this.db.$transaction(async (tx) => {
      // Scoped to the admin's tenant: another tenant's item is "not found", never changed.
      const updated = await tx.shelfItem.updateMany({ where: { id, tenantId: viewer.tenantId }, data: changes });
      if (updated.count === 0) return fail("NOT_FOUND", "no such shelf item");
      const row = await tx.shelfItem.findUniqueOrThrow({ where: { id } });
      await this.record(tx, viewer, action, id, changesForAudit(changes));
      return { shelfItem: row, errors: [] };
    });
  }

  /** NOT_FOUND naming the first segment that is not the tenant's (another tenant's too); null when all are. */
  private async foreignSegment(
    tenantId: string,
    segmentIds: string[] | null | undefined,
  ): Promise<ShelfPayload | null> {
    if (!segmentIds?.length) return null;
    let owned;
    try {
      owned = await this.tenantIds.owned({ tenantId, segmentIds });
    } catch (error) {
      if (error instanceof TenantIdsUnavailableError) {
        return fail("UNAVAILABLE", "membership did not answer; nothing changed, retry");
      }
      throw error;
    }
    const foreign = firstForeign(segmentIds, owned.segmentIds);
    return foreign ? fail("NOT_FOUND", "no such segment", `segmentIds.${foreign.index}`) : null;
  }

  private record(
    tx: Prisma.TransactionClient,
    viewer: Identity & { kind: "member" },
    action: string,
    targetId: string,
    details: Record<string, string | number | boolean | string[]>,
  ) {
    return this.audit.record(tx, {
      tenantId: viewer.tenantId,
      ...auditActor(viewer),
      action,
      targetType: "shelf_item",
      targetId,
      details,
    });
  }
}

function validate(input: {
  priceFen?: number | null;
  tiers?: string[] | null;
  segmentIds?: string[] | null;
  position?: number | null;
}): ShelfPayload | null {
  if (
    input.priceFen != null &&
    (!Number.isInteger(input.priceFen) || input.priceFen < 0 || input.priceFen > MAX_PRICE_FEN)
  ) {
    return fail("INVALID_PRICE", `priceFen must be a whole number of fen from 0 to ${MAX_PRICE_FEN}`);
  }
  if (input.position != null && (!Number.isInteger(input.position) || Math.abs(input.position) > 1_000_000)) {
    return fail("INVALID_PRICE", "position must be a whole number between -1,000,000 and 1,000,000");
  }
  if ((input.tiers?.length ?? 0) > MAX_TARGETS || (input.segmentIds?.length ?? 0) > MAX_TARGETS) {
    return fail("INVALID_AUDIENCE", `at most ${MAX_TARGETS} tiers and ${MAX_TARGETS} segments per offer`);
  }
  if (input.tiers?.some((t) => !/^[\p{L}\p{N}_-]{1,40}$/u.test(t.trim()))) {
    return fail("INVALID_AUDIENCE", "a tier is 1 to 40 letters, digits, - or _");
  }
  if (input.segmentIds?.some((id) => !isUuid(id))) return fail("INVALID_AUDIENCE", "segmentIds must be segment ids");
  return null;
}

const normaliseTiers = (tiers: string[]) => [...new Set(tiers.map((t) => t.trim()))];

function changesForAudit(changes: Prisma.ShelfItemUpdateInput): Record<string, string | number | boolean | string[]> {
  const details: Record<string, string | number | boolean | string[]> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") details[key] = value;
    else if (Array.isArray(value)) details[key] = value as string[];
  }
  return details;
}
