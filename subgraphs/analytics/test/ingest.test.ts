// The analytics consumers against a real database: daily_rollup equals a count
// straight from entitlements.entitlement_event for a seeded set; a replayed
// batch changes nothing; analytics stopped while 10,000 redemptions are written
// catches up with exact counts and applies nothing twice.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createInProcessPubSub, createLogger } from "@benefits-hub/platform";
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@benefits-hub/platform/testing/database";
import type { NewEvent } from "../../entitlements/src/data/event.repository";
import { OutboxConsumer } from "../src/consumers/outbox-consumer";
import { SOURCES } from "../src/consumers/sources";
import { cockpitTopic, type CockpitChange } from "../src/domain/cockpit-topic";
import type { Position } from "../src/data/checkpoint.repository";
import { created, directFeed, lifecycle, settle, writeEntitlementEvents, writeEventRows, type Dims } from "./support";

let database: TestDatabase;
let db: PrismaClient;
const pubsub = createInProcessPubSub();
const log = createLogger("test", "silent");
let consumer: OutboxConsumer;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrisma({ url: database.url, poolSize: 5 });
  // Folding on node-postgres, as the service does (the replay test below uses a Prisma transaction).
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  consumer = new OutboxConsumer({
    pool,
    source: SOURCES.entitlements,
    feed: directFeed(db, "entitlements.entitlement_event"),
    db,
    pubsub,
    log,
    pollMs: 50,
  });
}, 120_000);
afterAll(async () => {
  await consumer?.stop();
  await pool?.end();
  await db?.$disconnect();
  await database?.drop();
});

async function newTenant(): Promise<string> {
  const slug = `an-${randomUUID().slice(0, 8)}`;
  return (await db.tenant.create({ data: { slug, name: slug } })).id;
}

const drain = () => settle(consumer, db, "entitlements.entitlement_event");

/** Reads after `from` until `n` events show (a just-committed batch may take a moment on a shared server). */
async function readAtLeast(from: Position, n: number) {
  const feed = directFeed(db, "entitlements.entitlement_event");
  const deadline = Date.now() + 30_000;
  for (;;) {
    const batch = await feed.readAfter(from, 1000);
    if (batch.length >= n || Date.now() > deadline) return batch;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every analytics row of a tenant (and the checkpoint), to compare before and after. */
async function snapshot(tenantId: string) {
  const q = (sql: string) => db.$queryRawUnsafe<unknown[]>(sql, tenantId);
  return {
    facts: await q(`SELECT * FROM analytics.entitlement_fact WHERE tenant_id = $1::uuid ORDER BY entitlement_id`),
    rollup: await q(
      `SELECT * FROM analytics.daily_rollup WHERE tenant_id = $1::uuid ORDER BY day, campaign_id, variant, benefit_id, sku_id, channel, org_unit_id, tier`,
    ),
    units: await q(`SELECT * FROM analytics.daily_unit_rollup WHERE tenant_id = $1::uuid ORDER BY day, org_unit_id`),
    members: await q(`SELECT * FROM analytics.member_day WHERE tenant_id = $1::uuid ORDER BY day, member_id`),
    redemptions: await q(
      `SELECT tenant_id, benefit_id, redeemed_count FROM analytics.benefit_redemptions WHERE tenant_id = $1::uuid ORDER BY benefit_id`,
    ),
    labels: await q(`SELECT * FROM analytics.dimension_label WHERE tenant_id = $1::uuid ORDER BY dimension, key`),
    checkpoint: await db.consumerCheckpoint.findUnique({ where: { consumer: "analytics.entitlements" } }),
  };
}

const prismaConsumer = () =>
  new OutboxConsumer({
    source: SOURCES.entitlements,
    feed: directFeed(db, "entitlements.entitlement_event"),
    db,
    pubsub,
    log,
    pollMs: 50,
  });

const ids = (n: number) => Array.from({ length: n }, () => randomUUID());
const DAY = 86_400_000;

test("daily_rollup equals a count straight from the entitlement events for a seeded set", async () => {
  const tenantId = await newTenant();
  const root = randomUUID();
  const units = ids(3);
  const campaigns = ids(2);
  const benefits = ids(3);
  const members = ids(20);
  const start = Date.parse("2026-11-01T00:00:00+08:00");
  const channels = ["CLAIM", "GRANT", "RULE", "PARTNER"];
  const events: NewEvent[] = [];
  let k = 0;
  for (let i = 0; i < 240; i++) {
    k = (k * 31 + 7) % 1009;
    const channel = channels[k % 4]!;
    const d: Dims = {
      campaignId: k % 5 === 0 ? null : campaigns[k % 2]!,
      variant: k % 3 === 0 ? null : k % 2 ? "A" : "B",
      benefitId: benefits[k % 3]!,
      skuId: k % 7 === 0 ? null : benefits[(k + 1) % 3]!,
      orgUnitId: units[k % 3]!,
      channel,
      tier: k % 2 ? "GOLD" : null,
      costFen: 100 + (k % 50) * 10,
      faceValueFen: 150 + (k % 40) * 10,
    };
    // Around Shanghai midnight on purpose: 23:30 one day, 00:30 the next.
    const at = new Date(start + (i % 25) * DAY + (k % 2 ? -30 : 30) * 60_000 + i);
    const member = members[k % 20]!;
    const claim = channel === "CLAIM";
    const c = created(tenantId, claim ? "entitlement.claimed" : "entitlement.issued", member, d, at, [
      root,
      d.orgUnitId!,
    ]);
    events.push(c);
    const later = new Date(at.getTime() + (k % 4) * DAY);
    if (!claim && k % 3 !== 0) events.push(lifecycle(c, "entitlement.accepted", later));
    const end = new Date(later.getTime() + DAY + 1000);
    switch (k % 6) {
      case 0:
      case 1:
      case 2:
        events.push(lifecycle(c, "entitlement.redeemed", end));
        break;
      case 3:
        events.push(lifecycle(c, "entitlement.expired", end));
        break;
      case 4:
        events.push(lifecycle(c, "entitlement.revoked", end));
        break;
      case 5: {
        // Given to a colleague, who redeems it: counted as redeemed under TRANSFER, never as issued.
        events.push(lifecycle(c, "entitlement.transferred_out", end));
        const gift = created(
          tenantId,
          "entitlement.transferred_in",
          members[(k + 1) % 20]!,
          { ...d, channel: "TRANSFER" },
          end,
        );
        events.push(gift, lifecycle(gift, "entitlement.redeemed", new Date(end.getTime() + DAY)));
      }
    }
  }
  events.sort((a, b) => a.occurredAt!.getTime() - b.occurredAt!.getTime());
  await writeEventRows(db, events);
  const changes: CockpitChange[] = [];
  const live = pubsub.subscribe<CockpitChange>(cockpitTopic(tenantId));
  const listening = (async () => {
    for await (const change of live) changes.push(change);
  })();
  expect(await drain()).toBe(events.length);

  const straight = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `WITH c AS (
       SELECT entitlement_id, payload->'facts' AS f FROM entitlements.entitlement_event
       WHERE type IN ('entitlement.issued', 'entitlement.claimed', 'entitlement.transferred_in'))
     SELECT (ev.occurred_at AT TIME ZONE 'Asia/Shanghai')::date::text AS day,
            coalesce(c.f->>'campaignId', '') AS campaign, coalesce(c.f->>'variant', '') AS variant,
            c.f->>'benefitId' AS benefit, coalesce(c.f->>'skuId', '') AS sku, c.f->>'channel' AS channel,
            c.f->>'orgUnitId' AS unit, coalesce(c.f->>'tier', '') AS tier,
            count(*) FILTER (WHERE ev.type IN ('entitlement.issued', 'entitlement.claimed') AND c.f->>'channel' <> 'TRANSFER')::int AS issued,
            count(*) FILTER (WHERE ev.type IN ('entitlement.claimed', 'entitlement.accepted'))::int AS claimed,
            count(*) FILTER (WHERE ev.type = 'entitlement.redeemed')::int AS redeemed,
            count(*) FILTER (WHERE ev.type = 'entitlement.expired')::int AS expired,
            count(*) FILTER (WHERE ev.type = 'entitlement.revoked')::int AS revoked,
            coalesce(sum((c.f->>'costFen')::bigint) FILTER (WHERE ev.type IN ('entitlement.issued', 'entitlement.claimed') AND c.f->>'channel' <> 'TRANSFER'), 0)::text AS issued_cost,
            coalesce(sum((c.f->>'costFen')::bigint) FILTER (WHERE ev.type = 'entitlement.redeemed'), 0)::text AS cost,
            coalesce(sum((c.f->>'faceValueFen')::bigint) FILTER (WHERE ev.type = 'entitlement.redeemed'), 0)::text AS face
     FROM entitlements.entitlement_event ev JOIN c USING (entitlement_id)
     WHERE ev.tenant_id = $1::uuid
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
     HAVING count(*) FILTER (WHERE ev.type IN ('entitlement.issued', 'entitlement.claimed', 'entitlement.accepted',
       'entitlement.redeemed', 'entitlement.expired', 'entitlement.revoked')) > 0
     ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
    tenantId,
  );
  const none = "00000000-0000-0000-0000-000000000000";
  const rolled = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT day::text, CASE WHEN campaign_id = '${none}' THEN '' ELSE campaign_id::text END AS campaign, variant,
            benefit_id::text AS benefit, CASE WHEN sku_id = '${none}' THEN '' ELSE sku_id::text END AS sku, channel,
            org_unit_id::text AS unit, tier, issued, claimed, redeemed, expired, revoked,
            issued_cost_fen::text AS issued_cost, redeemed_cost_fen::text AS cost, redeemed_face_value_fen::text AS face
     FROM analytics.daily_rollup WHERE tenant_id = $1::uuid ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
    tenantId,
  );
  expect(straight.length).toBeGreaterThan(100);
  expect(rolled).toEqual(straight);

  // The coarse rollup holds the same totals per day and unit; active members per day match too.
  const [totals] = await db.$queryRawUnsafe<{ a: string; b: string }[]>(
    `SELECT (SELECT sum(issued + claimed + redeemed + expired + revoked + issued_cost_fen + redeemed_cost_fen + redeemed_face_value_fen)
               FROM analytics.daily_rollup WHERE tenant_id = $1::uuid)::text AS a,
            (SELECT sum(issued + claimed + redeemed + expired + revoked + issued_cost_fen + redeemed_cost_fen + redeemed_face_value_fen)
               FROM analytics.daily_unit_rollup WHERE tenant_id = $1::uuid)::text AS b`,
    tenantId,
  );
  expect(totals!.a).toBe(totals!.b);
  const [active] = await db.$queryRawUnsafe<{ straight: number; folded: number }[]>(
    `SELECT (SELECT count(DISTINCT ((occurred_at AT TIME ZONE 'Asia/Shanghai')::date, c.member))::int
               FROM entitlements.entitlement_event ev
               JOIN (SELECT entitlement_id, payload->'facts'->>'memberId' AS member FROM entitlements.entitlement_event
                     WHERE type IN ('entitlement.issued', 'entitlement.claimed', 'entitlement.transferred_in')) c USING (entitlement_id)
               WHERE ev.tenant_id = $1::uuid) AS straight,
            (SELECT count(*)::int FROM analytics.member_day WHERE tenant_id = $1::uuid) AS folded`,
    tenantId,
  );
  expect(active!.folded).toBe(active!.straight);
  // Facts follow the events' states; labels and the org tree come from the facts.
  const states = await db.$queryRawUnsafe<{ state: string; n: number }[]>(
    `SELECT state, count(*)::int AS n FROM analytics.entitlement_fact WHERE tenant_id = $1::uuid GROUP BY 1 ORDER BY 1`,
    tenantId,
  );
  expect(states.map((s) => s.state)).toEqual(["EXPIRED", "REDEEMED", "REVOKED", "TRANSFERRED"]);
  expect(await db.analyticsOrgUnit.count({ where: { tenantId } })).toBe(3);
  expect(await db.dimensionLabel.count({ where: { tenantId, dimension: "BENEFIT" } })).toBe(3);

  // One live message per batch for the tenant, naming what happened and where.
  await new Promise((r) => setTimeout(r, 50));
  await live.return?.();
  await listening;
  expect(changes.length).toBeGreaterThan(0);
  expect(changes[0]!.kinds).toEqual(expect.arrayContaining(["entitlement.issued", "entitlement.redeemed"]));
  expect(units).toEqual(expect.arrayContaining(changes[0]!.orgUnitIds));
}, 60_000);

function someEntitlements(tenantId: string, n: number, at: Date) {
  const benefitId = randomUUID();
  const orgUnitId = randomUUID();
  const d: Dims = {
    campaignId: randomUUID(),
    variant: "A",
    benefitId,
    skuId: randomUUID(),
    orgUnitId,
    channel: "GRANT",
    tier: "",
    costFen: 500,
    faceValueFen: 800,
  };
  return Array.from({ length: n }, (_, i) =>
    created(tenantId, "entitlement.issued", randomUUID(), d, new Date(at.getTime() + i)),
  );
}

test("a replayed batch changes nothing, and an overlapping one applies only what is new", async () => {
  await drain();
  const tenantId = await newTenant();
  const issued = someEntitlements(tenantId, 30, new Date("2026-11-20T10:00:00+08:00"));
  await writeEntitlementEvents(db, [
    ...issued,
    ...issued.slice(0, 10).map((e) => lifecycle(e, "entitlement.redeemed", new Date("2026-11-21T10:00:00+08:00"))),
  ]);
  const from = await consumer.store.position();
  const batch = await readAtLeast(from, 40);
  expect(batch).toHaveLength(40);
  expect(await consumer.apply(batch)).not.toBeNull();
  const once = await snapshot(tenantId);
  expect(await consumer.apply(batch)).toBeNull();
  // The same through a Prisma transaction (a consumer without a pool): nothing either.
  expect(await prismaConsumer().apply(batch)).toBeNull();
  expect(await snapshot(tenantId)).toEqual(once);

  // Ten more redemptions; the batch read from the old position holds the first 40 again.
  await writeEntitlementEvents(
    db,
    issued.slice(10, 20).map((e) => lifecycle(e, "entitlement.redeemed", new Date("2026-11-22T10:00:00+08:00"))),
  );
  const overlapping = await readAtLeast(from, 50);
  expect(overlapping).toHaveLength(50);
  await prismaConsumer().apply(overlapping);
  const rows = await db.dailyRollup.findMany({ where: { tenantId } });
  expect(rows.reduce((s, r) => s + r.issued, 0)).toBe(30);
  expect(rows.reduce((s, r) => s + r.redeemed, 0)).toBe(20);
  expect(rows.reduce((s, r) => s + Number(r.redeemedCostFen), 0)).toBe(20 * 500);
  const counter = await db.benefitRedemptions.findMany({ where: { tenantId } });
  expect(counter.map((c) => c.redeemedCount)).toEqual([20]);
  expect(await consumer.pollOnce()).toBe(0);
}, 60_000);

test("a pack counts through the options chosen from it, never its allowance as well", async () => {
  await drain();
  const tenantId = await newTenant();
  const at = new Date("2026-11-18T10:00:00+08:00");
  const member = randomUUID();
  const dims = (costFen: number, faceValueFen: number): Dims => ({
    campaignId: randomUUID(),
    variant: null,
    benefitId: randomUUID(),
    skuId: randomUUID(),
    orgUnitId: randomUUID(),
    channel: "CLAIM",
    tier: null,
    costFen,
    faceValueFen,
  });
  const pack = created(tenantId, "entitlement.claimed", member, dims(7_000, 0), at);
  (pack.payload.facts as { fulfilmentKind: string }).fulfilmentKind = "PACK";
  const options = [dims(2_900, 3_400), dims(1_300, 1_500)].map((d) =>
    created(tenantId, "entitlement.claimed", member, d, new Date(at.getTime() + 60_000)),
  );
  await writeEntitlementEvents(db, [
    pack,
    ...options,
    lifecycle(options[0]!, "entitlement.redeemed", new Date(at.getTime() + 120_000)),
  ]);
  await drain();
  const rows = await db.dailyRollup.findMany({ where: { tenantId } });
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0);
  expect(sum((r) => r.issued)).toBe(2);
  expect(sum((r) => r.claimed)).toBe(2);
  expect(sum((r) => r.redeemed)).toBe(1);
  expect(sum((r) => Number(r.issuedCostFen))).toBe(2_900 + 1_300);
  expect(sum((r) => Number(r.redeemedFaceValueFen))).toBe(3_400);
  // The pack itself is known (its facts are kept), only not counted.
  expect(await db.entitlementFact.count({ where: { tenantId } })).toBe(3);
}, 60_000);

test("analytics stopped while 10,000 redemptions are written catches up with exact counts", async () => {
  const N = 10_000;
  await drain();
  const tenantId = await newTenant();
  const issued = someEntitlements(tenantId, N, new Date("2026-11-25T09:00:00+08:00"));
  const t0 = Date.now();
  await writeEventRows(db, issued);
  const written = Date.now() - t0;
  consumer.start();
  const caughtUp = async (target: bigint) => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const at = await consumer.store.position();
      if (at.seq >= target) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("the consumer did not catch up");
  };
  const lastSeq = async () => (await db.entitlementEvent.aggregate({ _max: { seq: true } }))._max.seq!;
  await caughtUp(await lastSeq());
  await consumer.stop();

  const stoppedAt = await consumer.store.position();
  const redeemedAt = new Date("2026-11-26T09:00:00+08:00");
  const t1 = Date.now();
  await writeEventRows(
    db,
    issued.map((e) => lifecycle(e, "entitlement.redeemed", redeemedAt)),
  );
  const wroteRedemptions = Date.now() - t1;
  expect(await consumer.store.position()).toEqual(stoppedAt);
  expect(await db.dailyRollup.aggregate({ where: { tenantId }, _sum: { redeemed: true } })).toEqual({
    _sum: { redeemed: 0 },
  });

  const t2 = Date.now();
  consumer.start();
  await caughtUp(await lastSeq());
  const foldMs = Date.now() - t2;
  await consumer.stop();
  console.log(
    `10,000 issued written in ${written} ms, 10,000 redemptions in ${wroteRedemptions} ms; ` +
      `caught up in ${foldMs} ms (${Math.round((N / foldMs) * 1000)} events/s including reads)`,
  );

  const sum = await db.dailyRollup.aggregate({
    where: { tenantId },
    _sum: { issued: true, redeemed: true, redeemedCostFen: true, redeemedFaceValueFen: true },
  });
  expect(sum._sum).toEqual({
    issued: N,
    redeemed: N,
    redeemedCostFen: BigInt(N * 500),
    redeemedFaceValueFen: BigInt(N * 800),
  });
  expect(await db.entitlementFact.count({ where: { tenantId, state: "REDEEMED" } })).toBe(N);
  expect((await db.benefitRedemptions.findMany({ where: { tenantId } })).map((r) => r.redeemedCount)).toEqual([N]);
  expect(await db.memberDay.count({ where: { tenantId } })).toBe(2 * N);
  // Polling again finds nothing and counts nothing twice.
  const before = await snapshot(tenantId);
  expect(await consumer.pollOnce()).toBe(0);
  expect(await snapshot(tenantId)).toEqual(before);
}, 120_000);
