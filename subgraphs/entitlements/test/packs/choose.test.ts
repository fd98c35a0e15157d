// Benefit packs end to end through the gateway: a pack issued from a PACK
// campaign (here by an issuance rule), its owner chooses N of its M options
// within the allowance, in one transaction, exactly once.
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { RedemptionCodes } from "../../src/domain/redemption-code";
import {
  createRule,
  ingest,
  liveCampaign,
  partnerKey,
  shanghaiNoon,
  shelfSkus,
  stellar,
  type Stellar,
} from "../rules/support";

let hub: TestHub;
let s: Stellar;
let key: string;
let packCampaign: { id: string; items: { id: string; costFen: number }[] };
let otherCampaign: { id: string; items: { id: string; costFen: number }[] };

const PASSWORD = "benefits-demo";
const CHOOSE = `mutation ($input: ChoosePackOptionsInput!) {
  choosePackOptions(input: $input) {
    pack { id state }
    chosen { id state isPack costFen }
    errors { code message field }
  } }`;

beforeAll(async () => {
  hub = await startTestHub();
  s = await stellar(hub);
  key = await partnerKey(hub, s, ["EVENTS_WRITE"]);
  const skus = await shelfSkus(hub, s.tenantId, 5);
  packCampaign = await liveCampaign(hub, s, {
    channel: "RULE",
    kind: "PACK",
    packChoose: 2,
    packAllowanceFen: 3000,
    items: [
      { skuId: skus[0]!, costFen: 1000 },
      { skuId: skus[1]!, costFen: 1500 },
      { skuId: skus[2]!, costFen: 2000 },
      { skuId: skus[3]!, costFen: 500 },
    ],
  });
  otherCampaign = await liveCampaign(hub, s, { channel: "RULE", items: [{ skuId: skus[4]!, costFen: 100 }] });
  await createRule(hub, s.admin, {
    name: "A welcome pack",
    eventType: "member.joined",
    trigger: "FIRST_EVENT",
    campaignId: packCampaign.id,
  });
}, 180_000);
afterAll(() => hub?.stop());

/** A member with a login and a pack of their own. */
async function memberWithPack() {
  const m = await hub.seed.member({ tenantId: s.tenantId, password: PASSWORD });
  const r = await ingest(hub, key, {
    eventId: `joined-${m.id}`,
    memberId: m.id,
    type: "member.joined",
    occurredAt: shanghaiNoon(1),
  });
  if (r.issued.length !== 1) throw new Error(`no pack: ${JSON.stringify(r)}`);
  return { member: m, token: await hub.login(m.email, PASSWORD), packId: r.issued[0]!.id };
}

const item = (i: number) => packCampaign.items[i]!.id;
const choose = async (token: string, input: Record<string, unknown>) => {
  const r = await hub.request(CHOOSE, { input }, token);
  if (!r.data?.choosePackOptions) throw new Error(`choosePackOptions: ${JSON.stringify(r)}`);
  return r.data.choosePackOptions as {
    pack: { id: string; state: string } | null;
    chosen: { id: string; state: string; isPack: boolean; costFen: number }[];
    errors: { code: string; message: string; field: string | null }[];
  };
};

/** Everything a choice could change, to compare before and after a refusal. */
async function snapshot(packId: string) {
  const pack = await hub.db.entitlement.findUniqueOrThrow({ where: { id: packId } });
  return {
    pack: { state: pack.state, redeemedAt: pack.redeemedAt },
    children: await hub.db.entitlement.count({ where: { packId } }),
    events: await hub.db.entitlementEvent.count({ where: { tenantId: s.tenantId } }),
    settlement: pack.reservationId
      ? await hub.db.budgetSettlement.count({ where: { reservationId: pack.reservationId } })
      : 0,
  };
}

test("a pack is one entitlement costing the allowance, its budget reserved for the allowance", async () => {
  const { packId } = await memberWithPack();
  const pack = await hub.db.entitlement.findUniqueOrThrow({ where: { id: packId } });
  expect(pack).toMatchObject({ isPack: true, state: "ISSUED", costFen: 3000, campaignId: packCampaign.id });
  expect(pack.reservationId).not.toBeNull();
  const reservation = await hub.db.budgetReservation.findUniqueOrThrow({ where: { id: pack.reservationId! } });
  expect(Number(reservation.amountFen)).toBe(3000);
});

test("choosing N of M within the allowance redeems the pack and creates the options, in one step", async () => {
  const { member, token, packId } = await memberWithPack();
  const r = await choose(token, { entitlementId: packId, itemIds: [item(1), item(3)] });
  expect(r.errors).toEqual([]);
  expect(r.pack).toEqual({ id: packId, state: "REDEEMED" });
  expect(r.chosen.map((c) => [c.state, c.isPack, c.costFen])).toEqual([
    ["CLAIMED", false, 1500],
    ["CLAIMED", false, 500],
  ]);

  const pack = await hub.db.entitlement.findUniqueOrThrow({ where: { id: packId } });
  expect(pack).toMatchObject({ state: "REDEEMED", redeemedBy: "pack" });
  const codes = new RedemptionCodes(hub.secrets.internalSecret);
  const items = await hub.db.campaignItem.findMany({ where: { id: { in: [item(1), item(3)] } } });
  for (const c of r.chosen) {
    const row = await hub.db.entitlement.findUniqueOrThrow({ where: { id: c.id } });
    const source = items.find((i) => i.id === row.campaignItemId)!;
    expect(row).toMatchObject({
      memberId: member.id,
      packId,
      campaignId: packCampaign.id,
      skuId: source.skuId,
      benefitId: source.benefitId,
      fulfilmentKind: source.fulfilmentKind,
      reservationId: pack.reservationId,
      reservationPart: c.id,
      codeHash: codes.hashFor(c.id),
    });
    expect(row.claimedAt).not.toBeNull();
    const events = await hub.db.entitlementEvent.findMany({ where: { entitlementId: c.id } });
    expect(events.map((e) => [e.type, e.chainSeq])).toEqual([["entitlement.claimed", 1]]);
  }
  const packEvents = await hub.db.entitlementEvent.findMany({
    where: { entitlementId: packId },
    orderBy: { chainSeq: "asc" },
  });
  expect(packEvents.map((e) => e.type)).toEqual(["entitlement.issued", "entitlement.pack_chosen"]);
  // The allowance was held when the pack was issued; what the options do not cost (1000 of 3000) goes back.
  const settlements = await hub.db.budgetSettlement.findMany({ where: { reservationId: pack.reservationId! } });
  expect(settlements).toEqual([
    expect.objectContaining({ part: "unused", amountFen: 1000, kind: "RELEASE", entitlementId: packId }),
  ]);
});

const REVOKE = `mutation ($input: RevokeEntitlementInput!) {
  revokeEntitlement(input: $input) { entitlement { id state } errors { code } }
}`;
const REDEEM = `mutation ($input: RedeemEntitlementInput!) {
  redeemEntitlement(input: $input) { entitlement { id state } errors { code } }
}`;
const LEDGER_CHECK = `query ($unit: ID!, $period: String!) {
  budgetLedgerCheck(orgUnitId: $unit, period: $period) { balanced problems }
}`;

test("the options' cost stays held, the rest is released; a revoked option returns its share once, a redeemed one spends it", async () => {
  const { token, packId } = await memberWithPack();
  const pack = await hub.db.entitlement.findUniqueOrThrow({ where: { id: packId } });
  const campaign = await hub.db.campaign.findUniqueOrThrow({ where: { id: packCampaign.id } });
  const account = () =>
    hub.db.budgetAccount.findUniqueOrThrow({
      where: {
        tenantId_orgUnitId_period: {
          tenantId: s.tenantId,
          orgUnitId: campaign.budgetOrgUnitId,
          period: campaign.budgetPeriod,
        },
      },
    });
  const held = async () => await hub.db.budgetReservation.findUniqueOrThrow({ where: { id: pack.reservationId! } });
  const settled = async (n: number) => {
    for (let i = 0; i < 100; i++) {
      const open = await hub.db.budgetSettlement.count({ where: { reservationId: pack.reservationId!, doneAt: null } });
      const all = await hub.db.budgetSettlement.count({ where: { reservationId: pack.reservationId! } });
      if (open === 0 && all === n) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("settlements were not sent");
  };
  const r = await choose(token, { entitlementId: packId, itemIds: [item(0), item(3)] }); // 1000 + 500 of 3000
  expect(r.errors).toEqual([]);
  await settled(1);
  expect(await held()).toMatchObject({ state: "HELD", amountFen: 1500n });
  const before = await account();

  // Two admins revoke the 1000 option at once: one revocation, 1000 back to the budget once.
  const [costly, cheap] = [r.chosen.find((c) => c.costFen === 1000)!, r.chosen.find((c) => c.costFen === 500)!];
  const revokes = await Promise.all(
    [0, 1].map(() => hub.request(REVOKE, { input: { entitlementId: costly.id, reason: "test" } }, s.admin)),
  );
  expect(revokes.filter((x) => x.data.revokeEntitlement.errors.length === 0)).toHaveLength(1);
  await settled(2);
  const afterRevoke = await account();
  expect(afterRevoke.availableFen - before.availableFen).toBe(1000n);
  expect(before.reservedFen - afterRevoke.reservedFen).toBe(1000n);
  expect(await held()).toMatchObject({ state: "HELD", amountFen: 500n });

  // The member redeems the other: its 500 is spent, nothing is left held.
  const redeemed = await hub.request(REDEEM, { input: { entitlementId: cheap.id } }, token);
  expect(redeemed.data.redeemEntitlement.errors).toEqual([]);
  await settled(3);
  const afterRedeem = await account();
  expect(afterRedeem.committedFen - afterRevoke.committedFen).toBe(500n);
  expect(afterRevoke.reservedFen - afterRedeem.reservedFen).toBe(500n);
  expect(await held()).toMatchObject({ state: "RELEASED", amountFen: 0n });
  const parts = await hub.db.budgetReservation.findMany({
    where: { idempotencyKey: { startsWith: `${(await held()).idempotencyKey}#part:` } },
    orderBy: { amountFen: "asc" },
  });
  expect(parts.map((p) => [p.amountFen, p.state])).toEqual([
    [500n, "COMMITTED"],
    [1000n, "RELEASED"],
    [1500n, "RELEASED"],
  ]);
  const check = await hub.request(
    LEDGER_CHECK,
    { unit: campaign.budgetOrgUnitId, period: campaign.budgetPeriod },
    s.admin,
  );
  expect(check.data.budgetLedgerCheck).toEqual({ balanced: true, problems: [] });
});

test.each([
  ["too few", () => [item(0)]],
  ["too many", () => [item(0), item(1), item(3)]],
  ["over the allowance", () => [item(1), item(2)]],
  ["the same option twice", () => [item(0), item(0)]],
  ["another campaign's item", () => [item(0), otherCampaign.items[0]!.id]],
  ["not an id", () => [item(0), "nope"]],
])("%s is INVALID_INPUT and changes nothing", async (_, ids) => {
  const { token, packId } = await memberWithPack();
  const before = await snapshot(packId);
  const r = await choose(token, { entitlementId: packId, itemIds: ids() });
  expect(r).toMatchObject({ pack: null, chosen: [], errors: [{ code: "INVALID_INPUT", field: "itemIds" }] });
  expect(await snapshot(packId)).toEqual(before);
});

test("ten concurrent choices of one pack: exactly one succeeds", async () => {
  const { token, packId } = await memberWithPack();
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      choose(token, { entitlementId: packId, itemIds: i % 2 ? [item(0), item(1)] : [item(2), item(3)] }),
    ),
  );
  expect(results.filter((r) => r.errors.length === 0)).toHaveLength(1);
  for (const r of results.filter((x) => x.errors.length)) expect(r.errors[0]!.code).toBe("INVALID_STATE");
  expect(await hub.db.entitlement.count({ where: { packId } })).toBe(2);
  const packEvents = await hub.db.entitlementEvent.count({ where: { entitlementId: packId } });
  expect(packEvents).toBe(2);
});

test("a retry with the idempotency key gets the first result, also while the first is running", async () => {
  const { token, packId } = await memberWithPack();
  const input = { entitlementId: packId, itemIds: [item(0), item(3)], idempotencyKey: `k-${packId}` };
  const results = await Promise.all(Array.from({ length: 5 }, () => choose(token, input)));
  const ids = results[0]!.chosen.map((c) => c.id).sort();
  expect(ids).toHaveLength(2);
  for (const r of results) {
    expect(r.errors).toEqual([]);
    expect(r.pack?.id).toBe(packId);
    expect(r.chosen.map((c) => c.id).sort()).toEqual(ids);
  }
  expect((await choose(token, input)).chosen.map((c) => c.id).sort()).toEqual(ids);
  expect(await hub.db.entitlement.count({ where: { packId } })).toBe(2);
  const reused = await choose(token, { ...input, itemIds: [item(0), item(1)] });
  expect(reused.errors).toMatchObject([{ code: "IDEMPOTENCY_CONFLICT" }]);
});

test("only the owner's usable, unexpired pack can be chosen", async () => {
  const a = await memberWithPack();
  const b = await memberWithPack();
  const other = await choose(b.token, { entitlementId: a.packId, itemIds: [item(0), item(3)] });
  expect(other.errors).toMatchObject([{ code: "NOT_FOUND" }]);
  const harbour = await hub.login("member@harbour.example");
  expect((await choose(harbour, { entitlementId: a.packId, itemIds: [item(0), item(3)] })).errors).toMatchObject([
    { code: "NOT_FOUND" },
  ]);

  // Past its expiry: refused whether or not the expiry sweeper has moved it to EXPIRED yet.
  await hub.db.entitlement.update({ where: { id: a.packId }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expect((await choose(a.token, { entitlementId: a.packId, itemIds: [item(0), item(3)] })).errors).toMatchObject([
    { code: "EXPIRED" },
  ]);

  const done = await choose(b.token, { entitlementId: b.packId, itemIds: [item(0), item(3)] });
  expect(done.errors).toEqual([]);
  expect((await choose(b.token, { entitlementId: b.packId, itemIds: [item(0), item(3)] })).errors).toMatchObject([
    { code: "INVALID_STATE" },
  ]);
  // An option is not a pack.
  expect(
    (await choose(b.token, { entitlementId: done.chosen[0]!.id, itemIds: [item(0), item(3)] })).errors,
  ).toMatchObject([{ code: "INVALID_INPUT", field: "entitlementId" }]);
});

test("partners and visitors may not choose", async () => {
  const { packId } = await memberWithPack();
  const partner = await hub.request(
    CHOOSE,
    { input: { entitlementId: packId, itemIds: [item(0), item(3)] } },
    undefined,
    {
      authorization: `ApiKey ${key}`,
    },
  );
  expect(partner.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  const visitor = await hub.request(CHOOSE, { input: { entitlementId: packId, itemIds: [item(0), item(3)] } });
  expect(visitor.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
});
