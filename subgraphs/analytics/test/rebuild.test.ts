// The rebuild check (npm run analytics:check): every folded table rebuilt from
// the three outboxes into a shadow schema and compared with the live tables.
// No difference after the consumers folded the same events; a planted
// difference is found and listed; --rebuild replaces the live tables while the
// consumers keep running, and they carry on from the rebuilt checkpoints.
// Also what the membership and catalog folds make of their events.
import { randomUUID } from "node:crypto";
import { appendOutboxEvents, createInProcessPubSub, createLogger } from "@benefits-hub/platform";
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@benefits-hub/platform/testing/database";
import { formatReport } from "../../../scripts/analytics-rebuild";
import type { OutboxFeed } from "../src/consumers/outbox-client";
import { OutboxConsumer } from "../src/consumers/outbox-consumer";
import { rebuildAnalytics } from "../src/consumers/rebuild";
import { SOURCES, SOURCE_NAMES, type SourceName } from "../src/consumers/sources";
import { created, directFeed, lifecycle, settle, writeEventRows, type Dims } from "./support";

let database: TestDatabase;
let db: PrismaClient;
let feeds: Record<SourceName, OutboxFeed>;
let consumers: OutboxConsumer[];
const pubsub = createInProcessPubSub();
const log = createLogger("test", "silent");

const tenantId = randomUUID();
const root = randomUUID();
const sales = randomUUID();
const supplierId = randomUUID();

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrisma({ url: database.url, poolSize: 5 });
  feeds = {
    entitlements: directFeed(db, TABLES.entitlements),
    membership: directFeed(db, TABLES.membership),
    catalog: directFeed(db, TABLES.catalog),
  };
  consumers = SOURCE_NAMES.map(
    (name) => new OutboxConsumer({ source: SOURCES[name], feed: feeds[name], db, pubsub, log, pollMs: 50 }),
  );
}, 120_000);
afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await db?.$disconnect();
  await database?.drop();
});

const TABLES: Record<SourceName, string> = {
  entitlements: "entitlements.entitlement_event",
  membership: "membership.outbox_event",
  catalog: "catalog.outbox_event",
};

async function drainAll() {
  for (const [i, name] of SOURCE_NAMES.entries()) await settle(consumers[i]!, db, TABLES[name]);
}

/** A day's activity in every source: entitlements, the budget ledger and the org tree, supplier orders and a statement. */
async function activity(day: string, n: number) {
  const d: Dims = {
    campaignId: randomUUID(),
    variant: "B",
    benefitId: randomUUID(),
    skuId: randomUUID(),
    orgUnitId: sales,
    channel: "CLAIM",
    tier: "GOLD",
    costFen: 1200,
    faceValueFen: 2000,
  };
  const at = new Date(`${day}T10:00:00+08:00`);
  const made = Array.from({ length: n }, (_, i) =>
    created(tenantId, "entitlement.claimed", randomUUID(), d, new Date(at.getTime() + i), [root, sales]),
  );
  await writeEventRows(db, [...made, ...made.slice(0, n / 2).map((e) => lifecycle(e, "entitlement.redeemed", at))]);
  const ledger = (type: string, amountFen: number, extra: object = {}) => ({
    tenantId,
    type,
    occurredAt: at,
    payload: {
      orgUnitId: sales,
      orgUnitName: "Sales",
      orgPath: [root, sales],
      period: day.slice(0, 7),
      amountFen,
      reservationId: null,
      reference: null,
      ...extra,
    },
  });
  await db.$transaction((tx) =>
    appendOutboxEvents(tx, "membership", [
      {
        tenantId,
        type: "org.unit_changed",
        occurredAt: at,
        payload: { orgUnitId: root, name: "HQ", parentId: null, orgPath: [root] },
      },
      {
        tenantId,
        type: "org.unit_changed",
        // Renamed an hour after the claims (which name it as they saw it): the later name wins.
        occurredAt: new Date(at.getTime() + 3_600_000),
        payload: { orgUnitId: sales, name: `Sales ${day}`, parentId: root, orgPath: [root, sales] },
      },
      ledger("budget.funded", 1_000_000, { orgUnitId: root, orgPath: [root], orgUnitName: "HQ" }),
      ledger("budget.allocated", 400_000, { fromOrgUnitId: root, toOrgUnitId: sales }),
      ledger("budget.reserved", 12_000),
      ledger("budget.committed", 6_000),
      ledger("budget.released", 6_000),
    ]),
  );
  const order = (type: string, reference: string) => ({
    tenantId,
    type,
    occurredAt: at,
    payload: {
      supplierId,
      supplierName: "Acme",
      reference,
      skuId: d.skuId,
      entitlementId: made[0]!.entitlementId,
      quantity: 1,
      amountFen: 1100,
      kind: "TOPUP",
    },
  });
  await db.$transaction((tx) =>
    appendOutboxEvents(tx, "catalog", [
      order("supplier.order_placed", `o-${day}-1`),
      order("supplier.order_succeeded", `o-${day}-1`),
      order("supplier.order_placed", `o-${day}-2`),
      order("supplier.order_failed", `o-${day}-2`),
      {
        tenantId: null,
        type: "supplier.statement_line",
        occurredAt: at,
        payload: {
          supplierId,
          statementId: `st-${day}`,
          from: day,
          to: day,
          reference: `o-${day}-1`,
          productId: "P-1",
          skuId: d.skuId,
          quantity: 1,
          amountFen: 1100,
          billedAt: `${day}T12:00:00+08:00`,
        },
      },
    ]),
  );
}

test("the membership and catalog folds: budget per unit and day, the org tree, orders and statement lines", async () => {
  await activity("2026-11-03", 20);
  await drainAll();
  const budget = await db.budgetDaily.findMany({ where: { tenantId }, orderBy: { orgUnitId: "asc" } });
  const byUnit = Object.fromEntries(budget.map((b) => [b.orgUnitId, b]));
  expect(byUnit[root]).toMatchObject({ fundedFen: 1_000_000n, allocatedOutFen: 400_000n, period: "2026-11" });
  expect(byUnit[sales]).toMatchObject({
    allocatedInFen: 400_000n,
    reservedFen: 12_000n,
    committedFen: 6_000n,
    releasedFen: 6_000n,
  });
  const unit = await db.analyticsOrgUnit.findUniqueOrThrow({
    where: { tenantId_orgUnitId: { tenantId, orgUnitId: sales } },
  });
  expect(unit).toMatchObject({ name: "Sales 2026-11-03", parentId: root, path: [root, sales] });
  const orders = await db.supplierOrder.findMany({ where: { supplierId }, orderBy: { reference: "asc" } });
  expect(orders.map((o) => [o.reference, o.status, o.kind, Number(o.amountFen)])).toEqual([
    ["o-2026-11-03-1", "SUCCEEDED", "TOPUP", 1100],
    ["o-2026-11-03-2", "FAILED", "TOPUP", 1100],
  ]);
  const [line] = await db.statementLine.findMany({ where: { supplierId } });
  expect(line).toMatchObject({
    reference: "o-2026-11-03-1",
    statementId: "st-2026-11-03",
    quantity: 1,
    amountFen: 1100n,
    lines: 1,
  });
  expect(line!.billedDay.toISOString().slice(0, 10)).toBe("2026-11-03");
  // The supplier bills the same order again: one row, both lines summed (a mismatch against the order).
  await db.$transaction((tx) =>
    appendOutboxEvents(tx, "catalog", [
      {
        tenantId: null,
        type: "supplier.statement_line",
        payload: {
          supplierId,
          statementId: "st-2026-11-03",
          from: "2026-11-03",
          to: "2026-11-03",
          reference: "o-2026-11-03-1",
          productId: "P-1",
          skuId: null,
          quantity: 1,
          amountFen: 1100,
          billedAt: "2026-11-03T13:00:00+08:00",
        },
      },
    ]),
  );
  await drainAll();
  expect(await db.statementLine.findMany({ where: { supplierId } })).toMatchObject([
    { reference: "o-2026-11-03-1", quantity: 2, amountFen: 2200n, lines: 2 },
  ]);
}, 60_000);

test("the check finds no difference after a clean run, and lists a planted one", async () => {
  await activity("2026-11-04", 40);
  await drainAll();
  const clean = await rebuildAnalytics({ db, feeds });
  expect(clean.differences).toEqual([]);
  expect(clean.events.entitlements).toBe(90);
  expect(formatReport(clean)).toContain("no difference");

  // Planted: one rollup row counts a redemption too many; a day of budget movements is missing.
  const row = await db.dailyRollup.findFirstOrThrow({ where: { tenantId, redeemed: { gt: 0 } } });
  await db.dailyRollup.update({
    where: {
      tenantId_day_campaignId_variant_benefitId_skuId_channel_orgUnitId_tier: {
        tenantId,
        day: row.day,
        campaignId: row.campaignId,
        variant: row.variant,
        benefitId: row.benefitId,
        skuId: row.skuId,
        channel: row.channel,
        orgUnitId: row.orgUnitId,
        tier: row.tier,
      },
    },
    data: { redeemed: { increment: 1 } },
  });
  await db.budgetDaily.deleteMany({ where: { tenantId, orgUnitId: sales, day: new Date("2026-11-04") } });
  const planted = await rebuildAnalytics({ db, feeds });
  expect(planted.differences.map((d) => [d.table, d.onlyLive, d.onlyRebuilt])).toEqual([
    ["daily_rollup", 1, 1],
    ["budget_daily", 0, 1],
  ]);
  const report = formatReport(planted);
  expect(report).toContain("daily_rollup: 1 row(s) only in the live table, 1 only in the rebuilt one");
  expect(report).toContain(`"redeemed":${row.redeemed + 1}`);
  expect(report).toContain("budget_daily: 0 row(s) only in the live table, 1 only in the rebuilt one");
}, 60_000);

test("--rebuild replaces the live tables while the consumers run; they carry on from there", async () => {
  for (const c of consumers) c.start();
  const writing = activity("2026-11-05", 40);
  const rebuilt = await rebuildAnalytics({ db, feeds, replace: true });
  expect(rebuilt.replaced).toBe(true);
  await writing;
  // The consumers stop; what was written meanwhile is folded, then checked again.
  await Promise.all(consumers.map((c) => c.stop()));
  await drainAll();
  const after = await rebuildAnalytics({ db, feeds });
  expect(after.differences).toEqual([]);
  expect(after.events.entitlements).toBe(150);
  const sum = await db.dailyRollup.aggregate({ where: { tenantId }, _sum: { claimed: true, redeemed: true } });
  expect(sum._sum).toEqual({ claimed: 100, redeemed: 50 });
}, 90_000);
