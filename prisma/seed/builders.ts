// Seed builders: each call creates one row with sensible defaults and returns
// it, so a test states only what it cares about. Used by tests and the demo seed.
import { randomUUID } from "node:crypto";
import { appendOutboxEvents, hashPassword } from "@benefits-hub/platform";
import { refreshSearchIndex } from "../../subgraphs/catalog/src/data/search-index.repository";
import { linkHash } from "../../subgraphs/entitlements/src/domain/event-chain";
import { MEMBERSHIP_OUTBOX_SCHEMA } from "../../subgraphs/membership/src/data/outbox.repository";
import { budgetEvent, orgUnitChangedEvent } from "../../subgraphs/membership/src/domain/membership-events";
import type { PrismaClient, FulfilmentKind, MemberRole, EntitlementState } from "@benefits-hub/platform/db/client";

const unique = () => randomUUID().slice(0, 8);

// Hashing with production parameters costs ~100 ms; seeds reuse one hash per password.
const hashes = new Map<string, Promise<string>>();
const hashOnce = (password: string) => {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
};

/** The event that left a seeded entitlement in its state, after the one that issued it. */
const SEEDED_STATE_EVENTS: Partial<Record<EntitlementState, string>> = {
  REDEEMED: "entitlement.redeemed",
  EXPIRED: "entitlement.expired",
  REVOKED: "entitlement.revoked",
  TRANSFERRED: "entitlement.transferred_out",
};

export class SeedBuilder {
  constructor(readonly db: PrismaClient) {}

  tenant(input: { slug?: string; name?: string } = {}) {
    const slug = input.slug ?? `tenant-${unique()}`;
    return this.db.tenant.create({ data: { slug, name: input.name ?? `Tenant ${slug}` } });
  }

  /** An org unit under `parentId`, or the tenant's root when there is none. */
  async orgUnit(input: { tenantId: string; parentId?: string; name?: string }) {
    const parent = input.parentId ? await this.db.orgUnit.findUniqueOrThrow({ where: { id: input.parentId } }) : null;
    const id = randomUUID();
    // As membership's org service does: the unit and its org.unit_changed event in one transaction.
    return this.db.$transaction(async (tx) => {
      const unit = await tx.orgUnit.create({
        data: {
          id,
          tenantId: input.tenantId,
          parentId: parent?.id ?? null,
          name: input.name ?? `Unit ${id.slice(0, 8)}`,
          path: [...(parent?.path ?? []), id],
          depth: parent ? parent.depth + 1 : 0,
        },
      });
      await appendOutboxEvents(tx, MEMBERSHIP_OUTBOX_SCHEMA, [orgUnitChangedEvent(unit, "CREATED")]);
      return unit;
    });
  }

  /** The tenant's root unit, made on first use. */
  async rootUnit(tenantId: string) {
    const root = await this.db.orgUnit.findFirst({ where: { tenantId, parentId: null } });
    return root ?? this.orgUnit({ tenantId, name: "Headquarters" });
  }

  async member(input: {
    tenantId: string;
    orgUnitId?: string;
    email?: string;
    displayName?: string;
    role?: MemberRole;
    tier?: string;
    password?: string;
  }) {
    const email = (input.email ?? `member-${unique()}@example.test`).toLowerCase();
    const orgUnitId = input.orgUnitId ?? (await this.rootUnit(input.tenantId)).id;
    return this.db.member.create({
      data: {
        tenantId: input.tenantId,
        orgUnitId,
        email,
        displayName: input.displayName ?? email.split("@")[0]!,
        role: input.role ?? "MEMBER",
        tier: input.tier ?? "standard",
        passwordHash: input.password ? await hashOnce(input.password) : null,
      },
    });
  }

  /** A category under `parentId`, or a top-level one. */
  async category(input: { slug?: string; name?: string; nameEn?: string; parentId?: string; position?: number } = {}) {
    const parent = input.parentId ? await this.db.category.findUniqueOrThrow({ where: { id: input.parentId } }) : null;
    const id = randomUUID();
    const slug = input.slug ?? `category-${unique()}`;
    return this.db.category.create({
      data: {
        id,
        slug,
        parentId: parent?.id ?? null,
        path: [...(parent?.path ?? []), id],
        name: input.name ?? slug,
        nameEn: input.nameEn ?? slug,
        position: input.position ?? 0,
      },
    });
  }

  brand(input: { slug?: string; name?: string; nameEn?: string; aliases?: string[] } = {}) {
    const slug = input.slug ?? `brand-${unique()}`;
    return this.db.brand.create({
      data: { slug, name: input.name ?? slug, nameEn: input.nameEn ?? slug, aliases: input.aliases ?? [] },
    });
  }

  /**
   * A benefit with one SKU (unless `skus: []`): the shape most tests want. The
   * category is made when none is given.
   */
  async benefit(
    input: {
      slug?: string;
      name?: string;
      nameEn?: string;
      description?: string;
      descriptionEn?: string;
      categoryId?: string;
      brandId?: string;
      fulfilmentKind?: FulfilmentKind;
      faceValueFen?: number;
      /** `[]`: no SKU (the caller adds its own). */
      skus?: [];
    } = {},
  ) {
    const slug = input.slug ?? `benefit-${unique()}`;
    const categoryId = input.categoryId ?? (await this.defaultCategory()).id;
    const brand = input.brandId ? await this.db.brand.findUniqueOrThrow({ where: { id: input.brandId } }) : null;
    const name = input.name ?? `Benefit ${slug}`;
    const nameEn = input.nameEn ?? "";
    const description = input.description ?? "";
    const descriptionEn = input.descriptionEn ?? "";
    const benefit = await this.db.benefit.create({
      data: {
        slug,
        name,
        nameEn,
        description,
        descriptionEn,
        categoryId,
        brandId: brand?.id ?? null,
      },
    });
    await refreshSearchIndex(this.db, { benefitIds: [benefit.id] });
    if (input.skus) return benefit;
    const kind = input.fulfilmentKind ?? "CARD_CODE";
    const face = input.faceValueFen ?? 3000;
    await this.sku({ benefitId: benefit.id, slug: `${slug}-default`, name, fulfilmentKind: kind, faceValueFen: face });
    return benefit;
  }

  async sku(input: {
    benefitId: string;
    slug?: string;
    name?: string;
    nameEn?: string;
    fulfilmentKind?: FulfilmentKind;
    faceValueFen?: number;
    costPriceFen?: number;
    salePriceFen?: number;
    validDays?: number;
    supplierId?: string;
    supplierProductId?: string;
    supplierStock?: number;
    lowStockThreshold?: number;
  }) {
    const kind = input.fulfilmentKind ?? "CARD_CODE";
    const face = input.faceValueFen ?? 3000;
    const slug = input.slug ?? `sku-${unique()}`;
    const sku = await this.db.sku.create({
      data: {
        benefitId: input.benefitId,
        slug,
        name: input.name ?? slug,
        nameEn: input.nameEn ?? "",
        fulfilmentKind: kind,
        faceValueFen: face,
        costPriceFen: input.costPriceFen ?? Math.round(face * 0.85),
        salePriceFen: input.salePriceFen ?? face,
        validDays: input.validDays ?? 30,
        stockSource: stockSourceOf(kind, input.supplierId),
        supplierId: input.supplierId ?? null,
        supplierProductId: input.supplierProductId ?? null,
        supplierStock: input.supplierStock ?? null,
        lowStockThreshold: input.lowStockThreshold ?? 20,
      },
    });
    await refreshSearchIndex(this.db, { benefitIds: [sku.benefitId] });
    return sku;
  }

  /** Puts a SKU on a tenant's shelf (at its sale price unless `priceFen`). */
  async shelfItem(input: {
    tenantId: string;
    skuId: string;
    priceFen?: number;
    tiers?: string[];
    segmentIds?: string[];
    position?: number;
  }) {
    const sku = await this.db.sku.findUniqueOrThrow({ where: { id: input.skuId } });
    return this.db.shelfItem.create({
      data: {
        tenantId: input.tenantId,
        skuId: sku.id,
        benefitId: sku.benefitId,
        priceFen: input.priceFen ?? sku.salePriceFen,
        tiers: input.tiers ?? [],
        segmentIds: input.segmentIds ?? [],
        position: input.position ?? 0,
      },
    });
  }

  /** Every SKU of `benefitId` on the tenant's shelf at its sale price. */
  async shelve(tenantId: string, benefitId: string) {
    const skus = await this.db.sku.findMany({ where: { benefitId }, orderBy: { faceValueFen: "asc" } });
    for (const sku of skus) await this.shelfItem({ tenantId, skuId: sku.id });
  }

  supplier(input: { slug?: string; name?: string; baseUrl?: string; timeoutMs?: number } = {}) {
    const slug = input.slug ?? `supplier-${unique()}`;
    return this.db.supplier.create({
      data: {
        slug,
        name: input.name ?? slug,
        baseUrl: input.baseUrl ?? "http://127.0.0.1:9",
        timeoutMs: input.timeoutMs ?? 3000,
      },
    });
  }

  private async defaultCategory() {
    const found = await this.db.category.findUnique({ where: { slug: "general" } });
    return found ?? this.category({ slug: "general", name: "综合", nameEn: "General" });
  }

  /**
   * An entitlement with its event chain, hashed as the service writes it: an
   * `entitlement.issued` (or `.claimed`) event, then the event of the state it
   * is in (a redeemed one gets `entitlement.redeemed`, which analytics counts).
   */
  entitlement(input: {
    id?: string;
    tenantId: string;
    memberId: string;
    benefitId: string;
    state?: EntitlementState;
    skuId?: string | null;
    campaignId?: string | null;
    campaignItemId?: string | null;
    fulfilmentKind?: string | null;
    costFen?: number;
    reservationId?: string | null;
    expiresAt?: Date | null;
    revealedAt?: Date | null;
    codeHash?: string | null;
  }) {
    const { state = "ISSUED", ...columns } = input;
    const now = new Date();
    const redeemedAt = state === "REDEEMED" ? now : null;
    return this.db.$transaction(async (tx) => {
      const row = await tx.entitlement.create({
        data: {
          ...columns,
          state,
          claimedAt: state === "ISSUED" ? null : now,
          redeemedAt,
          redeemedBy: redeemedAt ? "member" : null,
          endedAt: ["ISSUED", "CLAIMED"].includes(state) ? null : now,
        },
      });
      const base = { memberId: row.memberId, benefitId: row.benefitId };
      const events: [string, Record<string, string>][] = [
        [state === "CLAIMED" ? "entitlement.claimed" : "entitlement.issued", base],
      ];
      const last = SEEDED_STATE_EVENTS[state];
      if (last)
        events.push([last, redeemedAt ? { ...base, redeemedAt: now.toISOString(), redeemedBy: "member" } : base]);
      let prevHash: string | null = null;
      for (const [chainSeq, [type, payload]] of events.map((e, i) => [i + 1, e] as const)) {
        const link = {
          tenantId: row.tenantId,
          entitlementId: row.id,
          chainSeq,
          type,
          payload,
          occurredAt: now,
          prevHash,
        };
        const hash = linkHash(link);
        await tx.entitlementEvent.create({ data: { id: randomUUID(), ...link, hash } });
        prevHash = hash;
      }
      return row;
    });
  }

  /**
   * Budget in a unit for a period, as funding puts it there: a FUNDING ledger
   * entry and the account it moves, in one transaction (the ledger stays balanced).
   */
  fundBudget(input: { tenantId: string; orgUnitId: string; period: string; amountFen: bigint }) {
    const key = { tenantId: input.tenantId, orgUnitId: input.orgUnitId, period: input.period };
    return this.db.$transaction(async (tx) => {
      await tx.budgetLedgerEntry.create({
        data: { ...key, kind: "FUNDING", availableDeltaFen: input.amountFen, actorId: "seed" },
      });
      const unit = await tx.orgUnit.findUniqueOrThrow({ where: { id: input.orgUnitId } });
      await appendOutboxEvents(tx, MEMBERSHIP_OUTBOX_SCHEMA, [
        budgetEvent({
          kind: "FUNDING",
          tenantId: input.tenantId,
          unit,
          period: input.period,
          amountFen: input.amountFen,
        }),
      ]);
      return tx.budgetAccount.upsert({
        where: { tenantId_orgUnitId_period: key },
        create: { ...key, availableFen: input.amountFen },
        update: { availableFen: { increment: input.amountFen } },
      });
    });
  }

  /** Moves budget from a unit to its child: one ledger entry on each side, both accounts in step. */
  allocateBudget(input: { tenantId: string; fromId: string; toId: string; period: string; amountFen: bigint }) {
    const { tenantId, period, amountFen } = input;
    return this.db.$transaction(async (tx) => {
      await tx.budgetLedgerEntry.createMany({
        data: [
          {
            tenantId,
            orgUnitId: input.fromId,
            period,
            kind: "ALLOCATION",
            availableDeltaFen: -amountFen,
            counterpartId: input.toId,
            actorId: "seed",
          },
          {
            tenantId,
            orgUnitId: input.toId,
            period,
            kind: "ALLOCATION",
            availableDeltaFen: amountFen,
            counterpartId: input.fromId,
            actorId: "seed",
          },
        ],
      });
      const unit = await tx.orgUnit.findUniqueOrThrow({ where: { id: input.toId } });
      await appendOutboxEvents(tx, MEMBERSHIP_OUTBOX_SCHEMA, [
        budgetEvent({ kind: "ALLOCATION", tenantId, unit, period, amountFen, fromOrgUnitId: input.fromId }),
      ]);
      await tx.budgetAccount.update({
        where: { tenantId_orgUnitId_period: { tenantId, orgUnitId: input.fromId, period } },
        data: { availableFen: { decrement: amountFen } },
      });
      return tx.budgetAccount.upsert({
        where: { tenantId_orgUnitId_period: { tenantId, orgUnitId: input.toId, period } },
        create: { tenantId, orgUnitId: input.toId, period, availableFen: amountFen },
        update: { availableFen: { increment: amountFen } },
      });
    });
  }
}

const stockSourceOf = (kind: FulfilmentKind, supplierId?: string) =>
  kind === "CARD_CODE" && !supplierId ? "CODE_POOL" : supplierId ? "SUPPLIER" : "UNLIMITED";
