// Direct top-ups as one decision: the entitlement leaves its usable state
// (FULFILLING) before the supplier is asked, so a transfer racing a top-up
// never leaves both standing (50 rounds); a refused top-up returns it once,
// with its event; a top-up whose catalog call did not finish is completed by
// the worker from its durable request.
import { createLogger } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { buildDeps } from "../../src/context";
import { createLifecycleServices } from "../../src/domain/lifecycle";
import { eventsOf, eventually, give, member, reservationState, reserve, type DemoMember } from "./support";

let hub: TestHub;
let owner: DemoMember;
let other: DemoMember;
let ownerToken: string;

beforeAll(async () => {
  hub = await startTestHub();
  owner = await member(hub, "member@stellar.example");
  other = await member(hub, "chen.wei@stellar.example");
  ownerToken = await hub.login(owner.email);
}, 120_000);
afterAll(() => hub?.stop());

const TOPUP = `mutation ($input: TopupEntitlementInput!) {
  topupEntitlement(input: $input) { entitlement { id state redeemedBy } errors { code field message } }
}`;
const TRANSFER = `mutation ($input: TransferEntitlementInput!) {
  transferEntitlement(input: $input) { received { id state } errors { code } }
}`;
const PHONE = "13800138000";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lifecycle services of a second process whose catalog does not answer. */
function unreachableCatalog() {
  const deps = buildDeps({
    db: hub.db,
    pubsub: hub.pubsub,
    log: createLogger("test", "silent"),
    internalSecret: hub.secrets.internalSecret,
    membershipUrl: hub.subgraphs.membership.url,
    catalogUrl: "http://127.0.0.1:9",
  });
  return createLifecycleServices(deps, null);
}

test("top-up and transfer of one entitlement at once, 50 times: never both", async () => {
  const outcomes = { topup: 0, transfer: 0 };
  // 10 batches of 5 entitlements, each with its top-up and its transfer sent together.
  for (let batch = 0; batch < 10; batch++) {
    const rounds = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const e = await give(hub, owner, { kind: "DIRECT_TOPUP" });
        // The transfer first asks membership about the recipient and risk control: the top-up starts up to
        // a second later, so either may reach its guarded move first (both orders are seen on both databases).
        const delay = Math.floor(Math.random() * 1000);
        const [topup, transfer] = await Promise.all([
          sleep(delay).then(() => hub.request(TOPUP, { input: { entitlementId: e.id, account: PHONE } }, ownerToken)),
          hub.request(TRANSFER, { input: { entitlementId: e.id, toMemberId: other.id } }, ownerToken),
        ]);
        return { e, topup: topup.data.topupEntitlement, transfer: transfer.data.transferEntitlement };
      }),
    );
    for (const { e, topup, transfer } of rounds) {
      const toppedUp = topup.errors.length === 0;
      const transferred = transfer.errors.length === 0;
      expect([toppedUp, transferred].filter(Boolean)).toHaveLength(1);
      const orders = await hub.db.topupOrder.count({ where: { entitlementId: e.id } });
      const received = await hub.db.entitlement.count({ where: { transferredFromId: e.id } });
      const row = await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } });
      if (toppedUp) {
        outcomes.topup += 1;
        expect(topup.entitlement).toEqual({ id: e.id, state: "REDEEMED", redeemedBy: "topup" });
        expect(transfer.errors[0].code).toBe("NOT_TRANSFERABLE");
        expect([row.state, orders, received]).toEqual(["REDEEMED", 1, 0]);
      } else {
        outcomes.transfer += 1;
        expect(topup.errors[0].code).toBe("INVALID_STATE");
        expect([row.state, orders, received]).toEqual(["TRANSFERRED", 0, 1]);
        expect(await hub.db.topupRequest.count({ where: { entitlementId: e.id } })).toBe(0);
      }
    }
  }
  expect(outcomes.topup + outcomes.transfer).toBe(50);
  console.log(`top-up won ${outcomes.topup}, transfer won ${outcomes.transfer} of 50`);
}, 300_000);

test("a top-up leaves its usable state first: events requested then redeemed, the budget committed", async () => {
  const reservationId = await reserve(hub, owner.tenantId, 600);
  const e = await give(hub, owner, { kind: "DIRECT_TOPUP", reservationId, costFen: 600 });
  const result = await hub.request(TOPUP, { input: { entitlementId: e.id, account: PHONE } }, ownerToken);
  expect(result.data.topupEntitlement.errors).toEqual([]);
  const events = await eventsOf(hub, e.id);
  expect(events.map((x) => x.type)).toEqual([
    "entitlement.claimed",
    "entitlement.topup_requested",
    "entitlement.redeemed",
  ]);
  expect(events[1]!.payload).toEqual({ memberId: owner.id, fromState: "CLAIMED" });
  expect(await hub.db.topupRequest.findUniqueOrThrow({ where: { entitlementId: e.id } })).toMatchObject({
    outcome: "ORDERED",
    account: null,
    doneAt: expect.any(Date),
  });
  expect(
    await eventually(
      () => reservationState(hub, reservationId),
      (s) => s === "COMMITTED",
    ),
  ).toBe("COMMITTED");
});

test("a refused top-up returns the entitlement to where it was, once, with its event", async () => {
  const e = await give(hub, owner, { kind: "DIRECT_TOPUP", state: "ISSUED" });
  // Passes this service's length check; the catalog refuses it (12 digits is no phone number).
  const result = await hub.request(TOPUP, { input: { entitlementId: e.id, account: "123456789012" } }, ownerToken);
  expect(result.data.topupEntitlement).toMatchObject({ entitlement: null, errors: [{ code: "INVALID_INPUT" }] });
  const row = await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } });
  expect(row.state).toBe("ISSUED");
  const events = await eventsOf(hub, e.id);
  expect(events.map((x) => x.type)).toEqual([
    "entitlement.issued",
    "entitlement.topup_requested",
    "entitlement.topup_refused",
  ]);
  expect(events[2]!.payload).toMatchObject({ state: "ISSUED", reason: "INVALID_INPUT" });
  expect(await hub.db.topupRequest.findUniqueOrThrow({ where: { entitlementId: e.id } })).toMatchObject({
    outcome: "REFUSED",
    account: null,
  });
  // It is usable again: a good account tops it up.
  const again = await hub.request(TOPUP, { input: { entitlementId: e.id, account: PHONE } }, ownerToken);
  expect(again.data.topupEntitlement).toEqual({
    entitlement: { id: e.id, state: "REDEEMED", redeemedBy: "topup" },
    errors: [],
  });
  expect((await eventsOf(hub, e.id)).map((x) => x.type).slice(3)).toEqual([
    "entitlement.topup_requested",
    "entitlement.redeemed",
  ]);
});

test("the catalog did not answer: the entitlement stays FULFILLING and the worker orders it, once", async () => {
  const e = await give(hub, owner, { kind: "DIRECT_TOPUP" });
  const second = unreachableCatalog();
  const identity = {
    kind: "member",
    tenantId: owner.tenantId,
    memberId: owner.id,
    role: "MEMBER",
    orgUnitId: owner.orgUnitId,
  } as const;
  const result = await second.fulfilment.topup(identity, { entitlementId: e.id, account: PHONE });
  expect(result).toMatchObject({ entitlement: { id: e.id, state: "FULFILLING" }, errors: [] });
  // Nothing else can move it meanwhile.
  const transfer = await hub.request(TRANSFER, { input: { entitlementId: e.id, toMemberId: other.id } }, ownerToken);
  expect(transfer.data.transferEntitlement.errors[0].code).toBe("NOT_TRANSFERABLE");
  const request = await hub.db.topupRequest.findUniqueOrThrow({ where: { entitlementId: e.id } });
  expect(request).toMatchObject({ attempts: 1, doneAt: null, lastError: expect.stringMatching(/catalog/) });
  // The hub's own worker (a working catalog) sends it when it is due.
  const row = await eventually(
    () => hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } }),
    (r) => r.state === "REDEEMED",
  );
  expect(row.redeemedBy).toBe("topup");
  expect(await hub.db.topupOrder.count({ where: { entitlementId: e.id } })).toBe(1);
  const types = (await eventsOf(hub, e.id)).map((x) => x.type);
  expect(types.filter((t) => t === "entitlement.redeemed")).toHaveLength(1);
});

test("a request left by a crashed process is sent by a worker once its lease ran out; two workers act once", async () => {
  const e = await give(hub, owner, { kind: "DIRECT_TOPUP" });
  // What a process that died right after the move's commit leaves: FULFILLING and a request it still holds.
  await hub.db.$transaction([
    hub.db.entitlement.update({ where: { id: e.id }, data: { state: "FULFILLING" } }),
    hub.db.topupRequest.create({
      data: {
        entitlementId: e.id,
        tenantId: owner.tenantId,
        fromState: "CLAIMED",
        account: PHONE,
        attempts: 1,
        nextAttemptAt: new Date(Date.now() + 3_600_000),
      },
    }),
  ]);
  const later = new Date(Date.now() + 3_600_001);
  const a = unreachableCatalog().lifecycleWork.topups;
  const deps = buildDeps({
    db: hub.db,
    pubsub: hub.pubsub,
    log: createLogger("test", "silent"),
    internalSecret: hub.secrets.internalSecret,
    membershipUrl: hub.subgraphs.membership.url,
    catalogUrl: hub.subgraphs.catalog.url,
  });
  const workers = [
    createLifecycleServices(deps, null).lifecycleWork.topups,
    createLifecycleServices(deps, null).lifecycleWork.topups,
  ];
  expect(await a.drain(new Date())).toBe(0);
  const claimed = await Promise.all(workers.map((w) => w.drain(later)));
  expect(claimed.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(1);
  const row = await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } });
  expect(row.state).toBe("REDEEMED");
  expect(await hub.db.topupOrder.count({ where: { entitlementId: e.id } })).toBe(1);
  expect(await hub.db.topupRequest.findUniqueOrThrow({ where: { entitlementId: e.id } })).toMatchObject({
    outcome: "ORDERED",
    account: null,
  });
});
