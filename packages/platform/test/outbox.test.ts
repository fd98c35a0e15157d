// The platform's transactional outbox on a table of its own (the shape every
// domain's outbox_event has, plus an extra column like entitlements'):
// events are appended in the caller's transaction (rolled back with it),
// read after an (xid, seq) position page by page, and an event of a
// transaction still running is not returned until it commits; an older
// transaction committing after a younger one is not skipped by a consumer
// that checkpointed the younger one's events (PostgreSQL: two transactions
// at once; the embedded database runs one session, so a read there waits for
// the open transaction and then sees its events).
import { randomUUID } from "node:crypto";
import { createPrisma, type PrismaClient } from "../src/db/client";
import {
  appendOutboxEvent,
  appendOutboxEvents,
  outboxReader,
  readOutboxAfter,
  waitForOutboxHorizon,
  type OutboxEvent,
  type OutboxPosition,
} from "../src/outbox/outbox";
import { createEmptyTestDatabase, type TestDatabase } from "../src/testing/database";

let database: TestDatabase;
let db: PrismaClient;
const TABLE = "outbox_test.outbox_event";
const tenantId = randomUUID();
const onPostgres = !!process.env.TEST_DATABASE_URL;

beforeAll(async () => {
  database = await createEmptyTestDatabase();
  db = createPrisma({ url: database.url, poolSize: 4 });
  await db.$executeRawUnsafe(`CREATE SCHEMA outbox_test`);
  await db.$executeRawUnsafe(`CREATE TABLE outbox_test.outbox_event (
    id uuid PRIMARY KEY,
    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    seq bigserial NOT NULL,
    tenant_id uuid,
    subject_id uuid,
    type text NOT NULL,
    payload jsonb NOT NULL,
    occurred_at timestamptz(3) NOT NULL DEFAULT now())`);
  await db.$executeRawUnsafe(`CREATE INDEX ON outbox_test.outbox_event (xid, seq)`);
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const START: OutboxPosition = { xid: "0", seq: "0" };
const readAll = async () => {
  await waitForOutboxHorizon(db);
  return readOutboxAfter(db, TABLE, START, 1000);
};
const positionOf = (e: OutboxEvent): OutboxPosition => ({ xid: e.xid, seq: e.seq });

/**
 * Every event committed so far, a page of 1,000 at a time (after the horizon passed what committed: on a
 * shared PostgreSQL server, other databases' transactions hold it back for a while).
 */
async function readEverything(): Promise<OutboxEvent[]> {
  await waitForOutboxHorizon(db);
  const everything: OutboxEvent[] = [];
  let at = START;
  for (;;) {
    const page = await readOutboxAfter(db, TABLE, at, 1000);
    if (page.length === 0) return everything;
    everything.push(...page);
    at = positionOf(page.at(-1)!);
  }
}

/** Resolves when `promise` settles, or with "pending" after `ms`. */
const within = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([promise, new Promise<"pending">((resolve) => setTimeout(() => resolve("pending"), ms))]);

test("append writes in the caller's transaction: committed events are read back as sent, rolled back ones never", async () => {
  const at = new Date("2026-12-01T08:30:00.000Z");
  const id = await db.$transaction((tx) =>
    appendOutboxEvent(tx, "outbox_test", {
      tenantId,
      type: "thing.done",
      payload: { amountFen: 1250, name: '测试 "quoted"', nested: { list: [1, 2] } },
      occurredAt: at,
    }),
  );
  await expect(
    db.$transaction(async (tx) => {
      await appendOutboxEvent(tx, "outbox_test", { tenantId, type: "thing.undone", payload: {} });
      throw new Error("the change failed");
    }),
  ).rejects.toThrow("the change failed");

  const events = await readAll();
  expect(events).toHaveLength(1);
  expect(events[0]).toEqual({
    id,
    seq: expect.stringMatching(/^\d+$/),
    xid: expect.stringMatching(/^\d+$/),
    tenantId,
    type: "thing.done",
    payload: { amountFen: 1250, name: '测试 "quoted"', nested: { list: [1, 2] } },
    occurredAt: at.toISOString(),
  });
  // Not named: occurred_at is the transaction's now(); tenantId may be null.
  await db.$transaction((tx) => appendOutboxEvent(tx, "outbox_test", { tenantId: null, type: "line", payload: [] }));
  const [, second] = await readAll();
  expect(second).toMatchObject({ tenantId: null, type: "line", payload: [] });
  expect(Math.abs(Date.parse(second!.occurredAt) - Date.now())).toBeLessThan(60_000);
});

test("many events in one call keep their order; an extra column comes under its wire name", async () => {
  const subject = randomUUID();
  const before = await readAll();
  const ids = await db.$transaction((tx) =>
    appendOutboxEvents(
      tx,
      "outbox_test",
      Array.from({ length: 5203 }, (_, i) => ({ tenantId, type: "bulk", payload: { i } })),
    ),
  );
  expect(ids).toHaveLength(5203);
  await db.$executeRawUnsafe(
    `UPDATE outbox_test.outbox_event SET subject_id = $1::uuid WHERE id = $2::uuid`,
    subject,
    ids[0],
  );
  await waitForOutboxHorizon(db);
  const after = await readOutboxAfter(db, TABLE, positionOf(before.at(-1)!), 1000, {
    columns: { subjectId: "subject_id" },
  });
  expect(after).toHaveLength(1000);
  expect(after.map((e) => (e.payload as { i: number }).i)).toEqual([...Array(1000).keys()]);
  expect(after.map((e) => e.id)).toEqual(ids.slice(0, 1000));
  // Past the first INSERT's 5,000 rows too: every event, in the order given.
  const all = (await readEverything()).slice(-5203);
  expect(all.map((e) => e.id)).toEqual(ids);
  expect(all.map((e) => (e.payload as { i: number }).i)).toEqual([...Array(5203).keys()]);
  expect(Object.keys(after[0]!)).toEqual([
    "id",
    "seq",
    "xid",
    "tenantId",
    "subjectId",
    "type",
    "payload",
    "occurredAt",
  ]);
  expect(after[0]!.subjectId).toBe(subject);
  expect(after[1]!.subjectId).toBeNull();
  // One transaction: one xid, seq ascending.
  expect(new Set(after.map((e) => e.xid)).size).toBe(1);
});

test("reading after a position pages through every event once, in (xid, seq) order", async () => {
  const all = await readAll();
  expect(all.length).toBeGreaterThan(1000 - 1);
  const read = outboxReader(db, TABLE);
  await waitForOutboxHorizon(db);
  const paged: OutboxEvent[] = [];
  let position = START;
  for (;;) {
    const page = await read(position, 97);
    if (page.length === 0) break;
    expect(page.length).toBeLessThanOrEqual(97);
    paged.push(...page);
    position = positionOf(page.at(-1)!);
  }
  const everything = await readEverything();
  const total = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ${TABLE}`);
  expect(everything).toHaveLength(Number(total[0]!.n));
  expect(paged.map((e) => e.id)).toEqual(everything.map((e) => e.id));
  expect(new Set(paged.map((e) => e.id)).size).toBe(paged.length);
  const keys = paged.map((e) => [BigInt(e.xid), BigInt(e.seq)] as const);
  for (let i = 1; i < keys.length; i += 1) {
    const [px, ps] = keys[i - 1]!;
    const [x, s] = keys[i]!;
    expect(x > px || (x === px && s > ps)).toBe(true);
  }
});

test("an event of a transaction still open is not read until it commits; an older one committing later is not skipped", async () => {
  const checkpoint = positionOf((await readEverything()).at(-1)!);
  let finishOlder!: () => void;
  const olderMayCommit = new Promise<void>((resolve) => (finishOlder = resolve));
  let olderAppended!: () => void;
  const olderHasAppended = new Promise<void>((resolve) => (olderAppended = resolve));
  const older = db.$transaction(
    async (tx) => {
      await appendOutboxEvent(tx, "outbox_test", { tenantId, type: "older", payload: {} });
      olderAppended();
      await olderMayCommit;
    },
    { timeout: 30_000 },
  );
  await olderHasAppended;

  if (onPostgres) {
    // A younger transaction commits while the older one is still running.
    await db.$transaction((tx) => appendOutboxEvent(tx, "outbox_test", { tenantId, type: "younger", payload: {} }));
    // It is there and committed, but a reader that returned it would let a consumer skip the older one.
    const [visible] = await db.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM ${TABLE} WHERE type = 'younger'`,
    );
    expect(Number(visible!.n)).toBe(1);
    expect(await readOutboxAfter(db, TABLE, checkpoint, 100)).toEqual([]);
    finishOlder();
    await older;
    await waitForOutboxHorizon(db);
    const events = await readOutboxAfter(db, TABLE, checkpoint, 100);
    // Both, the older xid first: a consumer past the checkpoint misses neither.
    expect(events.map((e) => e.type)).toEqual(["older", "younger"]);
    expect(BigInt(events[0]!.xid)).toBeLessThan(BigInt(events[1]!.xid));
  } else {
    // One session: the read waits for the open transaction instead of seeing half of it.
    const reading = readOutboxAfter(db, TABLE, checkpoint, 100);
    expect(await within(reading, 500)).toBe("pending");
    finishOlder();
    await older;
    expect((await reading).map((e) => e.type)).toEqual(["older"]);
  }
});

test("names that are not plain identifiers are refused before any SQL runs", async () => {
  await expect(readOutboxAfter(db, "outbox_test.outbox_event; DROP TABLE x", START, 1)).rejects.toThrow(/identifier/);
  await expect(readOutboxAfter(db, "outbox_event", START, 1)).rejects.toThrow(/schema\.table/);
  await expect(
    readOutboxAfter(db, TABLE, START, 1, { columns: { subjectId: "subject_id, (SELECT 1)" } }),
  ).rejects.toThrow(/identifier/);
  await expect(readOutboxAfter(db, TABLE, START, 1, { columns: { type: "subject_id" } })).rejects.toThrow(
    /extra column/,
  );
  await expect(
    db.$transaction((tx) => appendOutboxEvent(tx, 'outbox_test"', { tenantId, type: "x", payload: {} })),
  ).rejects.toThrow(/identifier/);
});
