// Tenant admins: revoking (stock, quota and budget back exactly once, also
// under concurrent revokes; audited), searching their tenant's entitlements,
// reading an entitlement's events, and the hash-chain check finding
// tampering (a changed payload, a removed middle event, a removed last one).
import { createLogger } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { ChainRepository } from "../../src/data/chain.repository";
import { sealLegacy } from "../../src/domain/lifecycle/legacy-seal";
import {
  campaignWithIssue,
  codesOf,
  eventsOf,
  eventually,
  give,
  member,
  reservationState,
  reserve,
  type DemoMember,
} from "./support";

let hub: TestHub;
let holder: DemoMember;
let adminToken: string;
let memberToken: string;
let otherAdminToken: string;

beforeAll(async () => {
  hub = await startTestHub();
  holder = await member(hub, "member@stellar.example");
  adminToken = await hub.login(hub.demo.adminEmail);
  memberToken = await hub.login(holder.email);
  otherAdminToken = await hub.login("admin@harbour.example");
}, 120_000);
afterAll(() => hub?.stop());

const REVOKE = `mutation ($input: RevokeEntitlementInput!) {
  revokeEntitlement(input: $input) { entitlement { id state } errors { code field } }
}`;
const revoke = (token: string, input: object) => hub.request(REVOKE, { input }, token);

describe("revokeEntitlement", () => {
  test("ten concurrent revokes: one succeeds, stock, quota and budget come back exactly once, audited", async () => {
    const { campaign } = await campaignWithIssue(hub, holder);
    const reservationId = await reserve(hub, holder.tenantId, 500);
    const e = await give(hub, holder, { campaignId: campaign.id, reservationId, costFen: 500 });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => revoke(adminToken, { entitlementId: e.id, reason: "issued by mistake" })),
    );
    const ok = results.filter((r) => r.data.revokeEntitlement.errors.length === 0);
    expect(ok).toHaveLength(1);
    expect(ok[0]!.data.revokeEntitlement.entitlement).toEqual({ id: e.id, state: "REVOKED" });
    for (const r of results.filter((x) => x.data.revokeEntitlement.errors.length)) {
      expect(r.data.revokeEntitlement.errors[0].code).toBe("INVALID_STATE");
    }
    expect((await hub.db.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).issuedCount).toBe(0);
    const quota = await hub.db.campaignMember.findUniqueOrThrow({
      where: { campaignId_memberId: { campaignId: campaign.id, memberId: holder.id } },
    });
    expect(quota.issued).toBe(0);
    expect((await eventsOf(hub, e.id)).filter((x) => x.type === "entitlement.revoked")).toHaveLength(1);
    expect(await hub.db.budgetSettlement.findFirst({ where: { reservationId } })).toMatchObject({ kind: "RELEASE" });
    expect(
      await eventually(
        () => reservationState(hub, reservationId),
        (s) => s === "RELEASED",
      ),
    ).toBe("RELEASED");
    const audit = await hub.db.entitlementsAuditEntry.findMany({ where: { targetId: e.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "entitlement.revoked", targetType: "entitlement" });
    expect(audit[0]!.details).toMatchObject({ reason: "issued by mistake", stockReturned: true });
  });

  test("a revoked entitlement received by transfer gives the giver's quota back", async () => {
    const colleague = await member(hub, "chen.wei@stellar.example");
    const { campaign } = await campaignWithIssue(hub, holder);
    const e = await give(hub, holder, { campaignId: campaign.id });
    const moved = await hub.request(
      `mutation ($input: TransferEntitlementInput!) { transferEntitlement(input: $input) { received { id } errors { code } } }`,
      { input: { entitlementId: e.id, toMemberId: colleague.id } },
      memberToken,
    );
    const receivedId = moved.data.transferEntitlement.received.id;
    const result = await revoke(adminToken, { entitlementId: receivedId, reason: "fraud" });
    expect(result.data.revokeEntitlement.errors).toEqual([]);
    const quota = await hub.db.campaignMember.findUniqueOrThrow({
      where: { campaignId_memberId: { campaignId: campaign.id, memberId: holder.id } },
    });
    expect(quota.issued).toBe(0);
  });

  test("needs a reason; another tenant's admin gets NOT_FOUND; members are forbidden; used ones stay", async () => {
    const e = await give(hub, holder);
    expect((await revoke(adminToken, { entitlementId: e.id, reason: "  " })).data.revokeEntitlement.errors).toEqual([
      { code: "INVALID_INPUT", field: "reason" },
    ]);
    const foreign = await revoke(otherAdminToken, { entitlementId: e.id, reason: "x" });
    expect(foreign.data.revokeEntitlement.errors).toEqual([{ code: "NOT_FOUND", field: "entitlementId" }]);
    const asMember = await revoke(memberToken, { entitlementId: e.id, reason: "x" });
    expect(asMember.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } })).state).toBe("CLAIMED");
    const used = await give(hub, holder, { state: "REDEEMED" });
    const refused = await revoke(adminToken, { entitlementId: used.id, reason: "x" });
    expect(refused.data.revokeEntitlement.errors[0].code).toBe("INVALID_STATE");
  });
});

describe("searchEntitlements", () => {
  const SEARCH = `query ($f: EntitlementSearchInput!, $first: Int, $after: String) {
    searchEntitlements(filter: $f, first: $first, after: $after) { entitlements { id state campaign { id } } endCursor }
  }`;

  test("filters by campaign and state, pages by keyset, and sees its own tenant only", async () => {
    const { campaign } = await campaignWithIssue(hub, holder);
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await give(hub, holder, { campaignId: campaign.id }));
    const first = await hub.request(SEARCH, { f: { campaignId: campaign.id }, first: 2 }, adminToken);
    expect(first.data.searchEntitlements.entitlements).toHaveLength(2);
    const rest = await hub.request(
      SEARCH,
      { f: { campaignId: campaign.id }, first: 2, after: first.data.searchEntitlements.endCursor },
      adminToken,
    );
    expect(rest.data.searchEntitlements.endCursor).toBeNull();
    const ids = [...first.data.searchEntitlements.entitlements, ...rest.data.searchEntitlements.entitlements].map(
      (x: { id: string }) => x.id,
    );
    expect(ids.sort()).toEqual(made.map((m) => m.id).sort());
    const none = await hub.request(SEARCH, { f: { campaignId: campaign.id, states: ["REDEEMED"] } }, adminToken);
    expect(none.data.searchEntitlements.entitlements).toEqual([]);
    const foreign = await hub.request(SEARCH, { f: { memberId: holder.id } }, otherAdminToken);
    expect(foreign.data.searchEntitlements.entitlements).toEqual([]);
    const bad = await hub.request(SEARCH, { f: { memberId: "x" } }, adminToken);
    expect(bad.errors?.[0]?.message).toMatch(/memberId is not an id/);
  });
});

const VERIFY = `query ($id: ID) {
  verifyEventChain(entitlementId: $id) { ok checkedEvents checkedEntitlements firstBreak { entitlementId eventId chainSeq reason } }
}`;
const ACCEPT = `mutation ($input: EntitlementActionInput!) { acceptEntitlement(input: $input) { errors { code } } }`;
const REDEEM = `mutation ($input: RedeemEntitlementInput!) { redeemEntitlement(input: $input) { errors { code } } }`;

/** An entitlement with three events: issued, accepted, redeemed. */
async function threeEvents() {
  const e = await give(hub, holder, { state: "ISSUED" });
  await hub.request(ACCEPT, { input: { entitlementId: e.id } }, memberToken);
  await hub.request(REDEEM, { input: { entitlementId: e.id } }, memberToken);
  const events = await eventsOf(hub, e.id);
  expect(events.map((x) => x.type)).toEqual(["entitlement.issued", "entitlement.accepted", "entitlement.redeemed"]);
  return { e, events };
}

describe("the event log", () => {
  test("entitlementEvents: the chain oldest first, each event carrying the previous one's hash", async () => {
    const { e } = await threeEvents();
    const result = await hub.request(
      `query ($id: ID!) { entitlementEvents(entitlementId: $id) { type chainSeq prevHash hash payload occurredAt } }`,
      { id: e.id },
      adminToken,
    );
    const events = result.data.entitlementEvents;
    expect(events.map((x: { chainSeq: number }) => x.chainSeq)).toEqual([1, 2, 3]);
    expect(events[0].prevHash).toBeNull();
    expect(events[1].prevHash).toBe(events[0].hash);
    expect(events[2].prevHash).toBe(events[1].hash);
    expect(JSON.parse(events[2].payload)).toMatchObject({ memberId: holder.id, redeemedBy: "member" });
    const foreign = await hub.request(
      `query ($id: ID!) { entitlementEvents(entitlementId: $id) { id } }`,
      { id: e.id },
      otherAdminToken,
    );
    expect(foreign.data.entitlementEvents).toEqual([]);
  });

  test("the tenant's chains verify, seeded ones included (their code hashes filled at start)", async () => {
    const result = await hub.request(VERIFY, {}, adminToken);
    const count = await hub.db.entitlement.count({ where: { tenantId: holder.tenantId } });
    expect(result.data.verifyEventChain).toMatchObject({ ok: true, checkedEntitlements: count, firstBreak: null });
    expect(result.data.verifyEventChain.checkedEvents).toBeGreaterThan(count);
    expect(await hub.db.entitlement.count({ where: { codeHash: null } })).toBe(0);
  });

  test("a changed payload is a HASH_MISMATCH, found by the whole tenant's check", async () => {
    const { e, events } = await threeEvents();
    const target = events[1]!;
    await hub.db.$executeRaw`UPDATE entitlements.entitlement_event
      SET payload = jsonb_set(payload, '{memberId}', '"someone-else"') WHERE id = ${target.id}::uuid`;
    try {
      const whole = await hub.request(VERIFY, {}, adminToken);
      expect(whole.data.verifyEventChain).toMatchObject({
        ok: false,
        firstBreak: { entitlementId: e.id, eventId: target.id, chainSeq: 2, reason: "HASH_MISMATCH" },
      });
    } finally {
      await hub.db.entitlementEvent.update({ where: { id: target.id }, data: { payload: target.payload ?? {} } });
    }
    expect((await hub.request(VERIFY, { id: e.id }, adminToken)).data.verifyEventChain.ok).toBe(true);
  });

  test("a removed middle event is a GAP; a removed last event is a STATE_MISMATCH", async () => {
    const middle = await threeEvents();
    await hub.db.entitlementEvent.delete({ where: { id: middle.events[1]!.id } });
    const gap = await hub.request(VERIFY, { id: middle.e.id }, adminToken);
    expect(gap.data.verifyEventChain).toMatchObject({
      ok: false,
      checkedEntitlements: 1,
      firstBreak: { entitlementId: middle.e.id, eventId: middle.events[2]!.id, chainSeq: 3, reason: "GAP" },
    });

    const last = await threeEvents();
    await hub.db.entitlementEvent.delete({ where: { id: last.events[2]!.id } });
    const mismatch = await hub.request(VERIFY, { id: last.e.id }, adminToken);
    expect(mismatch.data.verifyEventChain).toMatchObject({
      ok: false,
      checkedEvents: 2,
      firstBreak: { entitlementId: last.e.id, eventId: last.events[1]!.id, chainSeq: 2, reason: "STATE_MISMATCH" },
    });

    const all = await threeEvents();
    await hub.db.entitlementEvent.deleteMany({ where: { entitlementId: all.e.id } });
    const empty = await hub.request(VERIFY, { id: all.e.id }, adminToken);
    expect(empty.data.verifyEventChain.firstBreak).toEqual({
      entitlementId: all.e.id,
      eventId: null,
      chainSeq: 1,
      reason: "GAP",
    });
    // Another tenant's admin checks nothing of this tenant.
    const foreign = await hub.request(VERIFY, { id: all.e.id }, otherAdminToken);
    expect(foreign.data.verifyEventChain).toMatchObject({ ok: true, checkedEntitlements: 0 });
  });

  test("legacy events (numbered, unhashed) and missing code hashes are sealed at start", async () => {
    const e = await give(hub, holder, { state: "REDEEMED" });
    await hub.db.$executeRaw`UPDATE entitlements.entitlement_event SET hash = NULL, prev_hash = NULL
      WHERE entitlement_id = ${e.id}::uuid`;
    await hub.db.entitlement.update({ where: { id: e.id }, data: { codeHash: null } });
    const unsealed = await hub.request(VERIFY, { id: e.id }, adminToken);
    expect(unsealed.data.verifyEventChain.firstBreak.reason).toBe("UNSEALED");
    const sealed = await sealLegacy(new ChainRepository(hub.db), codesOf(hub), createLogger("test", "silent"));
    expect(sealed).toEqual({ events: 2, codeHashes: 1 });
    expect((await hub.request(VERIFY, { id: e.id }, adminToken)).data.verifyEventChain.ok).toBe(true);
    const row = await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } });
    expect(row.codeHash).toBe(codesOf(hub).hashFor(e.id));
  });
});
