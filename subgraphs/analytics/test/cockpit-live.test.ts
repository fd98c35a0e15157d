// cockpitUpdated on the analytics subgraph itself (graphql-ws with a signed
// identity, as the gateway connects): events written to the entitlements
// outbox and folded by the real entitlements consumer reach subscribers in
// scope within a second, coalesced to a few pulses per burst, the last one
// showing the final state; others hear nothing; members are refused.
import { randomUUID } from "node:crypto";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import {
  createLogger,
  createPubSub,
  IDENTITY_HEADER,
  internalTokenCodec,
  type BrokerPubSub,
  type MemberIdentity,
} from "@benefits-hub/platform";
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@benefits-hub/platform/testing/database";
import { OutboxConsumer } from "../src/consumers/outbox-consumer";
import { SOURCES } from "../src/consumers/sources";
import { shanghaiToday, addDays } from "../src/domain/cockpit/dates";
import { Coalescer } from "../src/domain/live/coalescer";
import { startAnalytics, type RunningAnalytics } from "../src/server";
import { created, directFeed, lifecycle, twoTenants, writeEventRows, type Dims } from "./support";

const SECRET = "cockpit-live-test-secret-0123456789abcdef";
const log = createLogger("cockpit-live-test", process.env.TEST_LOG_LEVEL ?? "silent");
// Nothing listens there: the subgraph's own consumers find no source; this test's consumer reads the table.
const NO_SOURCE = "http://127.0.0.1:9";

let database: TestDatabase;
let db: PrismaClient;
let pubsub: BrokerPubSub;
let analytics: RunningAnalytics;
let consumer: OutboxConsumer;
const clients: Client[] = [];

const {
  tenantA,
  tenantB,
  root,
  beijing,
  shanghai,
  rootB,
  adminA,
  beijingManager,
  shanghaiManager,
  adminB,
  memberA,
  operator,
} = twoTenants();

const today = shanghaiToday();
const FILTER = { from: addDays(today, -6), to: today };

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrisma({ url: database.url, poolSize: 10 });
  pubsub = createPubSub({ redisUrl: process.env.TEST_REDIS_URL, databaseUrl: database.url, log });
  await pubsub.ready();
  // The org tree as membership's org events leave it in analytics: A's root with two branches; B's root.
  await db.$executeRaw`
    INSERT INTO analytics.org_unit (tenant_id, org_unit_id, name, parent_id, path) VALUES
      (${tenantA}::uuid, ${root}::uuid, '总部', NULL, ARRAY[${root}::uuid]),
      (${tenantA}::uuid, ${beijing}::uuid, '北京分公司', ${root}::uuid, ARRAY[${root}::uuid, ${beijing}::uuid]),
      (${tenantA}::uuid, ${shanghai}::uuid, '上海分公司', ${root}::uuid, ARRAY[${root}::uuid, ${shanghai}::uuid]),
      (${tenantB}::uuid, ${rootB}::uuid, 'HQ', NULL, ARRAY[${rootB}::uuid])`;
  analytics = await startAnalytics({
    port: 0,
    db,
    pubsub,
    internalSecret: SECRET,
    entitlementsInternalUrl: NO_SOURCE,
    membershipInternalUrl: NO_SOURCE,
    catalogInternalUrl: NO_SOURCE,
    pollMs: 60_000,
    log,
  });
  consumer = new OutboxConsumer({
    source: SOURCES.entitlements,
    feed: directFeed(db, "entitlements.entitlement_event"),
    db,
    pubsub,
    log,
    pollMs: 60_000,
    batch: 20,
  });
}, 60_000);

afterAll(async () => {
  for (const client of clients) await client.dispose();
  await analytics?.close();
  await pubsub?.close();
  await db?.$disconnect();
  await database?.drop();
});

const dims = (orgUnitId: string): Dims => ({
  campaignId: null,
  variant: null,
  benefitId: randomUUID(),
  skuId: randomUUID(),
  orgUnitId,
  channel: "GRANT",
  tier: "GOLD",
  costFen: 1_000,
  faceValueFen: 1_500,
});

interface Pulse {
  at: string;
  kinds: string[];
  overview: { issued: { current: number }; redeemed: { current: number } };
}

interface Listener {
  pulses: { pulse: Pulse; receivedAt: number }[];
  errors: unknown[];
  done: Promise<void>;
}

const SUBSCRIPTION = `subscription ($filter: CockpitFilter!) {
  cockpitUpdated(filter: $filter) { at kinds overview { issued { current } redeemed { current } } }
}`;

/** Subscribes as `identity`; resolves once the subscription is registered on the server (or refused). */
async function listen(identity: MemberIdentity, filter: object = FILTER): Promise<Listener> {
  const token = await internalTokenCodec(SECRET).sign(identity);
  const client = createClient({
    url: analytics.wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { identity: token },
  });
  clients.push(client);
  const listener: Listener = { pulses: [], errors: [], done: Promise.resolve() };
  listener.done = new Promise((resolve) => {
    client.subscribe<{ cockpitUpdated: Pulse }>(
      { query: SUBSCRIPTION, variables: { filter } },
      {
        next: (result) => {
          if (result.errors) listener.errors.push(...result.errors);
          if (result.data) listener.pulses.push({ pulse: result.data.cockpitUpdated, receivedAt: Date.now() });
        },
        error: (error) => {
          listener.errors.push(error);
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  // The subscribe resolver computes the overview once before listening: give it time to register.
  await new Promise((r) => setTimeout(r, 400));
  return listener;
}

async function until(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

/**
 * Applies `expected` outbox events through the consumer; returns when they are committed, with the time the read
 * that applied the first of them started. (A commit elsewhere on the server can hold events back for a moment:
 * the outbox serves only what lies below every open transaction.)
 */
async function applyAll(expected: number): Promise<number> {
  let applied = 0;
  let firstAt = 0;
  const deadline = Date.now() + 60_000;
  while (applied < expected) {
    if (Date.now() > deadline) throw new Error(`only ${applied} of ${expected} events applied`);
    const startedAt = Date.now();
    const read = await consumer.pollOnce();
    if (read > 0 && firstAt === 0) firstAt = startedAt;
    applied += read;
    if (read === 0) await new Promise((r) => setTimeout(r, 20));
  }
  return firstAt;
}

test("a pulse reaches the subscribers in scope within a second; the others hear nothing; members are refused", async () => {
  const [admin, inSubtree, outsideSubtree, otherTenant, op, opAll, opOtherTenant] = await Promise.all([
    listen(adminA),
    listen(beijingManager),
    listen(shanghaiManager),
    listen(adminB),
    listen(operator, { ...FILTER, tenantIds: [tenantA] }),
    // Every tenant: on a shared Redis this also hears other test files' tenants, so it is checked loosely.
    listen(operator),
    listen(operator, { ...FILTER, tenantIds: [tenantB] }),
  ]);
  const member = await listen(memberA);
  await member.done;
  expect(member.pulses).toEqual([]);
  expect(JSON.stringify(member.errors)).toContain("Not authorised");

  const memberId = randomUUID();
  const issued = created(tenantA, "entitlement.issued", memberId, dims(beijing), new Date(), [root, beijing]);
  await writeEventRows(db, [issued, lifecycle(issued, "entitlement.redeemed", new Date())]);
  await applyAll(2);
  await until(() => admin.pulses.length > 0 && inSubtree.pulses.length > 0 && op.pulses.length > 0, 2_000);

  for (const heard of [admin, inSubtree, op]) {
    expect(heard.errors).toEqual([]);
    expect(heard.pulses).toHaveLength(1);
    // `at`: when the consumer committed the batch (it publishes right after).
    expect(heard.pulses[0]!.receivedAt - Date.parse(heard.pulses[0]!.pulse.at)).toBeLessThan(1_000);
    expect(heard.pulses[0]!.pulse.kinds).toEqual(["entitlement.issued", "entitlement.redeemed"]);
  }
  await until(() => opAll.pulses.some((p) => p.pulse.overview.issued.current === 1), 1_000);
  const heardAll = opAll.pulses.find((p) => p.pulse.overview.issued.current === 1)!;
  expect(heardAll.receivedAt - Date.parse(heardAll.pulse.at)).toBeLessThan(1_000);
  // Each sees the overview of its own scope: the admin and the Beijing manager this one entitlement.
  expect(admin.pulses[0]!.pulse.overview.issued.current).toBe(1);
  expect(inSubtree.pulses[0]!.pulse.overview.redeemed.current).toBe(1);
  // Nothing for Shanghai's manager, tenant B's admin, or an operator watching only tenant B.
  await new Promise((r) => setTimeout(r, 700));
  expect(outsideSubtree.pulses).toEqual([]);
  expect(otherTenant.pulses).toEqual([]);
  expect(opOtherTenant.pulses).toEqual([]);
  for (const quiet of [outsideSubtree, otherTenant, opOtherTenant]) expect(quiet.errors).toEqual([]);

  // A change in tenant B reaches B's admin and the operator watching B, and still not A's Shanghai manager.
  await writeEventRows(db, [created(tenantB, "entitlement.claimed", randomUUID(), dims(rootB), new Date(), [rootB])]);
  await applyAll(1);
  await until(() => otherTenant.pulses.length > 0 && opOtherTenant.pulses.length > 0, 2_000);
  expect(otherTenant.pulses[0]!.pulse.overview.issued.current).toBe(1);
  expect(opOtherTenant.pulses[0]!.pulse.kinds).toEqual(["entitlement.claimed"]);
  expect(outsideSubtree.pulses).toEqual([]);
}, 90_000);

test("a burst of 1,000 events gives a few pulses, at most one per 300 ms, the last showing the final state", async () => {
  const admin = await listen(adminA);
  const before = (await adminOverview()).issued.current;
  const events = [];
  for (let i = 0; i < 500; i++) {
    const e = created(tenantA, "entitlement.issued", randomUUID(), dims(i % 2 ? beijing : shanghai), new Date(), [
      root,
      i % 2 ? beijing : shanghai,
    ]);
    events.push(e, lifecycle(e, "entitlement.redeemed", new Date()));
  }
  await writeEventRows(db, events);
  const started = Date.now();
  await applyAll(1_000); // 50 batches of 20: 50 committed changes for tenant A
  const appliedMs = Date.now() - started;
  const final = await adminOverview();
  expect(final.issued.current).toBe(before + 500);
  // Settled: no pulse for 700 ms (the burst's last change may pulse once more after a pulse already showed it).
  for (let count = -1; count !== admin.pulses.length;) {
    count = admin.pulses.length;
    await new Promise((r) => setTimeout(r, 700));
  }

  const pulses = admin.pulses;
  // The last pulse shows the state after the burst.
  expect(pulses.at(-1)!.pulse.overview.issued.current).toBe(before + 500);
  expect(pulses.at(-1)!.pulse.overview.redeemed.current).toBe(final.redeemed.current);
  // At most one pulse per 300 ms of the burst, and the trailing one (on a quiet machine 50 batches in ~3.5 s gave
  // 11 pulses; on a loaded one the batches themselves come slower than that).
  expect(pulses.length).toBeLessThanOrEqual(Math.ceil(appliedMs / 300) + 2);
}, 90_000);

/** The tenant admin's overview as the cockpit query answers it (the same service the pulses use). */
async function adminOverview() {
  const token = await internalTokenCodec(SECRET).sign(adminA);
  const response = await fetch(analytics.url, {
    method: "POST",
    headers: { "content-type": "application/json", [IDENTITY_HEADER]: token },
    body: JSON.stringify({
      query: `query ($f: CockpitFilter!) { cockpitOverview(filter: $f) { issued { current } redeemed { current } } }`,
      variables: { f: FILTER },
    }),
  });
  const body = (await response.json()) as {
    data?: { cockpitOverview: { issued: { current: number }; redeemed: { current: number } } };
    errors?: unknown;
  };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data.cockpitOverview;
}

test("the coalescer starts pulses at least the interval apart, merges what comes between, and misses none", async () => {
  const source = pubsubLike<number[]>();
  const starts: number[] = [];
  const pulses = new Coalescer<number[], number[]>({
    sources: [source.iterator],
    accept: (batch) => batch[0]! % 7 !== 0, // some changes are not for this subscriber
    merge: (pending, change) => [...(pending ?? []), ...change],
    produce: async (pending) => {
      starts.push(Date.now());
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 60)); // computing takes a varying while
      return pending;
    },
    mergePulses: (older, newer) => [...older, ...newer],
    intervalMs: 300,
  });
  const received: number[][] = [];
  const reading = (async () => {
    for await (const pulse of pulses) received.push(pulse);
  })();
  const began = Date.now();
  for (let i = 1; i <= 100; i++) {
    source.push([i]);
    await new Promise((r) => setTimeout(r, 10));
  }
  const burstMs = Date.now() - began;
  await until(() => received.flat().includes(100), 2_000);
  await new Promise((r) => setTimeout(r, 400));
  await pulses.return();
  await reading;

  const expected = Array.from({ length: 100 }, (_, i) => i + 1).filter((n) => n % 7 !== 0);
  expect(received.flat()).toEqual(expected);
  expect(received.length).toBeLessThanOrEqual(Math.ceil(burstMs / 300) + 1);
  for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(299);
});

/** An async iterator fed by hand, as a pub/sub subscription is. */
function pubsubLike<T>() {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  const iterator: AsyncIterator<T> = {
    async next() {
      while (queue.length === 0 && !closed) await new Promise<void>((r) => (wake = r));
      return queue.length > 0 ? { done: false, value: queue.shift()! } : { done: true, value: undefined };
    },
    async return() {
      closed = true;
      wake?.();
      return { done: true, value: undefined };
    },
  };
  return {
    iterator,
    push(value: T) {
      queue.push(value);
      wake?.();
    },
  };
}
