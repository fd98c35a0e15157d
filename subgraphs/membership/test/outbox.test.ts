// Membership's outbox (membership.outbox_event), at the service level on a
// real database: every budget movement writes exactly one event in its own
// transaction (same xid as its ledger entry), with the payload of
// docs/analytics.md; a refused or replayed movement writes none; org tree
// changes write org.unit_changed for every unit they touched; consumers are
// woken after commit; GET /internal/outbox serves services only and refuses
// bad parameters with 4xx JSON.
import { randomUUID } from "node:crypto";
import {
  createInProcessPubSub,
  createLogger,
  IDENTITY_HEADER,
  internalTokenCodec,
  MEMBERSHIP_OUTBOX_TOPIC,
  type BrokerPubSub,
  type HttpErrorBody,
  type Identity,
  type MemberIdentity,
  type OutboxEvent,
  type OutboxPosition,
  type RunningSubgraph,
  waitForOutboxHorizon,
} from "@benefits-hub/platform";
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@benefits-hub/platform/testing/database";
import { SeedBuilder } from "../../../prisma/seed/builders";
import { contextFactory, type MembershipContext } from "../src/context";
import { MembershipOutboxRepository } from "../src/data/outbox.repository";
import { startMembership } from "../src/server";

const log = createLogger("membership-outbox-test", process.env.TEST_LOG_LEVEL ?? "silent");
const internalSecret = randomUUID();
let database: TestDatabase;
let db: PrismaClient;
let pubsub: BrokerPubSub;
let outbox: MembershipOutboxRepository;
let services: MembershipContext["services"];
let server: RunningSubgraph;
let tenantId: string;
let admin: MemberIdentity;
const service: Identity = { kind: "service", service: "entitlements" };
const units = {
  hq: { id: "", path: [] as string[] },
  bj: { id: "", path: [] as string[] },
  rd: { id: "", path: [] as string[] },
};
const PERIOD = "2052-01";

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrisma({ url: database.url, poolSize: 6 });
  pubsub = createInProcessPubSub();
  outbox = new MembershipOutboxRepository(db);
  const seed = new SeedBuilder(db);
  tenantId = (await seed.tenant({ slug: `outbox-${Date.now()}` })).id;
  const hq = await seed.orgUnit({ tenantId, name: "总部 HQ" });
  const bj = await seed.orgUnit({ tenantId, parentId: hq.id, name: "北京 Beijing" });
  const rd = await seed.orgUnit({ tenantId, parentId: bj.id, name: "研发 R&D" });
  Object.assign(units, { hq, bj, rd });
  const member = await seed.member({ tenantId, orgUnitId: hq.id, role: "TENANT_ADMIN" });
  admin = { kind: "member", memberId: member.id, tenantId, role: "TENANT_ADMIN", orgUnitId: hq.id };
  services = contextFactory(db, randomUUID(), pubsub, undefined, {}, log)(admin, log).services;
  server = await startMembership({ port: 0, db, internalSecret, authSecret: randomUUID(), pubsub, log });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await pubsub?.close();
  await db?.$disconnect();
  await database?.drop();
});

const positionOf = (e: OutboxEvent): OutboxPosition => ({ xid: e.xid, seq: e.seq });

/** Every event committed so far after `after` (once the horizon passed them: see waitForOutboxHorizon). */
async function readAllAfter(after: OutboxPosition = { xid: "0", seq: "0" }): Promise<OutboxEvent[]> {
  await waitForOutboxHorizon(db);
  const events: OutboxEvent[] = [];
  for (;;) {
    const page = await outbox.readAfter(after, 1000);
    if (page.length === 0) return events;
    events.push(...page);
    after = positionOf(page.at(-1)!);
  }
}

/** The events `work` wrote (nothing else writes to this database meanwhile). */
async function eventsOf(work: () => Promise<unknown>): Promise<OutboxEvent[]> {
  const before = (await readAllAfter()).at(-1);
  await work();
  return readAllAfter(before ? positionOf(before) : undefined);
}

/** The 32-bit xid of the newest ledger entry: the transaction that wrote it. */
async function newestLedgerXid(): Promise<bigint> {
  const [row] = await db.$queryRaw<{ x: string }[]>`
    SELECT xmin::text AS x FROM membership.budget_ledger_entry ORDER BY seq DESC LIMIT 1`;
  return BigInt(row!.x);
}
const low32 = (xid8: string) => BigInt(xid8) & 0xffffffffn;
const ledgerCount = () => db.budgetLedgerEntry.count();

const unitFields = (u: { id: string; name?: string; path: string[] }) => ({
  orgUnitId: u.id,
  orgUnitName: (u as { name: string }).name,
  orgPath: u.path,
});

let keys = 0;
const key = () => `outbox-${++keys}-${Date.now()}`;

describe("budget movements", () => {
  let reservationId = "";

  test("funding: one budget.funded, in the ledger entry's transaction", async () => {
    const events = await eventsOf(async () => {
      const r = await services.budgetTransfers.fund(admin, {
        orgUnitId: units.hq.id,
        period: PERIOD,
        amountFen: 100_000n,
        idempotencyKey: key(),
      });
      expect(r.errors).toEqual([]);
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      tenantId,
      type: "budget.funded",
      payload: { ...unitFields(units.hq), period: PERIOD, amountFen: 100_000, reservationId: null, reference: null },
    });
    expect(low32(events[0]!.xid)).toBe(await newestLedgerXid());
  });

  test("allocation: one budget.allocated for two ledger entries, named by the receiving unit", async () => {
    const events = await eventsOf(async () => {
      const r = await services.budgetTransfers.allocate(admin, {
        fromOrgUnitId: units.hq.id,
        toOrgUnitId: units.bj.id,
        period: PERIOD,
        amountFen: 40_000n,
        idempotencyKey: key(),
      });
      expect(r.errors).toEqual([]);
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "budget.allocated",
      payload: {
        ...unitFields(units.bj),
        period: PERIOD,
        amountFen: 40_000,
        fromOrgUnitId: units.hq.id,
        toOrgUnitId: units.bj.id,
        reservationId: null,
        reference: null,
      },
    });
    expect(low32(events[0]!.xid)).toBe(await newestLedgerXid());
  });

  test("reserve, commit, reserve, release: one event each, with the reservation and its reference", async () => {
    const reference = `entitlements:campaign:${randomUUID()}`;
    const reserved = await eventsOf(async () => {
      const r = await services.budgetSpending.reserve(service, {
        tenantId,
        orgUnitId: units.bj.id,
        period: PERIOD,
        amountFen: 3_000n,
        idempotencyKey: key(),
        reference,
      });
      expect(r.errors).toEqual([]);
      reservationId = r.reservation!.id;
    });
    expect(reserved).toHaveLength(1);
    expect(reserved[0]).toMatchObject({
      tenantId,
      type: "budget.reserved",
      payload: { ...unitFields(units.bj), period: PERIOD, amountFen: 3_000, reservationId, reference },
    });
    expect(low32(reserved[0]!.xid)).toBe(await newestLedgerXid());

    const committed = await eventsOf(async () => {
      expect((await services.budgetSpending.commit(service, { tenantId, reservationId })).errors).toEqual([]);
    });
    expect(committed).toHaveLength(1);
    expect(committed[0]).toMatchObject({
      type: "budget.committed",
      payload: { ...unitFields(units.bj), amountFen: 3_000, reservationId, reference },
    });
    expect(low32(committed[0]!.xid)).toBe(await newestLedgerXid());

    let second = "";
    await eventsOf(async () => {
      const r = await services.budgetSpending.reserve(admin, {
        orgUnitId: units.bj.id,
        period: PERIOD,
        amountFen: 500n,
        idempotencyKey: key(),
        reference,
      });
      second = r.reservation!.id;
    });
    const released = await eventsOf(async () => {
      expect((await services.budgetSpending.release(service, { tenantId, reservationId: second })).errors).toEqual([]);
    });
    expect(released).toHaveLength(1);
    expect(released[0]).toMatchObject({
      type: "budget.released",
      payload: { ...unitFields(units.bj), amountFen: 500, reservationId: second, reference },
    });
  });

  test("parts of a held reservation: one event per part, naming the part and what it was taken from", async () => {
    let held = "";
    await eventsOf(async () => {
      held = (
        await services.budgetSpending.reserve(service, {
          tenantId,
          orgUnitId: units.hq.id,
          period: PERIOD,
          amountFen: 1_000n,
          idempotencyKey: key(),
          reference: "pack",
        })
      ).reservation!.id;
    });
    const part = await eventsOf(async () => {
      const r = await services.budgetSpending.commit(service, {
        tenantId,
        reservationId: held,
        amountFen: 400n,
        partKey: "item-1",
      });
      expect(r.errors).toEqual([]);
    });
    expect(part).toHaveLength(1);
    expect(part[0]).toMatchObject({
      type: "budget.committed",
      payload: { ...unitFields(units.hq), amountFen: 400, reference: "pack", partOf: held },
    });
    expect((part[0]!.payload as { reservationId: string }).reservationId).not.toBe(held);

    // More than is still held: refused inside the transaction, after the part was inserted. Nothing written.
    const ledger = await ledgerCount();
    const refused = await eventsOf(async () => {
      const r = await services.budgetSpending.commit(service, {
        tenantId,
        reservationId: held,
        amountFen: 601n,
        partKey: "item-2",
      });
      expect(r.errors[0]?.code).toBe("INSUFFICIENT_FUNDS");
    });
    expect(refused).toEqual([]);
    expect(await ledgerCount()).toBe(ledger);
  });

  test("refused and replayed movements write no event", async () => {
    const ledger = await ledgerCount();
    const fundKey = key();
    const fund = () =>
      services.budgetTransfers.fund(admin, {
        orgUnitId: units.hq.id,
        period: "2052-02",
        amountFen: 10n,
        idempotencyKey: fundKey,
      });
    expect(await eventsOf(fund)).toHaveLength(1);
    const afterFirst = await ledgerCount();
    expect(afterFirst).toBe(ledger + 1);

    const nothing = await eventsOf(async () => {
      // The same funding again (a retry): answered, nothing moves.
      expect((await fund()).errors).toEqual([]);
      // Over budget.
      const over = await services.budgetSpending.reserve(service, {
        tenantId,
        orgUnitId: units.rd.id,
        period: PERIOD,
        amountFen: 1n,
        idempotencyKey: key(),
        reference: "too much",
      });
      expect(over.errors[0]?.code).toBe("INSUFFICIENT_FUNDS");
      // Refused in the transaction after the ledger entries were appended.
      const skip = await services.budgetTransfers.allocate(admin, {
        fromOrgUnitId: units.hq.id,
        toOrgUnitId: units.rd.id,
        period: PERIOD,
        amountFen: 10n,
        idempotencyKey: key(),
      });
      expect(skip.errors[0]?.code).toBe("NOT_A_CHILD");
      const notRoot = await services.budgetTransfers.fund(admin, {
        orgUnitId: units.bj.id,
        period: PERIOD,
        amountFen: 10n,
        idempotencyKey: key(),
      });
      expect(notRoot.errors[0]?.code).toBe("NOT_ROOT");
      // More than the giving unit holds: the guarded update refuses, the transaction rolls back.
      const tooMuch = await services.budgetTransfers.allocate(admin, {
        fromOrgUnitId: units.bj.id,
        toOrgUnitId: units.rd.id,
        period: PERIOD,
        amountFen: 1_000_000n,
        idempotencyKey: key(),
      });
      expect(tooMuch.errors[0]?.code).toBe("INSUFFICIENT_FUNDS");
      // Settled already.
      const settled = await db.budgetReservation.findFirstOrThrow({ where: { tenantId, state: "COMMITTED" } });
      const again = await services.budgetSpending.commit(service, { tenantId, reservationId: settled.id });
      expect(again.errors[0]?.code).toBe("ALREADY_SETTLED");
    });
    expect(nothing).toEqual([]);
    expect(await ledgerCount()).toBe(afterFirst);
  });

  test("consumers are woken after a movement commits", async () => {
    const wakeups = pubsub.subscribe<{ at: number }>(MEMBERSHIP_OUTBOX_TOPIC);
    const next = wakeups.next();
    await services.budgetTransfers.fund(admin, {
      orgUnitId: units.hq.id,
      period: PERIOD,
      amountFen: 1n,
      idempotencyKey: key(),
    });
    const message = await next;
    expect(typeof message.value.at).toBe("number");
    await wakeups.return?.();
  });
});

describe("org tree changes", () => {
  const changed = (events: OutboxEvent[]) =>
    events.map((e) => {
      expect(e.type).toBe("org.unit_changed");
      expect(e.tenantId).toBe(tenantId);
      return e.payload as {
        orgUnitId: string;
        name: string;
        parentId: string | null;
        orgPath: string[];
        change: string;
        archived: boolean;
      };
    });

  test("create, rename, move (the whole subtree), archive (the whole subtree); a refused change writes nothing", async () => {
    let shId = "";
    const created = changed(
      await eventsOf(async () => {
        const r = await services.org.create(admin, units.hq.id, "上海 Shanghai");
        shId = r.orgUnit!.id;
      }),
    );
    expect(created).toEqual([
      {
        orgUnitId: shId,
        name: "上海 Shanghai",
        parentId: units.hq.id,
        orgPath: [units.hq.id, shId],
        archived: false,
        change: "CREATED",
      },
    ]);

    const renamed = changed(await eventsOf(() => services.org.rename(admin, shId, "上海分公司 Shanghai")));
    expect(renamed).toMatchObject([{ orgUnitId: shId, name: "上海分公司 Shanghai", change: "RENAMED" }]);

    // Beijing (with R&D below it) moves under Shanghai: both paths change.
    const moved = changed(await eventsOf(() => services.org.move(admin, units.bj.id, shId)));
    expect(moved).toEqual([
      expect.objectContaining({
        orgUnitId: units.bj.id,
        parentId: shId,
        orgPath: [units.hq.id, shId, units.bj.id],
        change: "MOVED",
      }),
      expect.objectContaining({
        orgUnitId: units.rd.id,
        parentId: units.bj.id,
        orgPath: [units.hq.id, shId, units.bj.id, units.rd.id],
        change: "MOVED",
      }),
    ]);
    // Moving to where it already is changes nothing.
    expect(await eventsOf(() => services.org.move(admin, units.bj.id, shId))).toEqual([]);

    const refused = await eventsOf(async () => {
      expect((await services.org.archive(admin, units.hq.id)).errors[0]?.code).toBe("ROOT");
      expect((await services.org.create(admin, units.hq.id, "")).errors[0]?.code).toBe("INVALID_NAME");
    });
    expect(refused).toEqual([]);

    const archived = changed(await eventsOf(() => services.org.archive(admin, shId)));
    expect(archived.map((p) => [p.orgUnitId, p.archived, p.change])).toEqual([
      [shId, true, "ARCHIVED"],
      [units.bj.id, true, "ARCHIVED"],
      [units.rd.id, true, "ARCHIVED"],
    ]);
  });

  test("onboarding a tenant announces its root unit", async () => {
    const operator: Identity = {
      kind: "member",
      memberId: randomUUID(),
      tenantId,
      role: "PLATFORM_OPERATOR",
      orgUnitId: units.hq.id,
    };
    let created = "";
    const events = await eventsOf(async () => {
      const r = await services.tenants.create(operator, {
        slug: `onboard-${Date.now()}`,
        name: "新租户 New Tenant",
        adminEmail: `admin-${Date.now()}@example.test`,
        adminDisplayName: "Admin",
        adminPassword: "correct horse battery staple",
      });
      expect(r.errors).toEqual([]);
      created = r.tenant!.id;
    });
    const root = await db.orgUnit.findFirstOrThrow({ where: { tenantId: created, parentId: null } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      tenantId: created,
      type: "org.unit_changed",
      payload: { orgUnitId: root.id, name: "新租户 New Tenant", parentId: null, orgPath: [root.id], change: "CREATED" },
    });
  });
});

describe("GET /internal/outbox", () => {
  const url = () => server.url.replace("/graphql", "/internal/outbox");
  const as = async (identity: Identity) => ({
    [IDENTITY_HEADER]: await internalTokenCodec(internalSecret).sign(identity),
  });

  test("serves a service the events in (xid, seq) order, page after page", async () => {
    const all = await readAllAfter();
    expect(all.length).toBeGreaterThan(10);
    const headers = await as(service);
    const served: OutboxEvent[] = [];
    let after: OutboxPosition = { xid: "0", seq: "0" };
    for (;;) {
      const response = await fetch(`${url()}?afterXid=${after.xid}&afterSeq=${after.seq}&limit=4`, { headers });
      expect(response.status).toBe(200);
      const { events } = (await response.json()) as { events: OutboxEvent[] };
      if (events.length === 0) break;
      expect(events.length).toBeLessThanOrEqual(4);
      served.push(...events);
      after = positionOf(events.at(-1)!);
    }
    expect(served).toEqual(all);
    expect(Object.keys(served[0]!)).toEqual(["id", "seq", "xid", "tenantId", "type", "payload", "occurredAt"]);
  });

  test("refuses members, partners and bad parameters with 4xx JSON", async () => {
    const member = await as(admin);
    const refused = await fetch(url(), { headers: member });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "service identity required" });
    const partner = await fetch(url(), {
      headers: await as({ kind: "partner", apiKeyId: randomUUID(), tenantId, permissions: [] }),
    });
    expect(partner.status).toBe(403);
    const nobody = await fetch(url());
    expect(nobody.status).toBe(401);
    expect(((await nobody.json()) as HttpErrorBody).errors[0]!.extensions.code).toBe("UNAUTHENTICATED");

    const headers = await as(service);
    for (const query of [
      "afterXid=1;drop",
      "afterXid=-1",
      "afterSeq=abc",
      "afterXid=99999999999999999999",
      "afterSeq=9223372036854775808",
      "limit=0",
      "limit=1001",
      "limit=2.5",
      "limit=ten",
      "afterXid=1&afterXid=2",
    ]) {
      const response = await fetch(`${url()}?${query}`, { headers });
      expect([query, response.status]).toEqual([query, 400]);
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
      expect(((await response.json()) as { error: string }).error).toMatch(/afterXid and afterSeq/);
    }
  });
});
