// The tenant anchor: every event folded into its tenant's running hash at
// commit, so the tampering an entitlement's own chain cannot see is found:
// (a) an entitlement removed with all its events, (b) a chain rewritten
// consistently. Also: the anchors admins and operators export, the older
// events sealed into the chain at start, and concurrent writers keeping one
// valid chain. Each test owns a tenant: tampering breaks a tenant for good.
import { createLogger } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { ChainRepository } from "../../src/data/chain.repository";
import { linkHash } from "../../src/domain/event-chain";
import { sealTenantAnchors } from "../../src/domain/events/anchor-seal";
import { tenantHash } from "../../src/domain/events/tenant-chain";
import { eventsOf, give, type DemoMember } from "../lifecycle/support";

let hub: TestHub;
let operatorToken: string;
const silent = createLogger("test", "silent");

beforeAll(async () => {
  hub = await startTestHub();
  operatorToken = await hub.login("operator@benefitshub.example");
}, 120_000);
afterAll(() => hub?.stop());

const VERIFY = `query ($id: ID, $tenantId: ID, $anchors: [EventChainAnchorInput!]) {
  verifyEventChain(entitlementId: $id, tenantId: $tenantId, anchors: $anchors) {
    ok checkedEvents checkedEntitlements anchoredEvents tenantSeq tenantHash
    firstBreak { entitlementId eventId chainSeq tenantSeq reason }
  }
}`;
const ANCHORS = `query ($tenantId: ID, $first: Int, $after: String) {
  eventChainAnchors(tenantId: $tenantId, first: $first, after: $after) {
    tenantId head { tenantSeq hash at } days { day firstSeq lastSeq events hash } nextCursor
  }
}`;

interface Tenant {
  tenantId: string;
  adminToken: string;
  holder: DemoMember;
}

async function tenant(): Promise<Tenant> {
  const t = await hub.seed.tenant();
  const admin = await hub.seed.member({ tenantId: t.id, role: "TENANT_ADMIN", password: hub.demo.password });
  const m = await hub.seed.member({ tenantId: t.id });
  return {
    tenantId: t.id,
    adminToken: await hub.login(admin.email),
    holder: { id: m.id, tenantId: t.id, orgUnitId: m.orgUnitId!, email: m.email },
  };
}

const verify = async (token: string, variables: object = {}) => {
  const result = await hub.request(VERIFY, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data.verifyEventChain;
};

/** Three entitlements of two events each (issued/claimed, then redeemed), written one after another. */
async function threeRedeemed(t: Tenant) {
  const list = [];
  for (let i = 0; i < 3; i++) list.push(await give(hub, t.holder, { state: "REDEEMED" }));
  return list;
}

/** Deletes what the attacker deletes, then rebuilds the tenant chain from the events left, as the hub would. */
async function rebuildTenantChain(tenantId: string) {
  await hub.db.tenantChainLink.deleteMany({ where: { tenantId } });
  await hub.db.tenantChainDay.deleteMany({ where: { tenantId } });
  await hub.db.tenantChainHead.deleteMany({ where: { tenantId } });
  await sealTenantAnchors(new ChainRepository(hub.db).tenants, silent);
}

test("each event goes into its tenant's chain at commit; the chain verifies and its anchors are exported", async () => {
  const t = await tenant();
  await threeRedeemed(t);
  const links = await hub.db.tenantChainLink.findMany({
    where: { tenantId: t.tenantId },
    orderBy: { tenantSeq: "asc" },
  });
  expect(links.map((l) => Number(l.tenantSeq))).toEqual([1, 2, 3, 4, 5, 6]);
  let expected = "";
  for (const link of links) {
    const event = await hub.db.entitlementEvent.findUniqueOrThrow({ where: { id: link.eventId } });
    expect(link.eventHash).toBe(event.hash);
    expected = tenantHash(expected, event.hash!);
    expect(link.tenantHash).toBe(expected);
  }

  const exported = (await hub.request(ANCHORS, {}, t.adminToken)).data.eventChainAnchors;
  expect(exported).toMatchObject({ tenantId: t.tenantId, head: { tenantSeq: 6, hash: expected }, nextCursor: null });
  expect(exported.days).toEqual([
    { day: new Date().toISOString().slice(0, 10), firstSeq: 1, lastSeq: 6, events: 6, hash: expected },
  ]);
  expect(await verify(t.adminToken)).toMatchObject({
    ok: true,
    checkedEntitlements: 3,
    checkedEvents: 6,
    anchoredEvents: 6,
    tenantSeq: 6,
    tenantHash: expected,
    firstBreak: null,
  });
  const kept = [{ tenantSeq: 6, hash: expected }];
  expect((await verify(t.adminToken, { anchors: kept })).ok).toBe(true);
  const forged = [{ tenantSeq: 4, hash: expected }];
  expect((await verify(t.adminToken, { anchors: forged })).firstBreak).toMatchObject({
    reason: "ANCHOR_MISMATCH",
    tenantSeq: 4,
  });
});

test("(a) an entitlement removed with all its events: MISSING_EVENT, TENANT_GAP, and a rebuilt chain misses a kept anchor", async () => {
  const t = await tenant();
  const [, removed] = await threeRedeemed(t);
  const { tenantSeq, hash } = (await hub.request(ANCHORS, {}, t.adminToken)).data.eventChainAnchors.head;
  const kept = { tenantSeq, hash };
  const early = await hub.db.tenantChainLink.findUniqueOrThrow({
    where: { tenantId_tenantSeq: { tenantId: t.tenantId, tenantSeq: 2 } },
  });
  const [first] = await eventsOf(hub, removed!.id);

  await hub.db.entitlementEvent.deleteMany({ where: { entitlementId: removed!.id } });
  await hub.db.entitlement.delete({ where: { id: removed!.id } });
  const missing = await verify(t.adminToken);
  expect(missing).toMatchObject({ ok: false, checkedEntitlements: 2, checkedEvents: 4, anchoredEvents: 2 });
  expect(missing.firstBreak).toEqual({
    entitlementId: removed!.id,
    eventId: first!.id,
    chainSeq: 1,
    tenantSeq: 3,
    reason: "MISSING_EVENT",
  });

  // The links go too: the tenant chain has a hole where they were.
  await hub.db.tenantChainLink.deleteMany({ where: { entitlementId: removed!.id } });
  expect((await verify(t.adminToken)).firstBreak).toEqual({
    entitlementId: null,
    eventId: null,
    chainSeq: null,
    tenantSeq: 3,
    reason: "TENANT_GAP",
  });

  // Rebuilt from the events left, the chain is consistent again: only an anchor kept outside tells.
  await rebuildTenantChain(t.tenantId);
  expect(await verify(t.adminToken)).toMatchObject({ ok: true, anchoredEvents: 4 });
  const caught = await verify(t.adminToken, { anchors: [kept] });
  expect(caught).toMatchObject({ ok: false, firstBreak: { reason: "ANCHOR_MISMATCH", tenantSeq: 6 } });
  // An anchor from before the removal still holds.
  const before = [{ tenantSeq: 2, hash: early.tenantHash }];
  expect((await verify(t.adminToken, { anchors: before })).ok).toBe(true);
});

test("(b) a chain rewritten consistently: its own chain verifies, the tenant chain finds it REWRITTEN", async () => {
  const t = await tenant();
  const [, target] = await threeRedeemed(t);
  const events = await eventsOf(hub, target!.id);
  let prevHash: string | null = null;
  for (const e of events) {
    const payload = { ...(e.payload as object), memberId: "someone-else" };
    const link = { ...e, chainSeq: e.chainSeq!, payload, prevHash };
    const hash = linkHash(link);
    await hub.db.entitlementEvent.update({ where: { id: e.id }, data: { payload, prevHash, hash } });
    prevHash = hash;
  }
  const anchored = await hub.db.tenantChainLink.findUniqueOrThrow({ where: { eventId: events[0]!.id } });

  const own = await verify(t.adminToken, { id: target!.id });
  expect(own).toMatchObject({ ok: false, checkedEntitlements: 1, checkedEvents: 2 });
  expect(own.firstBreak).toEqual({
    entitlementId: target!.id,
    eventId: events[0]!.id,
    chainSeq: 1,
    tenantSeq: Number(anchored.tenantSeq),
    reason: "REWRITTEN",
  });
  const whole = await verify(t.adminToken);
  expect(whole).toMatchObject({ ok: false, checkedEntitlements: 3, checkedEvents: 6, anchoredEvents: 2 });
  expect(whole.firstBreak).toMatchObject({ eventId: events[0]!.id, tenantSeq: 3, reason: "REWRITTEN" });

  // Rewriting the links' event hashes too: their tenant hashes no longer follow.
  for (const e of await eventsOf(hub, target!.id)) {
    await hub.db.tenantChainLink.update({ where: { eventId: e.id }, data: { eventHash: e.hash! } });
  }
  expect((await verify(t.adminToken)).firstBreak).toMatchObject({ tenantSeq: 3, reason: "TENANT_HASH_MISMATCH" });
  // Recomputing every later link and the head too: the stored daily anchor no longer matches.
  const links = await hub.db.tenantChainLink.findMany({
    where: { tenantId: t.tenantId },
    orderBy: { tenantSeq: "asc" },
  });
  let hash = "";
  for (const link of links) {
    hash = tenantHash(hash, link.eventHash);
    await hub.db.tenantChainLink.update({ where: { eventId: link.eventId }, data: { tenantHash: hash } });
  }
  await hub.db.tenantChainHead.update({ where: { tenantId: t.tenantId }, data: { hash } });
  expect((await verify(t.adminToken)).firstBreak).toMatchObject({ tenantSeq: 6, reason: "ANCHOR_MISMATCH" });
});

test("events from before the anchor are UNANCHORED until the start-up sealing folds them in", async () => {
  const t = await tenant();
  const [e] = await threeRedeemed(t);
  await hub.db.tenantChainLink.deleteMany({ where: { tenantId: t.tenantId } });
  await hub.db.tenantChainDay.deleteMany({ where: { tenantId: t.tenantId } });
  await hub.db.tenantChainHead.deleteMany({ where: { tenantId: t.tenantId } });
  const [first] = await eventsOf(hub, e!.id);
  expect((await verify(t.adminToken)).firstBreak).toEqual({
    entitlementId: e!.id,
    eventId: first!.id,
    chainSeq: 1,
    tenantSeq: null,
    reason: "UNANCHORED",
  });
  expect((await verify(t.adminToken, { id: e!.id })).firstBreak).toMatchObject({ reason: "UNANCHORED" });

  expect(await sealTenantAnchors(new ChainRepository(hub.db).tenants, silent)).toBeGreaterThanOrEqual(6);
  expect(await verify(t.adminToken)).toMatchObject({ ok: true, anchoredEvents: 6, tenantSeq: 6 });
  // New events follow on from the sealed ones.
  await give(hub, t.holder, { state: "REDEEMED" });
  expect(await verify(t.adminToken)).toMatchObject({ ok: true, anchoredEvents: 8, tenantSeq: 8 });
});

test("concurrent writers keep one valid tenant chain, in commit order", async () => {
  const t = await tenant();
  await Promise.all(Array.from({ length: 24 }, () => give(hub, t.holder, { state: "REDEEMED" })));
  const events = await hub.db.entitlementEvent.count({ where: { tenantId: t.tenantId } });
  expect(events).toBe(48);
  const result = await verify(t.adminToken);
  expect(result).toMatchObject({ ok: true, checkedEntitlements: 24, anchoredEvents: 48, tenantSeq: 48 });
  // An entitlement's events are anchored in its own chain's order.
  const links = await hub.db.tenantChainLink.findMany({
    where: { tenantId: t.tenantId },
    orderBy: { tenantSeq: "asc" },
  });
  const seen = new Map<string, number>();
  for (const link of links) {
    expect(link.chainSeq).toBe((seen.get(link.entitlementId) ?? 0) + 1);
    seen.set(link.entitlementId, link.chainSeq);
  }
});

test("who may read and check a tenant's chain: its admins, operators naming it; never another tenant or a member", async () => {
  const t = await tenant();
  const other = await tenant();
  await give(hub, t.holder, { state: "REDEEMED" });
  const head = (await hub.request(ANCHORS, {}, t.adminToken)).data.eventChainAnchors.head;
  expect(head.tenantSeq).toBe(2);

  const foreign = await hub.request(ANCHORS, { tenantId: t.tenantId }, other.adminToken);
  expect(foreign.data.eventChainAnchors).toBeNull();
  expect(await verify(other.adminToken, { tenantId: t.tenantId })).toMatchObject({
    ok: true,
    checkedEntitlements: 0,
    anchoredEvents: 0,
    tenantSeq: null,
  });

  const byOperator = await hub.request(ANCHORS, { tenantId: t.tenantId }, operatorToken);
  expect(byOperator.data.eventChainAnchors).toMatchObject({ tenantId: t.tenantId, head: { tenantSeq: 2 } });
  expect((await hub.request(ANCHORS, {}, operatorToken)).data.eventChainAnchors).toBeNull();
  const anchors = [{ tenantSeq: head.tenantSeq, hash: head.hash }];
  expect(await verify(operatorToken, { tenantId: t.tenantId, anchors })).toMatchObject({
    ok: true,
    checkedEntitlements: 1,
    anchoredEvents: 2,
  });

  const memberToken = await hub.login(hub.demo.memberEmail);
  for (const query of [ANCHORS, VERIFY]) {
    const denied = await hub.request(query, { tenantId: t.tenantId }, memberToken);
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(Object.values(denied.data ?? {}).filter((v) => v !== null)).toEqual([]);
  }
  const bad = await hub.request(ANCHORS, { after: "not-a-cursor" }, t.adminToken);
  expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
});
