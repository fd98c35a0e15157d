// The analytics benchmark's events: a tenant's entitlement lifecycle over
// BENCH days as the entitlements service writes it (creating events with
// payload.facts as DESIGN12 §1 and subgraphs/entitlements/src/domain/facts
// describe them, then accepted, redeemed, expired, revoked on later days), and
// its budget ledger events as membership writes them. Deterministic (seeded):
// the same settings give the same events.
import { createHash } from "node:crypto";

/** A small fast PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable uuid (v4 layout) from a name: the same tenant and index give the same id. */
export function uuidOf(name: string): string {
  const h = createHash("sha1").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface Unit {
  id: string;
  name: string;
  path: string[];
}
interface Sku {
  benefitId: string;
  benefitName: string;
  skuId: string;
  skuName: string;
  categoryId: string;
  categoryName: string;
  brandId: string;
  brandName: string;
  supplierId: string;
  supplierName: string;
  fulfilmentKind: string;
  costFen: number;
  faceValueFen: number;
}
export interface Campaign {
  id: string;
  name: string;
  plannedFen: number;
  variants: string[] | null;
  channel: "CLAIM" | "GRANT" | "RULE" | "PARTNER" | "PURCHASE";
  items: Sku[];
  firstDay: number;
  lastDay: number;
}
interface Member {
  id: string;
  unit: Unit;
  tier: string;
}

/** A tenant's world: org tree (root, 8 divisions, departments), catalog, campaigns, members. */
export interface Tenant {
  id: string;
  name: string;
  root: Unit;
  units: Unit[];
  /** A division: what the benchmark's unit manager manages (about an eighth of the tenant). */
  managed: Unit;
  campaigns: Campaign[];
  members: Member[];
}

const TIERS = ["BRONZE", "SILVER", "GOLD", "PLATINUM"];
const KINDS = ["CARD_CODE", "TOPUP", "VOUCHER", "PHYSICAL"];
const CHANNELS: Campaign["channel"][] = ["CLAIM", "CLAIM", "GRANT", "RULE", "PARTNER", "PURCHASE"];

export function makeTenant(
  label: string,
  options: { departments: number; members: number; campaigns: number; days: number },
): Tenant {
  const random = rng(Number.parseInt(createHash("sha1").update(label).digest("hex").slice(0, 8), 16));
  const id = uuidOf(`${label}/tenant`);
  const root: Unit = { id: uuidOf(`${label}/unit/root`), name: `${label} 总部`, path: [] };
  root.path = [root.id];
  const divisions: Unit[] = Array.from({ length: 8 }, (_, i) => {
    const uid = uuidOf(`${label}/unit/d${i}`);
    return { id: uid, name: `事业部 ${i + 1}`, path: [root.id, uid] };
  });
  const departments: Unit[] = Array.from({ length: options.departments }, (_, i) => {
    const division = divisions[i % divisions.length]!;
    const uid = uuidOf(`${label}/unit/p${i}`);
    return { id: uid, name: `部门 ${i + 1}`, path: [...division.path, uid] };
  });
  // 12 suppliers, 20 brands, 10 categories, 60 benefits of 1-3 SKUs each.
  const named = (kind: string, n: number, name: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => ({ id: uuidOf(`catalog/${kind}/${i}`), name: name(i) }));
  const suppliers = named("supplier", 12, (i) => `供应商 ${i + 1}`);
  const brands = named("brand", 20, (i) => `品牌 ${i + 1}`);
  const categories = named("category", 10, (i) => `品类 ${i + 1}`);
  const skus: Sku[] = [];
  for (let b = 0; b < 60; b++) {
    const category = categories[b % categories.length]!;
    const brand = brands[b % brands.length]!;
    const supplier = suppliers[b % suppliers.length]!;
    for (let s = 0; s < 1 + (b % 3); s++) {
      const faceValueFen = [1000, 2000, 3000, 5000, 10000][(b + s) % 5]!;
      skus.push({
        benefitId: uuidOf(`catalog/benefit/${b}`),
        benefitName: `权益 ${b + 1}`,
        skuId: uuidOf(`catalog/sku/${b}/${s}`),
        skuName: `权益 ${b + 1} · ${faceValueFen / 100} 元`,
        categoryId: category.id,
        categoryName: category.name,
        brandId: brand.id,
        brandName: brand.name,
        supplierId: supplier.id,
        supplierName: supplier.name,
        fulfilmentKind: KINDS[b % KINDS.length]!,
        costFen: Math.round(faceValueFen * 0.85),
        faceValueFen,
      });
    }
  }
  // Campaigns run 14-45 days each, spread over the period; a third are A/B tests.
  const campaigns: Campaign[] = Array.from({ length: options.campaigns }, (_, i) => {
    const length = 14 + Math.floor(random() * 32);
    const firstDay = Math.floor(random() * Math.max(1, options.days - length));
    const items = Array.from({ length: 1 + Math.floor(random() * 3) }, () => skus[Math.floor(random() * skus.length)]!);
    return {
      id: uuidOf(`${label}/campaign/${i}`),
      name: `活动 ${i + 1}`,
      plannedFen: 5_000_000 + Math.floor(random() * 50) * 1_000_000,
      variants: i % 3 === 0 ? ["A", "B"] : null,
      channel: CHANNELS[i % CHANNELS.length]!,
      items,
      firstDay,
      lastDay: Math.min(options.days - 1, firstDay + length),
    };
  });
  const members: Member[] = Array.from({ length: options.members }, (_, i) => ({
    id: uuidOf(`${label}/member/${i}`),
    unit: departments[i % departments.length]!,
    tier: TIERS[Math.min(3, Math.floor(-Math.log2(random() + 1e-9) / 1.2))]!,
  }));
  return {
    id,
    name: label,
    root,
    units: [root, ...divisions, ...departments],
    managed: divisions[0]!,
    campaigns,
    members,
  };
}

export interface BenchEvent {
  tenantId: string;
  entitlementId: string;
  type: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

const DAY_MS = 86_400_000;

/**
 * About `count` entitlement events of `tenant` over `days` days ending at
 * `end`, in batches of about `batch`, in the order a service would write them
 * (day by day; a lifecycle event on the day it happens, after its creation).
 * Per entitlement: created (claimed, or issued and 70% of grants accepted),
 * then 55% redeemed, 25% expired, 3% revoked (the rest still open).
 */
export function* entitlementEvents(
  tenant: Tenant,
  count: number,
  options: { days: number; end: Date; batch: number; seed: number },
): Generator<BenchEvent[]> {
  const random = rng(options.seed);
  const start = options.end.getTime() - options.days * DAY_MS;
  // ~2.0 events per entitlement.
  const perDay = count / options.days / 2.0;
  const later: BenchEvent[][] = Array.from({ length: options.days }, () => []);
  let made = 0;
  let out: BenchEvent[] = [];
  for (let day = 0; day < options.days; day++) {
    const active = tenant.campaigns.filter((c) => c.firstDay <= day && day <= c.lastDay);
    const today: BenchEvent[] = later[day]!;
    later[day] = [];
    const creations = active.length === 0 ? 0 : Math.round(perDay * (0.7 + random() * 0.6));
    for (let n = 0; n < creations; n++) {
      const campaign = active[Math.floor(random() * active.length)]!;
      const sku = campaign.items[Math.floor(random() * campaign.items.length)]!;
      const member = tenant.members[Math.floor(random() * tenant.members.length)]!;
      const variant = campaign.variants ? campaign.variants[Math.floor(random() * campaign.variants.length)]! : null;
      const entitlementId = uuidOf(`${tenant.id}/${options.seed}/${made++}`);
      const at = start + day * DAY_MS + Math.floor(random() * DAY_MS);
      const claimed = campaign.channel === "CLAIM" || campaign.channel === "PURCHASE";
      const facts = {
        channel: campaign.channel,
        memberId: member.id,
        campaignId: campaign.id,
        campaignName: campaign.name,
        campaignPlannedFen: campaign.plannedFen,
        variant,
        benefitId: sku.benefitId,
        benefitName: sku.benefitName,
        skuId: sku.skuId,
        skuName: sku.skuName,
        categoryId: sku.categoryId,
        categoryName: sku.categoryName,
        brandId: sku.brandId,
        brandName: sku.brandName,
        supplierId: sku.supplierId,
        supplierName: sku.supplierName,
        fulfilmentKind: sku.fulfilmentKind,
        orgUnitId: member.unit.id,
        orgUnitName: member.unit.name,
        orgPath: member.unit.path,
        tier: member.tier,
        costFen: sku.costFen,
        faceValueFen: sku.faceValueFen,
      };
      today.push({
        tenantId: tenant.id,
        entitlementId,
        type: claimed ? "entitlement.claimed" : "entitlement.issued",
        payload: {
          memberId: member.id,
          campaignId: campaign.id,
          benefitId: sku.benefitId,
          skuId: sku.skuId,
          variant,
          costFen: sku.costFen,
          issuanceId: uuidOf(`${entitlementId}/issuance`),
          reservationId: uuidOf(`${entitlementId}/reservation`),
          facts,
        },
        occurredAt: new Date(at),
      });
      const schedule = (type: string, afterDays: number, payload: Record<string, unknown>) => {
        const d = day + afterDays;
        if (d >= options.days) return;
        const when = Math.max(at + 60_000, start + d * DAY_MS + Math.floor(random() * DAY_MS));
        (d === day ? today : later[d]!).push({
          tenantId: tenant.id,
          entitlementId,
          type,
          payload,
          occurredAt: new Date(when),
        });
      };
      let delay = 0;
      if (!claimed && random() < 0.7) {
        delay = Math.floor(random() * 3);
        schedule("entitlement.accepted", delay, { memberId: member.id });
      }
      const fate = random();
      // A variant B that converts better, so an A/B report has something to find.
      const redeemShare = variant === "B" ? 0.62 : 0.55;
      if (fate < redeemShare)
        schedule("entitlement.redeemed", delay + Math.floor(random() * 14), {
          memberId: member.id,
          benefitId: sku.benefitId,
          redeemedBy: "STAFF",
        });
      else if (fate < redeemShare + 0.25) schedule("entitlement.expired", delay + 30, {});
      else if (fate < redeemShare + 0.28)
        schedule("entitlement.revoked", delay + Math.floor(random() * 7), { reason: "left the company" });
    }
    for (const event of today) {
      out.push(event);
      if (out.length >= options.batch) {
        yield out;
        out = [];
      }
    }
  }
  if (out.length > 0) yield out;
}

export interface OutboxInput {
  tenantId: string;
  type: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * Membership's events for `tenant`: the org tree (org.unit_changed), then per
 * month the budget funded at the root and allocated to each department, and
 * `reservations` reserve/commit/release triples over the days.
 */
export function membershipEvents(
  tenant: Tenant,
  reservations: number,
  options: { days: number; end: Date; seed: number },
): OutboxInput[] {
  const random = rng(options.seed);
  const start = options.end.getTime() - options.days * DAY_MS;
  const events: OutboxInput[] = [];
  for (const unit of tenant.units) {
    events.push({
      tenantId: tenant.id,
      type: "org.unit_changed",
      payload: { orgUnitId: unit.id, name: unit.name, parentId: unit.path.at(-2) ?? null, orgPath: unit.path },
      occurredAt: new Date(start),
    });
  }
  const departments = tenant.units.filter((u) => u.path.length === 3);
  const budget = (unit: Unit, type: string, at: number, amountFen: number, extra: object = {}) =>
    events.push({
      tenantId: tenant.id,
      type,
      payload: {
        orgUnitId: unit.id,
        orgUnitName: unit.name,
        orgPath: unit.path,
        period: new Date(at + 8 * 3_600_000).toISOString().slice(0, 7),
        amountFen,
        reservationId: null,
        reference: null,
        ...extra,
      },
      occurredAt: new Date(at),
    });
  for (let month = 0; month * 30 < options.days; month++) {
    const at = start + month * 30 * DAY_MS;
    budget(tenant.root, "budget.funded", at, 100_000_000);
    for (const unit of departments)
      budget(unit, "budget.allocated", at + 1000, 1_000_000, { fromOrgUnitId: tenant.root.id, toOrgUnitId: unit.id });
  }
  for (let n = 0; n < reservations; n++) {
    const unit = departments[Math.floor(random() * departments.length)]!;
    const at = start + Math.floor(random() * options.days * DAY_MS);
    const amountFen = 500 + Math.floor(random() * 100) * 100;
    const reservationId = uuidOf(`${tenant.id}/reservation/${n}`);
    budget(unit, "budget.reserved", at, amountFen, { reservationId });
    budget(unit, random() < 0.7 ? "budget.committed" : "budget.released", at + 3_600_000, amountFen, {
      reservationId,
    });
  }
  return events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}
