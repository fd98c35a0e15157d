// A seeded month of cockpit activity as the sources' outbox events (the
// wire format analytics reads), and the oracle the cockpit tests compare
// against: counts taken straight from that event list by DESIGN12 §1's
// definitions, not from any table.
import { randomUUID } from "node:crypto";
import type { RemoteEvent } from "../src/consumers/outbox-client";

/** A small seeded PRNG (mulberry32): the same fixture on every run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

export interface Unit {
  id: string;
  name: string;
  path: string[];
}

export interface Member {
  id: string;
  tenantId: string;
  unit: Unit;
  tier: string;
}

export interface Sku {
  skuId: string;
  skuName: string;
  benefitId: string;
  benefitName: string;
  categoryId: string;
  brandId: string;
  supplierId: string | null;
  supplierName: string | null;
  fulfilmentKind: string;
  costFen: number;
  faceValueFen: number;
}

export interface Campaign {
  id: string;
  tenantId: string;
  name: string;
  plannedFen: number | null;
  channel: string;
  variants: string[];
}

/** The creating event's facts, as entitlements publishes them. */
export interface Facts {
  channel: string;
  memberId: string;
  campaignId: string | null;
  campaignName: string | null;
  campaignPlannedFen: number | null;
  variant: string | null;
  benefitId: string;
  benefitName: string;
  skuId: string;
  skuName: string;
  categoryId: string;
  categoryName: string;
  brandId: string;
  brandName: string;
  supplierId: string | null;
  supplierName: string | null;
  fulfilmentKind: string;
  orgUnitId: string;
  orgUnitName: string;
  orgPath: string[];
  tier: string | null;
  costFen: number;
  faceValueFen: number;
}

export class EventLog {
  readonly entitlements: RemoteEvent[] = [];
  readonly membership: RemoteEvent[] = [];
  readonly catalog: RemoteEvent[] = [];
  /** Facts of every entitlement, by id, and its tenant. */
  readonly facts = new Map<string, Facts & { tenantId: string }>();
  private seq = 0n;

  private event(tenantId: string | null, type: string, payload: Record<string, unknown>, at: string): RemoteEvent {
    this.seq += 1n;
    return { id: randomUUID(), xid: 1n, seq: this.seq, tenantId, type, payload, occurredAt: at };
  }

  orgUnit(tenantId: string, unit: Unit, at: string) {
    const parentId = unit.path.length > 1 ? unit.path[unit.path.length - 2] : null;
    this.membership.push(
      this.event(
        tenantId,
        "org.unit_changed",
        { orgUnitId: unit.id, name: unit.name, parentId, orgPath: unit.path },
        at,
      ),
    );
  }

  budget(tenantId: string, type: string, unit: Unit, period: string, amountFen: number, at: string, from?: Unit) {
    const payload: Record<string, unknown> = {
      orgUnitId: unit.id,
      orgUnitName: unit.name,
      orgPath: unit.path,
      period,
      amountFen,
      reservationId: null,
      reference: null,
    };
    if (from) Object.assign(payload, { fromOrgUnitId: from.id, toOrgUnitId: unit.id });
    this.membership.push(this.event(tenantId, type, payload, at));
  }

  /** An entitlement coming into being: `entitlement.claimed` or `.issued` (or `.transferred_in`). */
  create(type: string, member: Member, sku: Sku, campaign: Campaign | null, channel: string, at: string, variant = "") {
    const id = randomUUID();
    const facts: Facts = {
      channel,
      memberId: member.id,
      campaignId: campaign?.id ?? null,
      campaignName: campaign?.name ?? null,
      campaignPlannedFen: campaign?.plannedFen ?? null,
      variant: variant || null,
      benefitId: sku.benefitId,
      benefitName: sku.benefitName,
      skuId: sku.skuId,
      skuName: sku.skuName,
      categoryId: sku.categoryId,
      categoryName: `category ${sku.categoryId.slice(0, 4)}`,
      brandId: sku.brandId,
      brandName: `brand ${sku.brandId.slice(0, 4)}`,
      supplierId: sku.supplierId,
      supplierName: sku.supplierName,
      fulfilmentKind: sku.fulfilmentKind,
      orgUnitId: member.unit.id,
      orgUnitName: member.unit.name,
      orgPath: member.unit.path,
      tier: member.tier || null,
      costFen: sku.costFen,
      faceValueFen: sku.faceValueFen,
    };
    this.facts.set(id, { ...facts, tenantId: member.tenantId });
    const e = this.event(
      member.tenantId,
      type,
      { memberId: member.id, benefitId: sku.benefitId, campaignId: campaign?.id ?? null, facts },
      at,
    );
    e.entitlementId = id;
    this.entitlements.push(e);
    return id;
  }

  /** A lifecycle event of an entitlement already created. */
  lifecycle(entitlementId: string, type: string, at: string) {
    const fact = this.facts.get(entitlementId)!;
    const e = this.event(fact.tenantId, type, { benefitId: fact.benefitId }, at);
    e.entitlementId = entitlementId;
    this.entitlements.push(e);
  }

  supplierOrder(tenantId: string, type: string, payload: Record<string, unknown>, at: string) {
    this.catalog.push(this.event(tenantId, type, payload, at));
  }

  statementLine(payload: Record<string, unknown>, at: string) {
    this.catalog.push(this.event(null, "supplier.statement_line", payload, at));
  }
}

/** The Asia/Shanghai day of an instant. */
export const shanghaiDayOf = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

/** An instant on a Shanghai day, `minutes` after its midnight. */
export const at = (day: string, minutes: number) =>
  new Date(Date.parse(`${day}T00:00:00+08:00`) + minutes * 60_000).toISOString();

export interface Expected {
  issued: number;
  claimed: number;
  redeemed: number;
  expired: number;
  revoked: number;
  cost: bigint;
  faceValue: bigint;
  issuedCost: bigint;
  members: Set<string>;
}

const none = (): Expected => ({
  issued: 0,
  claimed: 0,
  redeemed: 0,
  expired: 0,
  revoked: 0,
  cost: 0n,
  faceValue: 0n,
  issuedCost: 0n,
  members: new Set(),
});

export type FactFilter = (fact: Facts & { tenantId: string }) => boolean;

/**
 * The figures straight from the event list: every entitlement event of a
 * day in [from, to] whose entitlement's facts pass `keep`, counted by the
 * cockpit's definitions, grouped by `group` (one group "" by default).
 */
export function directCount(
  log: EventLog,
  from: string,
  to: string,
  keep: FactFilter,
  group: (fact: Facts & { tenantId: string }, day: string) => string = () => "",
): Map<string, Expected> {
  const out = new Map<string, Expected>();
  for (const e of log.entitlements) {
    const day = shanghaiDayOf(e.occurredAt);
    const fact = log.facts.get(e.entitlementId!)!;
    if (day < from || day > to || !keep(fact)) continue;
    const key = group(fact, day);
    const x = out.get(key) ?? none();
    out.set(key, x);
    x.members.add(fact.memberId);
    const issuing = fact.channel !== "TRANSFER";
    switch (e.type) {
      case "entitlement.issued":
        if (issuing) [x.issued, x.issuedCost] = [x.issued + 1, x.issuedCost + BigInt(fact.costFen)];
        break;
      case "entitlement.claimed":
        if (issuing) [x.issued, x.issuedCost] = [x.issued + 1, x.issuedCost + BigInt(fact.costFen)];
        x.claimed += 1;
        break;
      case "entitlement.accepted":
        x.claimed += 1;
        break;
      case "entitlement.redeemed":
        x.redeemed += 1;
        x.cost += BigInt(fact.costFen);
        x.faceValue += BigInt(fact.faceValueFen);
        break;
      case "entitlement.expired":
        x.expired += 1;
        break;
      case "entitlement.revoked":
        x.revoked += 1;
        break;
    }
  }
  return out;
}

export const one = (m: Map<string, Expected>) => m.get("") ?? none();

/** What the cockpit's CockpitCounts should say for an expectation. */
export const countsFor = (x: Expected) => ({
  issued: x.issued,
  claimed: x.claimed,
  redeemed: x.redeemed,
  expired: x.expired,
  revoked: x.revoked,
  redemptionRate: x.issued > 0 ? x.redeemed / x.issued : 0,
  cost: x.cost,
  faceValue: x.faceValue,
  issuedCost: x.issuedCost,
});

const id = () => randomUUID();

export interface World {
  log: EventLog;
  tenantA: string;
  tenantB: string;
  units: { RA: Unit; A1: Unit; A1a: Unit; A2: Unit; RB: Unit };
  campaigns: { C1: Campaign; C2: Campaign; C3: Campaign; C4: Campaign; CB: Campaign };
  supplier: { id: string; sku: Sku };
  /** The planted reconciliation: entitlements e1..e4 of tenant A and eB of tenant B. */
  recon: { e: string[]; eB: string };
}

/**
 * Tenants A and B. A: units RA > A1 > A1a and RA > A2, campaigns C1 (claim),
 * C2 (A/B, equal), C3 (grant), C4 (A/B/C, A clearly best); B: unit RB,
 * campaign CB. Random activity from 2026-10-02 to 2026-11-30, the A/B
 * campaigns in November, a planted supplier statement and budget ledger.
 */
export function buildWorld(seed = 20261207): World {
  const rnd = prng(seed);
  const log = new EventLog();
  const [tenantA, tenantB] = [id(), id()];
  const unit = (name: string, parent?: Unit): Unit => {
    const uid = id();
    return { id: uid, name, path: [...(parent?.path ?? []), uid] };
  };
  const RA = unit("总部 HQ");
  const A1 = unit("北京 Beijing", RA);
  const A1a = unit("研发 R&D", A1);
  const A2 = unit("上海 Shanghai", RA);
  const RB = unit("Harbour HQ");
  for (const u of [RA, A1, A1a, A2]) log.orgUnit(tenantA, u, "2026-09-01T00:00:00.000Z");
  log.orgUnit(tenantB, RB, "2026-09-01T00:00:00.000Z");

  const tiers = ["gold", "silver", ""];
  const members = (tenantId: string, units: Unit[], n: number): Member[] =>
    Array.from({ length: n }, (_, i) => ({ id: id(), tenantId, unit: units[i % units.length]!, tier: tiers[i % 3]! }));
  const membersA = members(tenantA, [RA, A1, A1a, A2, A1, A2], 42);
  const membersB = members(tenantB, [RB], 12);

  const sku = (costFen: number, faceValueFen: number, kind: string): Sku => ({
    skuId: id(),
    skuName: `sku ${costFen}`,
    benefitId: id(),
    benefitName: `benefit ${costFen}`,
    categoryId: id(),
    brandId: id(),
    supplierId: null,
    supplierName: null,
    fulfilmentKind: kind,
    costFen,
    faceValueFen,
  });
  const skus = [sku(1000, 1500, "LINK"), sku(2500, 3000, "INTERNAL_SERVICE"), sku(800, 800, "LINK")];
  const supplierId = id();
  const topup: Sku = {
    ...sku(2800, 3000, "DIRECT_TOPUP"),
    supplierId,
    supplierName: "权益云 BenefitCloud",
  };

  const campaign = (
    tenantId: string,
    name: string,
    channel: string,
    variants: string[],
    plannedFen: number | null,
  ) => ({
    id: id(),
    tenantId,
    name,
    channel,
    variants,
    plannedFen,
  });
  const C1 = campaign(tenantA, "Spring claim", "CLAIM", [], 500_000);
  const C2 = campaign(tenantA, "Equal A/B", "CLAIM", ["A", "B"], 1_000_000);
  const C3 = campaign(tenantA, "Year-end grant", "GRANT", [], null);
  const C4 = campaign(tenantA, "Clear A/B", "CLAIM", ["A", "B", "C"], 2_000_000);
  const CB = campaign(tenantB, "Harbour claim", "CLAIM", [], 300_000);

  const days: string[] = [];
  for (let t = Date.parse("2026-10-02T00:00:00Z"); t <= Date.parse("2026-11-30T00:00:00Z"); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  const later = (iso: string, maxDays: number) =>
    new Date(Date.parse(iso) + rnd.int(1, maxDays * 24 * 60) * 60_000).toISOString();

  // Random activity: every channel, every lifecycle, minutes near midnight included.
  for (let i = 0; i < 500; i++) {
    const inA = rnd.next() < 0.8;
    const member = rnd.pick(inA ? membersA : membersB);
    const s = rnd.pick(skus);
    const c = inA ? rnd.pick([C1, C3, null, null]) : rnd.pick([CB, null]);
    const channel = c?.channel ?? rnd.pick(["RULE", "PURCHASE", "PARTNER"]);
    const created = at(rnd.pick(days), rnd.next() < 0.2 ? rnd.int(0, 30) : rnd.int(0, 1439));
    const type = channel === "GRANT" || channel === "RULE" ? "entitlement.issued" : "entitlement.claimed";
    let e = log.create(type, member, s, c, channel, created);
    let when = created;
    if (channel === "GRANT" && rnd.next() < 0.6) log.lifecycle(e, "entitlement.accepted", (when = later(when, 3)));
    const r = rnd.next();
    if (r < 0.08) {
      const other = rnd.pick(inA ? membersA : membersB);
      when = later(when, 5);
      log.lifecycle(e, "entitlement.transferred_out", when);
      e = log.create("entitlement.transferred_in", other, s, c, "TRANSFER", when);
      if (rnd.next() < 0.5) log.lifecycle(e, "entitlement.redeemed", later(when, 5));
    } else if (r < 0.53) log.lifecycle(e, "entitlement.redeemed", later(when, 10));
    else if (r < 0.68) log.lifecycle(e, "entitlement.expired", later(when, 20));
    else if (r < 0.73) log.lifecycle(e, "entitlement.revoked", later(when, 10));
  }

  // A/B campaigns: C2 equal halves; C4's A redeems clearly more than B and C.
  const abRun = (c: Campaign, variant: string, claimed: number, redeemed: number) => {
    for (let i = 0; i < claimed; i++) {
      const created = at(`2026-11-${String(3 + (i % 15)).padStart(2, "0")}`, 600 + i);
      const e = log.create("entitlement.claimed", rnd.pick(membersA), skus[0]!, c, "CLAIM", created, variant);
      if (i < redeemed) log.lifecycle(e, "entitlement.redeemed", later(created, 2));
    }
  };
  abRun(C2, "A", 120, 60);
  abRun(C2, "B", 120, 60);
  abRun(C4, "A", 150, 105);
  abRun(C4, "B", 150, 45);
  abRun(C4, "C", 40, 10);

  // The planted reconciliation (supplier statement for November).
  const topupMembers = membersA.filter((m) => m.unit === A1);
  const e = [1, 2, 3, 4].map((n) => {
    const ent = log.create("entitlement.claimed", topupMembers[n]!, topup, null, "PURCHASE", at("2026-11-10", 60 + n));
    log.lifecycle(ent, "entitlement.redeemed", at("2026-11-11", 60 + n));
    return ent;
  });
  const eB = log.create("entitlement.claimed", membersB[0]!, topup, null, "PURCHASE", at("2026-11-10", 90));
  log.lifecycle(eB, "entitlement.redeemed", at("2026-11-11", 90));
  const order = (tenantId: string, reference: string, entitlementId: string, status: string) => {
    const payload = {
      supplierId,
      supplierName: topup.supplierName,
      reference,
      skuId: topup.skuId,
      entitlementId,
      quantity: 1,
      amountFen: 2800,
      kind: "TOPUP",
    };
    log.supplierOrder(tenantId, "supplier.order_placed", payload, at("2026-11-11", 100));
    log.supplierOrder(tenantId, `supplier.order_${status}`, payload, at("2026-11-11", 101));
  };
  order(tenantA, "R-1", e[0]!, "succeeded");
  order(tenantA, "R-2", e[1]!, "succeeded");
  order(tenantA, "R-3", e[2]!, "succeeded");
  order(tenantA, "R-5", id(), "succeeded");
  order(tenantA, "R-6", e[3]!, "failed");
  order(tenantB, "R-B1", eB, "succeeded");
  const line = (reference: string, amountFen: number) =>
    log.statementLine(
      {
        supplierId,
        statementId: "ST-2026-11",
        from: "2026-11-01",
        to: "2026-11-30",
        reference,
        productId: "china-mobile-topup-30",
        skuId: topup.skuId,
        quantity: 1,
        amountFen,
        billedAt: at("2026-11-12", 30),
      },
      at("2026-12-01", 10),
    );
  line("R-1", 2800);
  line("R-2", 3000);
  line("R-5", 2800);
  line("R-X", 1500);
  line("R-B1", 2800);
  // Tenant B's order is billed twice (two lines under one reference).
  line("R-B1", 2800);

  // The budget ledger for 2026-11.
  log.budget(tenantA, "budget.funded", RA, "2026-11", 100_000, at("2026-11-01", 10));
  log.budget(tenantA, "budget.allocated", A1, "2026-11", 40_000, at("2026-11-02", 10), RA);
  log.budget(tenantA, "budget.reserved", A1, "2026-11", 5_000, at("2026-11-05", 10));
  log.budget(tenantA, "budget.committed", A1, "2026-11", 3_000, at("2026-11-06", 10));
  log.budget(tenantA, "budget.released", A1, "2026-11", 2_000, at("2026-11-07", 10));
  log.budget(tenantA, "budget.reserved", A1, "2026-11", 1_000, at("2026-11-20", 10));
  log.budget(tenantB, "budget.funded", RB, "2026-11", 70_000, at("2026-11-01", 10));

  const byTime = (a: RemoteEvent, b: RemoteEvent) =>
    Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || Number(a.seq - b.seq);
  log.entitlements.sort(byTime);
  return {
    log,
    tenantA,
    tenantB,
    units: { RA, A1, A1a, A2, RB },
    campaigns: { C1, C2, C3, C4, CB },
    supplier: { id: supplierId, sku: topup },
    recon: { e, eB },
  };
}
