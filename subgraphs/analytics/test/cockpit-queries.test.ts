// The cockpit's queries against a real database, the rollups filled from a
// seeded event list through the consumers' own folds: every figure equals a
// count taken straight from the event list; scopes (unit manager, another
// tenant, operator) hold; A/B names a winner only when it should; the planted
// reconciliation is found; budget burn adds up; bad filters are refused.
import { randomUUID } from "node:crypto";
import type { Identity } from "@benefits-hub/platform";
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@benefits-hub/platform/testing/database";
import type { RemoteEvent } from "../src/consumers/outbox-client";
import { SOURCES, type SourceName } from "../src/consumers/sources";
import { createCockpitServices, type CockpitServices } from "../src/domain/cockpit";
import { buildWorld, countsFor, directCount, one, shanghaiDayOf, type Expected, type World } from "./cockpit-fixtures";

let database: TestDatabase;
let db: PrismaClient;
let cockpit: CockpitServices;
let world: World;
let viewers: Record<"adminA" | "managerA1" | "adminB" | "operator" | "member", Identity>;

const NOV = { from: "2026-11-01", to: "2026-11-30" };
const OCT = { from: "2026-10-02", to: "2026-10-31" };

async function fold(source: SourceName, events: RemoteEvent[]) {
  for (let i = 0; i < events.length; i += 400) {
    await db.$transaction((tx) => SOURCES[source].fold(tx, "analytics", events.slice(i, i + 400)));
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrisma({ url: database.url, poolSize: 4 });
  cockpit = createCockpitServices(db);
  world = buildWorld();
  await fold("membership", world.log.membership);
  await fold("entitlements", world.log.entitlements);
  await fold("catalog", world.log.catalog);
  const member = (
    tenantId: string,
    role: "TENANT_ADMIN" | "UNIT_MANAGER" | "PLATFORM_OPERATOR" | "MEMBER",
    unit: string,
  ) => ({ kind: "member", memberId: randomUUID(), tenantId, role, orgUnitId: unit }) as Identity;
  const { RA, A1, RB } = world.units;
  viewers = {
    adminA: member(world.tenantA, "TENANT_ADMIN", RA.id),
    managerA1: member(world.tenantA, "UNIT_MANAGER", A1.id),
    adminB: member(world.tenantB, "TENANT_ADMIN", RB.id),
    operator: member(randomUUID(), "PLATFORM_OPERATOR", randomUUID()),
    member: member(world.tenantA, "MEMBER", A1.id),
  };
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const inTenant = (tenantId: string) => (f: { tenantId: string }) => f.tenantId === tenantId;
const inSubtree = (unitId: string) => (f: { tenantId: string; orgPath: string[] }) => f.orgPath.includes(unitId);
const count = (range: { from: string; to: string }, keep: Parameters<typeof directCount>[3]) =>
  one(directCount(world.log, range.from, range.to, keep));

/** The overview's figures for an expectation (current period only). */
const overviewFigures = (x: Expected) => ({
  issued: x.issued,
  claimed: x.claimed,
  redeemed: x.redeemed,
  expired: x.expired,
  revoked: x.revoked,
  cost: Number(x.cost),
  faceValue: Number(x.faceValue),
  activeMembers: x.members.size,
});
const currentOf = (o: Awaited<ReturnType<CockpitServices["overview"]["overview"]>>) => ({
  issued: o.issued.current,
  claimed: o.claimed.current,
  redeemed: o.redeemed.current,
  expired: o.expired.current,
  revoked: o.revoked.current,
  cost: o.cost.current,
  faceValue: o.faceValue.current,
  activeMembers: o.activeMembers.current,
});

test("a seeded month: the overview's counts, rates and money equal a count straight from the events", async () => {
  const expected = count(NOV, inTenant(world.tenantA));
  const previous = count(OCT, inTenant(world.tenantA));
  expect(expected.issued).toBeGreaterThan(300);
  expect(expected.redeemed).toBeGreaterThan(100);
  expect(expected.expired + expected.revoked).toBeGreaterThan(10);
  const overview = await cockpit.overview.overview(viewers.adminA, NOV);
  expect({ from: overview.previousFrom, to: overview.previousTo }).toEqual(OCT);
  expect(currentOf(overview)).toEqual(overviewFigures(expected));
  expect(overview.issued.previous).toBe(previous.issued);
  expect(overview.redeemed.previous).toBe(previous.redeemed);
  expect(overview.cost.previous).toBe(Number(previous.cost));
  expect(overview.activeMembers.previous).toBe(previous.members.size);
  expect(overview.redemptionRate.current).toBeCloseTo(expected.redeemed / expected.issued, 12);
  // change = (current - previous) / previous.
  expect(overview.issued.change).toBeCloseTo((expected.issued - previous.issued) / previous.issued, 12);
  expect(overview.redemptionRate.change).toBeCloseTo(
    (expected.redeemed / expected.issued - previous.redeemed / previous.issued) / (previous.redeemed / previous.issued),
    12,
  );
});

test("previous-period change: the period of the same length just before, null change when it had nothing", async () => {
  const range = { from: "2026-11-16", to: "2026-11-30" };
  const before = { from: "2026-11-01", to: "2026-11-15" };
  const o = await cockpit.overview.overview(viewers.adminA, range);
  expect([o.previousFrom, o.previousTo]).toEqual([before.from, before.to]);
  const [cur, prev] = [count(range, inTenant(world.tenantA)), count(before, inTenant(world.tenantA))];
  expect(o.claimed).toEqual({
    current: cur.claimed,
    previous: prev.claimed,
    change: (cur.claimed - prev.claimed) / prev.claimed,
  });
  // Nothing happened in August: every change is null, not Infinity.
  const early = await cockpit.overview.overview(viewers.adminA, { from: "2026-09-01", to: "2026-10-10" });
  expect(early.issued.previous).toBe(0);
  expect(early.issued.change).toBeNull();
  expect(early.issued.current).toBe(count({ from: "2026-09-01", to: "2026-10-10" }, inTenant(world.tenantA)).issued);
});

test("time series per day, week (Monday) and month equal the direct counts of each bucket", async () => {
  const perDay = directCount(world.log, NOV.from, NOV.to, inTenant(world.tenantA), (_f, day) => day);
  const days = await cockpit.overview.timeSeries(viewers.adminA, NOV, "DAY");
  expect(days).toHaveLength(30);
  for (const point of days) {
    const x = perDay.get(point.period);
    expect([point.period, point.counts.issued, point.counts.redeemed, point.counts.cost]).toEqual([
      point.period,
      x?.issued ?? 0,
      x?.redeemed ?? 0,
      x?.cost ?? 0n,
    ]);
  }
  const weeks = await cockpit.overview.timeSeries(viewers.adminA, NOV, "WEEK");
  // 2026-11-01 is a Sunday: its week starts on Monday 26 October.
  expect(weeks.map((w) => w.period)).toEqual([
    "2026-10-26",
    "2026-11-02",
    "2026-11-09",
    "2026-11-16",
    "2026-11-23",
    "2026-11-30",
  ]);
  const monday = (day: string) => {
    const d = new Date(`${day}T00:00:00Z`);
    return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000).toISOString().slice(0, 10);
  };
  const perWeek = directCount(world.log, NOV.from, NOV.to, inTenant(world.tenantA), (_f, day) => monday(day));
  for (const w of weeks) expect(w.counts).toEqual(countsFor(perWeek.get(w.period)!));
  const months = await cockpit.overview.timeSeries(viewers.adminA, { from: "2026-10-02", to: "2026-11-30" }, "MONTH");
  expect(months.map((m) => m.period)).toEqual(["2026-10-01", "2026-11-01"]);
  expect(months[1]!.counts).toEqual(countsFor(count(NOV, inTenant(world.tenantA))));
});

test("funnel and breakdowns (every dimension, sorted, paged, labelled) equal the direct counts", async () => {
  const x = count(NOV, inTenant(world.tenantA));
  expect(await cockpit.overview.funnel(viewers.adminA, NOV)).toEqual({
    issued: x.issued,
    claimed: x.claimed,
    redeemed: x.redeemed,
    claimRate: x.claimed / x.issued,
    redemptionRate: x.redeemed / x.claimed,
    overallRate: x.redeemed / x.issued,
  });
  const groups: Record<string, (f: any, day: string) => string> = {
    CAMPAIGN: (f) => f.campaignId ?? "00000000-0000-0000-0000-000000000000",
    CHANNEL: (f) => f.channel,
    ORG_UNIT: (f) => f.orgUnitId,
    TIER: (f) => f.tier ?? "",
    VARIANT: (f) => f.variant ?? "",
    SKU: (f) => f.skuId,
    DAY: (_f, day) => day,
  };
  for (const [dimension, group] of Object.entries(groups)) {
    const expected = directCount(world.log, NOV.from, NOV.to, inTenant(world.tenantA), group);
    const b = await cockpit.breakdown.breakdown(viewers.adminA, NOV, { dimension, first: 500 });
    // Groups whose only events count nothing (a transfer out) have no rollup row.
    const counted = [...expected].filter(([, v]) => v.issued + v.claimed + v.redeemed + v.expired + v.revoked > 0);
    expect(b.totalRows).toBe(counted.length);
    expect(b.totals).toEqual(countsFor(count(NOV, inTenant(world.tenantA))));
    expect(Object.fromEntries(b.rows.map((r) => [r.key, r.counts]))).toEqual(
      Object.fromEntries(counted.map(([k, v]) => [k, countsFor(v)])),
    );
  }
  // Sorted by a metric, a page of it, labels as the events named them.
  const byRedeemed = await cockpit.breakdown.breakdown(viewers.adminA, NOV, {
    dimension: "CAMPAIGN",
    sortBy: "REDEEMED",
    direction: "DESC",
    first: 2,
    offset: 1,
  });
  const all = await cockpit.breakdown.breakdown(viewers.adminA, NOV, {
    dimension: "CAMPAIGN",
    sortBy: "REDEEMED",
    first: 500,
  });
  expect(all.rows.map((r) => r.counts.redeemed)).toEqual(
    [...all.rows.map((r) => r.counts.redeemed)].sort((a, b) => b - a),
  );
  expect(byRedeemed.rows).toEqual(all.rows.slice(1, 3));
  const labels = Object.fromEntries(all.rows.map((r) => [r.key, r.label]));
  expect(labels[world.campaigns.C4.id]).toBe("Clear A/B");
  expect(labels["00000000-0000-0000-0000-000000000000"]).toBe("(none)");
  const units = await cockpit.breakdown.breakdown(viewers.adminA, NOV, {
    dimension: "ORG_UNIT",
    sortBy: "REDEMPTION_RATE",
    direction: "ASC",
  });
  expect(units.rows.find((r) => r.key === world.units.A1a.id)?.label).toBe("研发 R&D");
  const rates = units.rows.map((r) => r.counts.redemptionRate);
  expect(rates).toEqual([...rates].sort((a, b) => a - b));
});

test("filters narrow to what they name: channels, campaigns, tiers, org units with their subtree", async () => {
  const cases: [object, (f: any) => boolean][] = [
    [{ channels: ["GRANT"] }, (f) => f.channel === "GRANT"],
    [
      { campaignIds: [world.campaigns.C1.id, world.campaigns.C4.id] },
      (f) => [world.campaigns.C1.id, world.campaigns.C4.id].includes(f.campaignId),
    ],
    [{ tiers: ["gold"] }, (f) => f.tier === "gold"],
    [{ orgUnitIds: [world.units.A1.id] }, (f) => f.orgPath.includes(world.units.A1.id)],
    [
      { variants: ["B"], campaignIds: [world.campaigns.C4.id] },
      (f) => f.variant === "B" && f.campaignId === world.campaigns.C4.id,
    ],
    [{ skuIds: [world.supplier.sku.skuId] }, (f) => f.skuId === world.supplier.sku.skuId],
  ];
  for (const [narrow, keep] of cases) {
    const x = count(NOV, (f) => f.tenantId === world.tenantA && keep(f));
    expect(x.issued).toBeGreaterThan(0);
    const o = await cockpit.overview.overview(viewers.adminA, { ...NOV, ...narrow });
    const { activeMembers: _ignored, ...figures } = currentOf(o);
    const { activeMembers: _also, ...wanted } = overviewFigures(x);
    expect(figures).toEqual(wanted);
  }
});

test("a unit manager sees their subtree only; a unit outside it answers nothing", async () => {
  const { A1, A2, RA } = world.units;
  const x = count(NOV, (f) => f.tenantId === world.tenantA && inSubtree(A1.id)(f));
  expect(x.issued).toBeGreaterThan(0);
  expect(x.issued).toBeLessThan(count(NOV, inTenant(world.tenantA)).issued);
  expect(currentOf(await cockpit.overview.overview(viewers.managerA1, NOV))).toEqual(overviewFigures(x));
  const units = await cockpit.breakdown.breakdown(viewers.managerA1, NOV, { dimension: "ORG_UNIT" });
  expect(units.rows.map((r) => r.key).sort()).toEqual([A1.id, world.units.A1a.id].sort());
  for (const outside of [A2.id, RA.id]) {
    const o = await cockpit.overview.overview(viewers.managerA1, { ...NOV, orgUnitIds: [outside] });
    // RA contains A1: naming it still answers only the manager's own subtree.
    if (outside === RA.id) expect(currentOf(o)).toEqual(overviewFigures(x));
    else expect(o.issued.current + o.redeemed.current + o.activeMembers.current).toBe(0);
  }
  const report = await cockpit.campaigns.report(viewers.managerA1, world.campaigns.C4.id);
  const c4InA1 = count(NOV, (f) => f.campaignId === world.campaigns.C4.id && inSubtree(A1.id)(f));
  expect(report?.counts.issued).toBe(c4InA1.issued);
  expect((await cockpit.budgets.burn(viewers.managerA1, "2026-11", RA.id)).length).toBe(0);
  expect((await cockpit.budgets.burn(viewers.managerA1, "2026-11")).map((b) => b.orgUnitId)).toEqual([
    A1.id,
    world.units.A1a.id,
  ]);
});

test("another tenant's admin sees nothing of tenant A, whatever ids they name", async () => {
  const { tenantA, tenantB, campaigns, units } = world;
  const own = count(NOV, inTenant(tenantB));
  expect(own.issued).toBeGreaterThan(0);
  expect(currentOf(await cockpit.overview.overview(viewers.adminB, NOV))).toEqual(overviewFigures(own));
  const probes: { tenantIds?: string[]; campaignIds?: string[]; orgUnitIds?: string[] }[] = [
    { tenantIds: [tenantA] },
    { campaignIds: [campaigns.C4.id] },
    { orgUnitIds: [units.RA.id] },
    { tenantIds: [tenantA, tenantB], campaignIds: [campaigns.C1.id] },
  ];
  for (const probe of probes) {
    const filter = { ...NOV, ...probe };
    const o = await cockpit.overview.overview(viewers.adminB, filter);
    expect([o.issued.current, o.redeemed.current, o.cost.current]).toEqual([0, 0, 0]);
    // Active members narrow by tenant, days and org units only: a campaign filter leaves B's own members.
    const narrowsScope = "orgUnitIds" in probe || (probe.tenantIds !== undefined && !probe.tenantIds.includes(tenantB));
    expect(o.activeMembers.current).toBe(narrowsScope ? 0 : own.members.size);
    expect((await cockpit.breakdown.breakdown(viewers.adminB, filter, { dimension: "CAMPAIGN" })).rows).toEqual([]);
    expect((await cockpit.overview.funnel(viewers.adminB, filter)).issued).toBe(0);
    const series = await cockpit.overview.timeSeries(viewers.adminB, filter, "WEEK");
    expect(series.every((p) => p.counts.issued === 0)).toBe(true);
  }
  expect(await cockpit.campaigns.report(viewers.adminB, campaigns.C4.id)).toBeNull();
  expect(await cockpit.budgets.burn(viewers.adminB, "2026-11", units.RA.id)).toEqual([]);
  const recon = await cockpit.reconciliation.reconcile(viewers.adminB, { ...NOV, tenantId: tenantA });
  expect([recon.orders, recon.statementLines, recon.mismatches.length]).toEqual([0, 0, 0]);
  // A member (the shield refuses them before this) gets nothing from the services either.
  expect((await cockpit.overview.overview(viewers.member, NOV)).issued.current).toBe(0);
});

test("a platform operator sees every tenant, or those the filter names", async () => {
  const both = count(NOV, () => true);
  expect(currentOf(await cockpit.overview.overview(viewers.operator, NOV))).toEqual(overviewFigures(both));
  const onlyB = count(NOV, inTenant(world.tenantB));
  expect(currentOf(await cockpit.overview.overview(viewers.operator, { ...NOV, tenantIds: [world.tenantB] }))).toEqual(
    overviewFigures(onlyB),
  );
  expect((await cockpit.campaigns.report(viewers.operator, world.campaigns.CB.id))?.name).toBe("Harbour claim");
});

test("campaign report: counts, budget used against planned, cost per redemption, ROI", async () => {
  const c4 = world.campaigns.C4;
  const report = (await cockpit.campaigns.report(viewers.adminA, c4.id))!;
  const x = count({ from: "2026-01-01", to: "2026-12-31" }, (f) => f.campaignId === c4.id);
  expect(report.counts).toEqual(countsFor(x));
  expect(report.plannedBudget).toBe(2_000_000n);
  // Budget used: the cost of its entitlements neither expired nor revoked (none of C4's were).
  expect(report.budgetUsed).toBe(x.issuedCost);
  expect(report.budgetUsedRatio).toBeCloseTo(Number(x.issuedCost) / 2_000_000, 12);
  expect(report.costPerRedemption).toBe((x.cost + BigInt(x.redeemed) / 2n) / BigInt(x.redeemed));
  expect(report.roi).toBeCloseTo(Number(x.faceValue - x.cost) / Number(x.cost), 12);
  const series = await cockpit.campaigns.series(report, "DAY");
  expect(series.reduce((n, p) => n + p.counts.issued, 0)).toBe(x.issued);
  expect(series[0]!.period).toBe(
    shanghaiDayOf(
      world.log.entitlements.find((e) => world.log.facts.get(e.entitlementId!)!.campaignId === c4.id)!.occurredAt,
    ),
  );
  // C1 (expiries and revocations among them) holds less than it issued; it has no variants.
  const c1 = (await cockpit.campaigns.report(viewers.adminA, world.campaigns.C1.id, {
    from: "2026-11-01",
    to: "2026-11-30",
  }))!;
  expect(c1.abTest).toBeNull();
  expect(c1.budgetUsed).toBeLessThan(c1.counts.issuedCost);
  expect(await cockpit.campaigns.report(viewers.adminA, randomUUID())).toBeNull();
});

test("A/B: no winner on equal data, the right winner on clearly different data", async () => {
  const equal = (await cockpit.campaigns.report(viewers.adminA, world.campaigns.C2.id))!.abTest!;
  expect(equal.variants.map((v) => [v.variant, v.issued, v.redeemed])).toEqual([
    ["A", 120, 60],
    ["B", 120, 60],
  ]);
  expect(equal).toMatchObject({ zScore: 0, pValue: 1, significant: false, winner: null, confidence: 0.95 });
  expect(equal.variants[0]!.rateLow).toBeLessThan(0.5);
  expect(equal.variants[0]!.rateHigh).toBeGreaterThan(0.5);

  const clear = (await cockpit.campaigns.report(viewers.adminA, world.campaigns.C4.id))!.abTest!;
  expect(clear.variants.map((v) => [v.variant, v.issued, v.redeemed])).toEqual([
    ["A", 150, 105],
    ["B", 150, 45],
    ["C", 40, 10],
  ]);
  // The two best rates are A (0.7) and B (0.3); pooled p = 0.5, se = sqrt(0.25 * 2/150).
  expect(clear.zScore).toBeCloseTo(0.4 / Math.sqrt(0.25 * (2 / 150)), 9);
  expect(clear.pValue!).toBeLessThan(1e-10);
  expect(clear).toMatchObject({ significant: true, winner: "A" });
  const a = clear.variants[0]!;
  expect(a.rateLow).toBeLessThan(0.7);
  expect(a.rateHigh).toBeGreaterThan(0.7);
  expect(a.costPerRedemption).toBe(1000n);
});

test("reconciliation finds the planted missing, extra and mismatched lines, and the entitlement gaps", async () => {
  const { supplier, recon, tenantA, tenantB } = world;
  const mine = await cockpit.reconciliation.reconcile(viewers.adminA, { ...NOV, supplierId: supplier.id });
  expect({
    statementLines: mine.statementLines,
    statementTotal: mine.statementTotal,
    orders: mine.orders,
    ordersTotal: mine.ordersTotal,
    matched: mine.matched,
    entitlementsIssued: mine.entitlementsIssued,
    entitlementsRedeemed: mine.entitlementsRedeemed,
  }).toEqual({
    statementLines: 3,
    statementTotal: 8600n,
    orders: 4,
    ordersTotal: 11200n,
    matched: 2,
    entitlementsIssued: 4,
    entitlementsRedeemed: 4,
  });
  expect(mine.mismatches.map((m) => [m.kind, m.reference, m.entitlementId])).toEqual([
    ["AMOUNT_MISMATCH", "R-2", recon.e[1]],
    ["ENTITLEMENT_WITHOUT_ORDER", "", recon.e[3]],
    ["MISSING_IN_STATEMENT", "R-3", recon.e[2]],
    ["ORDER_WITHOUT_ENTITLEMENT", "R-5", expect.any(String)],
  ]);
  const mismatch = mine.mismatches[0]!;
  expect([mismatch.statementAmount, mismatch.orderAmount]).toEqual([3000n, 2800n]);
  expect(mismatch.detail).toBe("Billed 1 for 3000 fen; our order was 1 for 2800 fen");
  // The operator sees the line nobody ordered, and tenant B's order billed twice.
  const all = await cockpit.reconciliation.reconcile(viewers.operator, NOV);
  expect(all.mismatches.map((m) => [m.kind, m.reference])).toEqual([
    ["AMOUNT_MISMATCH", "R-2"],
    ["AMOUNT_MISMATCH", "R-B1"],
    ["ENTITLEMENT_WITHOUT_ORDER", ""],
    ["EXTRA_IN_STATEMENT", "R-X"],
    ["MISSING_IN_STATEMENT", "R-3"],
    ["ORDER_WITHOUT_ENTITLEMENT", "R-5"],
  ]);
  expect([all.statementLines, all.orders, all.matched]).toEqual([6, 5, 2]);
  const onlyB = await cockpit.reconciliation.reconcile(viewers.operator, { ...NOV, tenantId: tenantB });
  expect([onlyB.statementLines, onlyB.orders, onlyB.matched]).toEqual([2, 1, 0]);
  expect(onlyB.mismatches.map((m) => m.detail)).toEqual([
    "Billed 2 for 5600 fen on 2 lines; our order was 1 for 2800 fen",
  ]);
  const forA = await cockpit.reconciliation.reconcile(viewers.operator, { ...NOV, tenantId: tenantA });
  expect(forA.mismatches).toEqual(mine.mismatches);
  // A unit manager has no reconciliation (the shield refuses them; the service answers nothing).
  expect((await cockpit.reconciliation.reconcile(viewers.managerA1, NOV)).orders).toBe(0);
});

test("budget burn: allocated, reserved, committed, released, remaining and the burn against time", async () => {
  const { RA, A1, A2 } = world.units;
  const burns = await cockpit.budgets.burn(viewers.adminA, "2026-11");
  expect(burns[0]!.orgUnitName).toBe("总部 HQ");
  expect(burns.map((b) => b.orgUnitId).sort()).toEqual([RA.id, A1.id, A2.id].sort());
  const [ra, a1] = [burns[0], burns.find((b) => b.orgUnitId === A1.id)];
  expect(ra).toMatchObject({ orgUnitId: RA.id, allocated: 100_000n, allocatedOut: 40_000n, remaining: 60_000n });
  expect(a1).toMatchObject({
    orgUnitId: A1.id,
    allocated: 40_000n,
    allocatedOut: 0n,
    reserved: 6_000n,
    committed: 3_000n,
    released: 2_000n,
    // 40,000 - 3,000 committed - 1,000 still held.
    remaining: 36_000n,
  });
  expect(burns.find((b) => b.orgUnitId === A2.id)).toMatchObject({ allocated: 0n, remaining: 0n });
  expect(a1!.burn).toHaveLength(30);
  expect(a1!.burn[5]).toEqual({
    day: "2026-11-06",
    committed: 3_000n,
    cumulativeCommitted: 3_000n,
    burnRatio: 3_000 / 40_000,
    elapsedRatio: 6 / 30,
  });
  expect(a1!.burn[29]).toMatchObject({ cumulativeCommitted: 3_000n, elapsedRatio: 1 });
  const one = await cockpit.budgets.burn(viewers.adminA, "2026-11", A1.id);
  expect(one.map((b) => b.orgUnitId)).toEqual([A1.id, world.units.A1a.id]);
  expect(await cockpit.budgets.burn(viewers.adminA, "2026-10", A1.id)).toMatchObject([
    { allocated: 0n, burn: expect.any(Array) },
    {},
  ]);
});

test("bad filters and arguments are refused with BAD_USER_INPUT naming the field, nothing read", async () => {
  const refusals: [string, () => Promise<unknown>][] = [
    ["filter.from", () => cockpit.overview.overview(viewers.adminA, { from: "2026-02-30", to: "2026-03-01" })],
    ["filter.to", () => cockpit.overview.overview(viewers.adminA, { from: "2026-11-01", to: "30/11/2026" })],
    ["filter.from", () => cockpit.overview.overview(viewers.adminA, { from: "2026-12-01", to: "2026-11-01" })],
    ["filter.to", () => cockpit.overview.overview(viewers.adminA, { from: "2024-11-01", to: "2026-11-01" })],
    ["filter.campaignIds", () => cockpit.overview.funnel(viewers.adminA, { ...NOV, campaignIds: ["c1"] })],
    ["filter.channels", () => cockpit.overview.funnel(viewers.adminA, { ...NOV, channels: ["MAIL"] })],
    ["granularity", () => cockpit.overview.timeSeries(viewers.adminA, NOV, "HOUR")],
    ["first", () => cockpit.breakdown.breakdown(viewers.adminA, NOV, { dimension: "SKU", first: 501 })],
    ["offset", () => cockpit.breakdown.breakdown(viewers.adminA, NOV, { dimension: "SKU", offset: -1 })],
    ["dimension", () => cockpit.breakdown.breakdown(viewers.adminA, NOV, { dimension: "COLOUR" })],
    ["period", () => cockpit.budgets.burn(viewers.adminA, "2026-13")],
    ["from", () => cockpit.campaigns.report(viewers.adminA, world.campaigns.C4.id, { from: "yesterday" })],
    ["supplierId", () => cockpit.reconciliation.reconcile(viewers.adminA, { ...NOV, supplierId: "acme" })],
  ];
  for (const [field, call] of refusals) {
    await expect(call()).rejects.toMatchObject({ extensions: { code: "BAD_USER_INPUT", field } });
  }
  // Two years is the limit: one day less is accepted.
  await expect(
    cockpit.overview.overview(viewers.adminA, { from: "2024-11-02", to: "2026-11-01" }),
  ).resolves.toBeTruthy();
});
