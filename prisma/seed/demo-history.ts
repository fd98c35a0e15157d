// Four months of past activity for a demo tenant, so that the cockpit is
// worth opening on a fresh start: campaigns that ran and ended (a New Year
// grant, an A/B test with a clear winner, phone credit top-ups, a weekly
// afternoon tea, commute rides from a rule), their entitlements claimed,
// redeemed, expired and revoked over time, the budget movements they caused,
// and the supplier orders and one supplier statement (with three planted
// discrepancies) for the reconciliation page.
//
// Written straight to the tables with past times, each change with the
// event its service would have written in the same transaction: entitlement
// events (with `facts`, hash-chained), budget ledger entries with their
// membership outbox events, supplier orders and statement lines as catalog
// outbox events (the history's top-up orders exist only as these events and
// the statement: there is no top-up order row to retry or reveal). Analytics
// learns all of it from the outboxes like anything else. Everything ends
// before today (unused entitlements have expired or, when their expiry is
// still ahead, were redeemed), so no past entitlement needs a redemption code.
// Deterministic: the same history, relative to the day it is seeded.
import { createHash, randomUUID } from "node:crypto";
import { appendOutboxEvents, type OutboxEventInput } from "@benefits-hub/platform";
import type { Prisma, PrismaClient } from "@benefits-hub/platform/db/client";
import { linkHash } from "../../subgraphs/entitlements/src/domain/event-chain";
import { factsOf, type FactsChannel } from "../../subgraphs/entitlements/src/domain/facts/entitlement-facts";
import { deltasOf } from "../../subgraphs/membership/src/domain/budget-rules";
import { budgetEvent } from "../../subgraphs/membership/src/domain/membership-events";
import {
  statementLineEvent,
  supplierOrderEvent,
  SUPPLIER_EVENT,
} from "../../subgraphs/catalog/src/domain/suppliers/supplier-events";

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Asia/Shanghai is UTC+8 all year. */
const SHANGHAI = 8 * HOUR;

interface ItemSpec {
  sku: string;
  costFen: number;
  variant?: string;
  /** Share of the item's entitlements that members use. */
  redeemRate: number;
}

interface HistoryCampaignSpec {
  name: string;
  description: string;
  channel: "CLAIM" | "GRANT" | "RULE";
  items: ItemSpec[];
  /** Days before today the campaign opened and closed (inclusive). */
  from: number;
  to: number;
  /** Entitlements issued on a day (0 = Sunday). */
  perDay: (weekday: number, random: () => number) => number;
  /** The org unit (demo key) whose budget pays. */
  budgetUnit: string;
  /** Days an entitlement stays usable. */
  validDays: number;
  /** Top-ups are used at once: the redemption is the supplier's top-up. */
  instant?: boolean;
  perMemberLimit: number;
}

const everyone = (n: number) => () => n;
const weekdays = (n: number) => (weekday: number, random: () => number) =>
  weekday === 0 || weekday === 6 ? Math.round(n * 0.3 * random()) : Math.round(n * (0.7 + 0.6 * random()));
const fridays = (n: number) => (weekday: number, random: () => number) =>
  weekday === 5 ? Math.round(n * (0.8 + 0.4 * random())) : 0;

const FULL: HistoryCampaignSpec[] = [
  {
    name: "元旦福利 · New Year gift",
    description: "A month of NetEase Cloud Music for every employee, granted by HR.",
    channel: "GRANT",
    items: [{ sku: "netease-music-vinyl-1m", costFen: 1400, redeemRate: 0.78 }],
    from: 118,
    to: 118,
    perDay: everyone(-1),
    budgetUnit: "hq",
    validDays: 45,
    perMemberLimit: 1,
  },
  {
    name: "春季咖啡 A/B · Spring coffee A/B",
    description: "Half of the members were offered a Luckin ¥20 voucher, half a Starbucks tall latte.",
    channel: "CLAIM",
    items: [
      { sku: "luckin-coffee-20", costFen: 1600, variant: "A", redeemRate: 0.52 },
      { sku: "starbucks-tall-latte", costFen: 2900, variant: "B", redeemRate: 0.74 },
    ],
    from: 84,
    to: 52,
    perDay: weekdays(16),
    budgetUnit: "hq",
    validDays: 30,
    perMemberLimit: 1,
  },
  {
    name: "话费关怀 · Phone credit for parents",
    description: "¥50 of China Mobile credit, topped up to a parent's number.",
    channel: "CLAIM",
    items: [{ sku: "china-mobile-topup-50", costFen: 4940, redeemRate: 0.96 }],
    from: 70,
    to: 24,
    perDay: weekdays(7),
    budgetUnit: "hq",
    validDays: 30,
    instant: true,
    perMemberLimit: 2,
  },
  {
    name: "周五下午茶 · Friday afternoon tea",
    description: "A Luckin ¥10 voucher for the Beijing branch every Friday.",
    channel: "CLAIM",
    items: [{ sku: "luckin-coffee-10", costFen: 800, redeemRate: 0.83 }],
    from: 119,
    to: 1,
    perDay: fridays(48),
    budgetUnit: "bj",
    validDays: 7,
    perMemberLimit: 20,
  },
  {
    name: "通勤补贴 · Commute rides",
    description: "A ¥15 ride voucher for members who checked in early, by rule.",
    channel: "RULE",
    items: [{ sku: "didi-ride-15", costFen: 1300, redeemRate: 0.66 }],
    from: 100,
    to: 1,
    perDay: weekdays(5),
    budgetUnit: "sh",
    validDays: 14,
    perMemberLimit: 30,
  },
];

const LIGHT: HistoryCampaignSpec[] = [
  { ...FULL[3]!, description: "A Luckin ¥10 voucher for the Shenzhen branch every Friday.", budgetUnit: "sz" },
  { ...FULL[2]!, perDay: weekdays(4), budgetUnit: "hq" },
];

export interface HistoryTenant {
  tenantId: string;
  adminId: string;
  /** Org unit ids by demo key. */
  units: Map<string, string>;
  /** SKU ids by demo slug. */
  skuIds: Map<string, string>;
  /** The first tenant gets the full history, the others a lighter one. */
  full: boolean;
  /** Budget periods already funded by the demo seed (YYYY-MM). */
  fundedPeriods: readonly string[];
}

interface Unit {
  id: string;
  tenantId: string;
  name: string;
  path: string[];
  parentId: string | null;
}

interface Member {
  id: string;
  orgUnitId: string;
  tier: string;
}

type SkuRow = Prisma.SkuGetPayload<{
  include: { benefit: { include: { category: true; brand: true } }; supplier: true };
}>;

interface Writes {
  entitlements: Prisma.EntitlementCreateManyInput[];
  /** Creating events first, then every later one: the outbox order analytics reads them in. */
  creatingEvents: Prisma.EntitlementEventCreateManyInput[];
  laterEvents: Prisma.EntitlementEventCreateManyInput[];
  campaignMembers: Prisma.CampaignMemberCreateManyInput[];
  reservations: Prisma.BudgetReservationCreateManyInput[];
  ledger: Prisma.BudgetLedgerEntryCreateManyInput[];
  budgetEvents: OutboxEventInput[];
  catalogEvents: OutboxEventInput[];
  /** Succeeded top-up orders, for the statement. */
  orders: HistoryOrder[];
  /** Balance changes per "unit|period". */
  balances: Map<string, { orgUnitId: string; period: string; available: bigint; reserved: bigint; committed: bigint }>;
}

export interface HistoryOrder {
  supplierId: string;
  productId: string;
  reference: string;
  skuId: string;
  amountFen: number;
  at: Date;
}

/** A seeded PRNG (mulberry32): the same history on every fresh start. */
function prng(seed: string): () => number {
  let a = createHash("sha256").update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Midnight in Asia/Shanghai, `daysAgo` days before `now`'s Shanghai day, as a UTC instant. */
function shanghaiDay(now: Date, daysAgo: number): Date {
  const local = Math.floor((now.getTime() + SHANGHAI) / DAY) * DAY;
  return new Date(local - daysAgo * DAY - SHANGHAI);
}

const periodOf = (at: Date) => at.toISOString().slice(0, 7);

/** Seeds one tenant's history; returns its succeeded top-up orders, for the supplier's statement (seedDemoStatement). */
export async function seedDemoHistory(db: PrismaClient, t: HistoryTenant, now = new Date()): Promise<HistoryOrder[]> {
  const random = prng(`history:${t.tenantId}`);
  const units = new Map(
    (
      await db.orgUnit.findMany({
        where: { tenantId: t.tenantId },
        select: { id: true, tenantId: true, name: true, path: true, parentId: true },
      })
    ).map((u) => [u.id, u as Unit]),
  );
  const members = await db.member.findMany({
    where: { tenantId: t.tenantId },
    select: { id: true, orgUnitId: true, tier: true },
    orderBy: { email: "asc" },
  });
  const writes: Writes = {
    entitlements: [],
    creatingEvents: [],
    laterEvents: [],
    campaignMembers: [],
    reservations: [],
    ledger: [],
    budgetEvents: [],
    catalogEvents: [],
    orders: [],
    balances: new Map(),
  };
  const specs = t.full ? FULL : LIGHT;
  fundPeriods(t, units, specs, now, writes);
  const campaigns: Prisma.CampaignCreateManyInput[] = [];
  const items: Prisma.CampaignItemCreateManyInput[] = [];
  for (const spec of specs) {
    const skus = await Promise.all(
      spec.items.map((i) =>
        db.sku.findUniqueOrThrow({
          where: { id: t.skuIds.get(i.sku)! },
          include: { benefit: { include: { category: true, brand: true } }, supplier: true },
        }),
      ),
    );
    const campaignId = randomUUID();
    const startsAt = shanghaiDay(now, spec.from);
    const endsAt = new Date(shanghaiDay(now, spec.to).getTime() + DAY - 1);
    const campaignItems = spec.items.map((item, position) => ({
      id: randomUUID(),
      campaignId,
      skuId: skus[position]!.id,
      benefitId: skus[position]!.benefitId,
      variant: item.variant ?? null,
      costFen: item.costFen,
      fulfilmentKind: skus[position]!.fulfilmentKind,
      validity: { kind: "DAYS_AFTER_CLAIM", validFrom: null, validUntil: null, validDays: spec.validDays },
      position,
      ...catalogFacts(skus[position]!),
    }));
    const campaign = {
      id: campaignId,
      tenantId: t.tenantId,
      name: spec.name,
      description: spec.description,
      kind: "SINGLE" as const,
      channel: spec.channel,
      state: "ENDED" as const,
      audience: { everyone: true },
      startsAt,
      endsAt,
      totalLimit: null,
      perMemberLimit: spec.perMemberLimit,
      issuedCount: 0,
      budgetOrgUnitId: t.units.get(spec.budgetUnit)!,
      budgetPeriod: periodOf(startsAt),
      createdBy: t.adminId,
      createdAt: new Date(startsAt.getTime() - 3 * DAY),
    };
    const issued = issueHistory(t, spec, campaign, campaignItems, skus, members, units, now, random, writes);
    campaigns.push({ ...campaign, issuedCount: issued });
    items.push(...campaignItems);
  }
  await write(db, t.tenantId, campaigns, items, writes);
  return writes.orders;
}

function catalogFacts(sku: SkuRow) {
  return {
    skuName: sku.name,
    benefitName: sku.benefit.name,
    faceValueFen: sku.faceValueFen,
    categoryId: sku.benefit.categoryId,
    categoryName: sku.benefit.category.name,
    brandId: sku.benefit.brandId,
    brandName: sku.benefit.brand?.name ?? null,
    supplierId: sku.supplierId,
    supplierName: sku.supplier?.name ?? null,
  };
}

/** The months the history spends in that the demo seed did not fund: the root is funded and hands part down. */
function fundPeriods(t: HistoryTenant, units: Map<string, Unit>, specs: HistoryCampaignSpec[], now: Date, w: Writes) {
  const periods = new Set(specs.map((s) => periodOf(shanghaiDay(now, s.from))));
  const root = [...units.values()].find((u) => u.parentId === null)!;
  for (const period of [...periods].filter((p) => !t.fundedPeriods.includes(p)).sort()) {
    const at = new Date(`${period}-01T01:00:00.000Z`);
    move(t.tenantId, w, { kind: "FUNDING", unit: root, period, amountFen: 50_000_000n, at });
    for (const child of [...units.values()].filter((u) => u.parentId !== null)) {
      const amountFen = child.parentId === root.id ? 15_000_000n : 4_000_000n;
      const parent = units.get(child.parentId!)!;
      move(t.tenantId, w, { kind: "ALLOCATION", unit: child, period, amountFen, at, from: parent });
    }
  }
}

interface Movement {
  kind: "FUNDING" | "ALLOCATION" | "RESERVE" | "COMMIT" | "RELEASE";
  unit: Unit;
  period: string;
  amountFen: bigint;
  at: Date;
  from?: Unit;
  reservationId?: string;
  reference?: string;
}

/** A budget movement as membership writes it: ledger entries, the event, and the balances they move. */
function move(tenantId: string, w: Writes, m: Movement) {
  const entry = (orgUnitId: string, deltas: ReturnType<typeof deltasOf>, counterpartId?: string) => {
    w.ledger.push({
      tenantId,
      orgUnitId,
      period: m.period,
      kind: m.kind,
      ...deltas,
      counterpartId: counterpartId ?? null,
      reservationId: m.reservationId ?? null,
      actorId: "seed",
      createdAt: m.at,
    });
    const key = `${orgUnitId}|${m.period}`;
    const b = w.balances.get(key) ?? { orgUnitId, period: m.period, available: 0n, reserved: 0n, committed: 0n };
    b.available += deltas.availableDeltaFen;
    b.reserved += deltas.reservedDeltaFen;
    b.committed += deltas.committedDeltaFen;
    w.balances.set(key, b);
  };
  if (m.kind === "ALLOCATION") {
    entry(m.from!.id, deltasOf("ALLOCATION", -m.amountFen), m.unit.id);
    entry(m.unit.id, deltasOf("ALLOCATION", m.amountFen), m.from!.id);
  } else {
    entry(m.unit.id, deltasOf(m.kind, m.amountFen));
  }
  w.budgetEvents.push({
    ...budgetEvent({
      kind: m.kind,
      tenantId,
      unit: m.unit,
      period: m.period,
      amountFen: m.amountFen,
      reservationId: m.reservationId ?? null,
      reference: m.reference ?? null,
      fromOrgUnitId: m.from?.id,
    }),
    occurredAt: m.at,
  });
}

interface Outcome {
  state: "REDEEMED" | "EXPIRED" | "REVOKED";
  at: Date;
  acceptedAt: Date | null;
}

/** What became of one entitlement issued at `issuedAt`: used, left to expire, or taken back. */
function outcomeOf(
  spec: HistoryCampaignSpec,
  item: ItemSpec,
  issuedAt: Date,
  now: Date,
  random: () => number,
): Outcome {
  const last = now.getTime() - HOUR;
  const expiresAt = issuedAt.getTime() + spec.validDays * DAY;
  const acceptedAt =
    spec.channel === "CLAIM" ? null : new Date(issuedAt.getTime() + Math.min(5 * DAY, random() * 3 * DAY) + HOUR);
  const from = (acceptedAt ?? issuedAt).getTime();
  if (random() < 0.02) return { state: "REVOKED", at: new Date(Math.min(last, from + DAY)), acceptedAt };
  const used = random() < item.redeemRate;
  const delay = spec.instant ? 2 * 60_000 + random() * 20 * 60_000 : -Math.log(1 - random()) * 3 * DAY;
  const redeemAt = from + delay;
  if (used && redeemAt < expiresAt) return { state: "REDEEMED", at: new Date(Math.min(last, redeemAt)), acceptedAt };
  // Unused: it expires, or (its expiry still ahead) it is counted as used by now, so nothing of the past stays open.
  if (expiresAt < last) return { state: "EXPIRED", at: new Date(expiresAt), acceptedAt };
  return { state: "REDEEMED", at: new Date(from + random() * (last - from)), acceptedAt };
}

const TERMINAL_EVENT = {
  REDEEMED: "entitlement.redeemed",
  EXPIRED: "entitlement.expired",
  REVOKED: "entitlement.revoked",
};

function issueHistory(
  t: HistoryTenant,
  spec: HistoryCampaignSpec,
  campaign: { id: string; name: string; budgetOrgUnitId: string; budgetPeriod: string },
  items: { id: string; variant: string | null }[],
  skus: SkuRow[],
  members: Member[],
  units: Map<string, Unit>,
  now: Date,
  random: () => number,
  w: Writes,
): number {
  const budgetUnit = units.get(campaign.budgetOrgUnitId)!;
  const eligible =
    spec.budgetUnit === "hq" ? members : members.filter((m) => units.get(m.orgUnitId)?.path.includes(budgetUnit.id));
  const perMember = new Map<string, number>();
  let issued = 0;
  for (let daysAgo = spec.from; daysAgo >= spec.to; daysAgo--) {
    const day = shanghaiDay(now, daysAgo);
    const weekday = new Date(day.getTime() + SHANGHAI).getUTCDay();
    const wanted = spec.perDay(weekday, random);
    const count = wanted < 0 ? eligible.length : Math.min(wanted, eligible.length);
    // A grant reaches everyone once; claims come from members in random order.
    const takers =
      wanted < 0 ? eligible : Array.from({ length: count }, () => eligible[Math.floor(random() * eligible.length)]!);
    for (const member of takers) {
      const variantIndex =
        items.length > 1 ? createHash("sha256").update(`${campaign.id}:${member.id}`).digest()[0]! % items.length : 0;
      const item = spec.items[variantIndex]!;
      const sku = skus[variantIndex]!;
      // Working hours in Shanghai: 09:00 to 19:00.
      const issuedAt = new Date(day.getTime() + 9 * HOUR + Math.floor(random() * 10 * HOUR));
      if (issuedAt.getTime() >= now.getTime() - 2 * HOUR) continue;
      if ((perMember.get(member.id) ?? 0) >= spec.perMemberLimit) continue;
      perMember.set(member.id, (perMember.get(member.id) ?? 0) + 1);
      issued++;
      issueOne(t, spec, campaign, items[variantIndex]!, item, sku, member, units, budgetUnit, issuedAt, now, random, w);
    }
  }
  for (const [memberId, n] of perMember) {
    const variant =
      items.length > 1
        ? items[createHash("sha256").update(`${campaign.id}:${memberId}`).digest()[0]! % items.length]!.variant
        : null;
    w.campaignMembers.push({ campaignId: campaign.id, memberId, issued: n, variant });
  }
  return issued;
}

function issueOne(
  t: HistoryTenant,
  spec: HistoryCampaignSpec,
  campaign: { id: string; name: string; budgetPeriod: string },
  campaignItem: { id: string; variant: string | null },
  item: ItemSpec,
  sku: SkuRow,
  member: Member,
  units: Map<string, Unit>,
  budgetUnit: Unit,
  issuedAt: Date,
  now: Date,
  random: () => number,
  w: Writes,
) {
  const id = randomUUID();
  const outcome = outcomeOf(spec, item, issuedAt, now, random);
  const unit = units.get(member.orgUnitId);
  const channel: FactsChannel = spec.channel;
  const facts = factsOf({
    channel,
    memberId: member.id,
    campaign: {
      id: campaign.id,
      name: campaign.name,
      kind: "SINGLE",
      totalLimit: null,
      packAllowanceFen: null,
      items: [],
    },
    variant: campaignItem.variant,
    catalog: { skuId: sku.id, ...catalogFacts(sku), benefitId: sku.benefitId },
    fulfilmentKind: sku.fulfilmentKind,
    member: unit ? { orgUnitId: unit.id, orgUnitName: unit.name, orgUnitPath: unit.path, tier: member.tier } : null,
    costFen: item.costFen,
  } as Parameters<typeof factsOf>[0]);
  const reservationId = randomUUID();
  const reference = `entitlements:campaign:${campaign.id}`;
  const cost = BigInt(item.costFen);
  const first = spec.channel === "CLAIM" ? "entitlement.claimed" : "entitlement.issued";
  const events: { type: string; payload: Record<string, unknown>; at: Date }[] = [
    {
      type: first,
      payload: {
        memberId: member.id,
        campaignId: campaign.id,
        benefitId: sku.benefitId,
        skuId: sku.id,
        variant: campaignItem.variant,
        costFen: item.costFen,
        reservationId,
        facts,
      },
      at: issuedAt,
    },
  ];
  if (outcome.acceptedAt && outcome.acceptedAt < outcome.at) {
    events.push({ type: "entitlement.accepted", payload: { memberId: member.id }, at: outcome.acceptedAt });
  }
  events.push({
    type: TERMINAL_EVENT[outcome.state],
    payload: outcome.state === "REDEEMED" ? { by: "member", costFen: item.costFen } : { costFen: item.costFen },
    at: outcome.at,
  });
  let prevHash: string | null = null;
  for (const [index, e] of events.entries()) {
    const link = {
      tenantId: t.tenantId,
      entitlementId: id,
      chainSeq: index + 1,
      type: e.type,
      payload: e.payload,
      occurredAt: e.at,
      prevHash,
    };
    const hash = linkHash(link);
    const row = { id: randomUUID(), ...link, payload: e.payload as Prisma.InputJsonValue, hash };
    (index === 0 ? w.creatingEvents : w.laterEvents).push(row);
    prevHash = hash;
  }
  const claimedAt =
    spec.channel === "CLAIM"
      ? issuedAt
      : outcome.acceptedAt && outcome.acceptedAt < outcome.at
        ? outcome.acceptedAt
        : null;
  w.entitlements.push({
    id,
    tenantId: t.tenantId,
    memberId: member.id,
    benefitId: sku.benefitId,
    skuId: sku.id,
    campaignId: campaign.id,
    campaignItemId: campaignItem.id,
    variant: campaignItem.variant,
    fulfilmentKind: sku.fulfilmentKind,
    state: outcome.state,
    costFen: item.costFen,
    reservationId,
    issuedAt,
    claimedAt,
    expiresAt: new Date(issuedAt.getTime() + spec.validDays * DAY),
    redeemedAt: outcome.state === "REDEEMED" ? outcome.at : null,
    redeemedBy: outcome.state === "REDEEMED" ? "member" : null,
    endedAt: outcome.at,
  });
  // The budget: held when issued, committed when used, released otherwise.
  const settled = outcome.state === "REDEEMED" ? "COMMITTED" : "RELEASED";
  w.reservations.push({
    id: reservationId,
    tenantId: t.tenantId,
    orgUnitId: budgetUnit.id,
    period: campaign.budgetPeriod,
    amountFen: cost,
    state: settled,
    idempotencyKey: `entitlements:issuance:history:${id}`,
    reference,
    createdAt: issuedAt,
    settledAt: outcome.at,
  });
  const common = { unit: budgetUnit, period: campaign.budgetPeriod, amountFen: cost, reservationId, reference };
  move(t.tenantId, w, { ...common, kind: "RESERVE", at: issuedAt });
  move(t.tenantId, w, { ...common, kind: outcome.state === "REDEEMED" ? "COMMIT" : "RELEASE", at: outcome.at });
  // A supplier's SKU used: the supplier fulfilled (a top-up) or issued (a code) it and bills it.
  if (outcome.state === "REDEEMED" && sku.supplierId && sku.supplier) {
    const reference = randomUUID();
    const supply = { supplierId: sku.supplierId, supplierName: sku.supplier.name, costPriceFen: sku.costPriceFen };
    const kind = sku.fulfilmentKind === "DIRECT_TOPUP" ? ("TOPUP" as const) : ("CARD_CODE" as const);
    const order = { tenantId: t.tenantId, reference, skuId: sku.id, entitlementId: id, quantity: 1, kind };
    const types =
      kind === "TOPUP" ? [SUPPLIER_EVENT.orderPlaced, SUPPLIER_EVENT.orderSucceeded] : [SUPPLIER_EVENT.codeAllocated];
    for (const type of types) {
      w.catalogEvents.push({ ...supplierOrderEvent(type, supply as never, order), occurredAt: outcome.at });
    }
    if (kind === "TOPUP") {
      w.orders.push({
        supplierId: sku.supplierId,
        productId: sku.supplierProductId ?? sku.id,
        reference,
        skuId: sku.id,
        amountFen: sku.costPriceFen,
        at: outcome.at,
      });
    }
  }
}

/**
 * The top-up supplier's statement for the last whole month of history, as it
 * billed it: every succeeded order, except one it left out, plus a line for
 * an order nobody placed, and one order billed at another amount.
 */
export async function seedDemoStatement(db: PrismaClient, orders: HistoryOrder[], now = new Date()): Promise<void> {
  const random = prng("history:statement");
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1) - SHANGHAI);
  const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - SHANGHAI);
  const inMonth = orders.filter((o) => o.at >= monthStart && o.at < monthEnd);
  const supplierId = inMonth[0]?.supplierId;
  const billed = inMonth.filter((o) => o.supplierId === supplierId);
  if (billed.length < 3) return;
  const statementId = randomUUID();
  const left = Math.floor(random() * billed.length);
  const lines = billed
    .filter((_, i) => i !== left)
    .map((o, i) => ({ ...o, amountFen: i === 1 ? o.amountFen + 100 : o.amountFen }));
  lines.push({ ...billed[0]!, reference: randomUUID(), at: new Date(monthEnd.getTime() - DAY) });
  await writeStatement(db, {
    id: statementId,
    supplierId: billed[0]!.supplierId,
    from: monthStart,
    to: monthEnd,
    lines: lines.map((l, i) => ({ lineNo: i + 1, ...l })),
  });
}

interface PlantedStatement {
  id: string;
  supplierId: string;
  from: Date;
  to: Date;
  lines: (HistoryOrder & { lineNo: number })[];
}

const CHUNK = 1_000;

async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

async function write(
  db: PrismaClient,
  tenantId: string,
  campaigns: Prisma.CampaignCreateManyInput[],
  items: Prisma.CampaignItemCreateManyInput[],
  w: Writes,
) {
  await db.$transaction(
    async (tx) => {
      await tx.campaign.createMany({ data: campaigns });
      await tx.campaignItem.createMany({ data: items });
      await inChunks(w.campaignMembers, (c) => tx.campaignMember.createMany({ data: c }));
      await inChunks(w.entitlements, (c) => tx.entitlement.createMany({ data: c }));
      await inChunks(w.creatingEvents, (c) => tx.entitlementEvent.createMany({ data: c }));
      await inChunks(w.laterEvents, (c) => tx.entitlementEvent.createMany({ data: c }));
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
  await db.$transaction(
    async (tx) => {
      await inChunks(w.reservations, (c) => tx.budgetReservation.createMany({ data: c }));
      await inChunks(w.ledger, (c) => tx.budgetLedgerEntry.createMany({ data: c }));
      for (const b of w.balances.values()) {
        const key = { tenantId, orgUnitId: b.orgUnitId, period: b.period };
        await tx.budgetAccount.upsert({
          where: { tenantId_orgUnitId_period: key },
          create: { ...key, availableFen: b.available, reservedFen: b.reserved, committedFen: b.committed },
          update: {
            availableFen: { increment: b.available },
            reservedFen: { increment: b.reserved },
            committedFen: { increment: b.committed },
          },
        });
      }
      await inChunks(w.budgetEvents, (c) => appendOutboxEvents(tx, "membership", c));
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
  await db.$transaction(
    async (tx) => {
      await inChunks(w.catalogEvents, (c) => appendOutboxEvents(tx, "catalog", c));
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}

async function writeStatement(db: PrismaClient, s: PlantedStatement) {
  await db.$transaction(
    async (tx) => {
      const totalFen = s.lines.reduce((sum, l) => sum + BigInt(l.amountFen), 0n);
      await tx.settlementStatement.create({
        data: {
          id: s.id,
          supplierId: s.supplierId,
          periodFrom: s.from,
          periodTo: s.to,
          lineCount: s.lines.length,
          totalFen,
          importedBy: "seed",
          importedAt: s.to,
          lines: {
            createMany: {
              data: s.lines.map((l) => ({
                lineNo: l.lineNo,
                supplierId: s.supplierId,
                reference: l.reference,
                productId: l.productId,
                skuId: l.skuId,
                quantity: 1,
                amountFen: BigInt(l.amountFen),
                billedAt: l.at,
              })),
            },
          },
        },
      });
      await appendOutboxEvents(
        tx,
        "catalog",
        s.lines.map((l) => ({
          ...statementLineEvent({
            supplierId: s.supplierId,
            statementId: s.id,
            from: s.from.toISOString(),
            to: s.to.toISOString(),
            reference: l.reference,
            productId: l.productId,
            skuId: l.skuId,
            quantity: 1,
            amountFen: l.amountFen,
            billedAt: l.at.toISOString(),
          }),
          occurredAt: s.to,
        })),
      );
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}
