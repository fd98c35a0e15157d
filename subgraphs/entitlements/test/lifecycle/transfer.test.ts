// Transfer (转赠) through the gateway: once, within the tenant, before
// expiry, never after redemption or a reveal; the giver's entitlement is
// then refused for redemption. And risk control in front of redeem and
// transfer: refusals change nothing; an approved review carries them out.
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { eventsOf, eventually, give, member, reservationState, reserve, type DemoMember } from "./support";

let hub: TestHub;
let giver: DemoMember;
let recipient: DemoMember;
let giverToken: string;
let recipientToken: string;

beforeAll(async () => {
  hub = await startTestHub();
  giver = await member(hub, "member@stellar.example");
  recipient = await member(hub, "chen.wei@stellar.example");
  giverToken = await hub.login(giver.email);
  recipientToken = await hub.login(recipient.email);
}, 120_000);
afterAll(() => hub?.stop());

const TRANSFER = `mutation ($input: TransferEntitlementInput!) {
  transferEntitlement(input: $input) {
    received { id state member { id } transferable transferredFrom { id state } expiresAt costFen }
    errors { code message field riskDecisionId }
  }
}`;
const REDEEM = `mutation ($input: RedeemEntitlementInput!) {
  redeemEntitlement(input: $input) { entitlement { id state } errors { code riskDecisionId } }
}`;
const transfer = (token: string, input: object, headers?: Record<string, string>) =>
  hub.request(TRANSFER, { input }, token, headers);
// Callers placed by their address (the gateway trusts X-Forwarded-For in the test hub, as behind the web app).
const FROM_SHANGHAI = { "x-forwarded-for": "202.96.209.133" };
const FROM_BEIJING = { "x-forwarded-for": "123.125.114.144" };

test("the recipient gets a new CLAIMED entitlement with the same reservation; the giver's cannot be redeemed", async () => {
  const reservationId = await reserve(hub, giver.tenantId, 800);
  const expiresAt = new Date(Date.now() + 7 * 86_400_000);
  const source = await give(hub, giver, { reservationId, costFen: 800, expiresAt });
  const result = await transfer(giverToken, { entitlementId: source.id, toMemberId: recipient.id });
  expect(result.data.transferEntitlement.errors).toEqual([]);
  const received = result.data.transferEntitlement.received;
  expect(received).toMatchObject({
    state: "CLAIMED",
    member: { id: recipient.id },
    transferable: false,
    transferredFrom: { id: source.id, state: "TRANSFERRED" },
    expiresAt: expiresAt.toISOString(),
    costFen: 800,
  });
  const rows = await hub.db.entitlement.findMany({ where: { id: { in: [source.id, received.id] } } });
  const src = rows.find((r) => r.id === source.id)!;
  const dst = rows.find((r) => r.id === received.id)!;
  expect(src).toMatchObject({ state: "TRANSFERRED", transferredToId: dst.id });
  expect(dst).toMatchObject({ transferredFromId: src.id, reservationId, skuId: src.skuId, benefitId: src.benefitId });
  expect(dst.codeHash).not.toBe(src.codeHash);
  expect((await eventsOf(hub, source.id)).map((e) => e.type)).toEqual([
    "entitlement.claimed",
    "entitlement.transferred_out",
  ]);
  expect((await eventsOf(hub, dst.id)).map((e) => e.type)).toEqual(["entitlement.transferred_in"]);

  const redeemAfterTransfer = await hub.request(REDEEM, { input: { entitlementId: source.id } }, giverToken);
  expect(redeemAfterTransfer.data.redeemEntitlement.errors[0].code).toBe("INVALID_STATE");
  const again = await transfer(giverToken, { entitlementId: source.id, toMemberId: recipient.id });
  expect(again.data.transferEntitlement.errors[0].code).toBe("NOT_TRANSFERABLE");

  const redeemed = await hub.request(REDEEM, { input: { entitlementId: dst.id } }, recipientToken);
  expect(redeemed.data.redeemEntitlement.entitlement.state).toBe("REDEEMED");
  expect(
    await eventually(
      () => reservationState(hub, reservationId),
      (s) => s === "COMMITTED",
    ),
  ).toBe("COMMITTED");
});

test("a received entitlement cannot move again", async () => {
  const source = await give(hub, giver);
  const first = await transfer(giverToken, { entitlementId: source.id, toMemberId: recipient.id });
  const receivedId = first.data.transferEntitlement.received.id;
  const back = await transfer(recipientToken, { entitlementId: receivedId, toMemberId: giver.id });
  expect(back.data.transferEntitlement.errors[0]).toMatchObject({ code: "NOT_TRANSFERABLE" });
  expect((await hub.db.entitlement.findUniqueOrThrow({ where: { id: receivedId } })).state).toBe("CLAIMED");
});

test("refused: after redemption, after a reveal, after expiry, to oneself, to another tenant's member, a pack", async () => {
  const harbour = await member(hub, "member@harbour.example");
  const cases: [Parameters<typeof give>[2], string, string][] = [
    [{ state: "REDEEMED" }, recipient.id, "NOT_TRANSFERABLE"],
    [{ revealedAt: new Date() }, recipient.id, "NOT_TRANSFERABLE"],
    [{ expiresAt: new Date(Date.now() - 1000) }, recipient.id, "EXPIRED"],
    [{}, giver.id, "INVALID_INPUT"],
    [{}, harbour.id, "NOT_FOUND"],
    [{}, "not-a-member", "INVALID_INPUT"],
  ];
  for (const [options, to, code] of cases) {
    const e = await give(hub, giver, options);
    const result = await transfer(giverToken, { entitlementId: e.id, toMemberId: to });
    expect([code, result.data.transferEntitlement.errors[0]?.code]).toEqual([code, code]);
    const after = await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } });
    expect(after.state).not.toBe("TRANSFERRED");
  }
  const pack = await give(hub, giver);
  await hub.db.entitlement.update({ where: { id: pack.id }, data: { isPack: true } });
  const packResult = await transfer(giverToken, { entitlementId: pack.id, toMemberId: recipient.id });
  expect(packResult.data.transferEntitlement.errors[0].code).toBe("NOT_TRANSFERABLE");
});

test("someone else's entitlement is NOT_FOUND", async () => {
  const e = await give(hub, recipient);
  const result = await transfer(giverToken, { entitlementId: e.id, toMemberId: giver.id });
  expect(result.data.transferEntitlement).toMatchObject({ received: null, errors: [{ code: "NOT_FOUND" }] });
});

test("concurrent transfers of one entitlement: one recipient entitlement", async () => {
  const e = await give(hub, giver);
  const results = await Promise.all(
    Array.from({ length: 6 }, () => transfer(giverToken, { entitlementId: e.id, toMemberId: recipient.id })),
  );
  expect(results.filter((r) => r.data.transferEntitlement.errors.length === 0)).toHaveLength(1);
  expect(await hub.db.entitlement.count({ where: { transferredFromId: e.id } })).toBe(1);
});

describe("risk control", () => {
  const CREATE_RULE = `mutation ($input: CreateRiskRuleInput!) { createRiskRule(input: $input) { rule { id } errors { code message } } }`;
  const REVIEW = `mutation ($input: ReviewRiskDecisionInput!) {
    reviewRiskDecision(input: $input) { executed message errors { code } }
  }`;
  let harbourMember: DemoMember;
  let harbourColleague: DemoMember;
  let memberToken: string;
  let adminToken: string;

  beforeAll(async () => {
    // Harbour's rules: transfers without device facts are denied; redeems outside CN-31 go to review.
    // The region comes from the caller's address: these members call from Shanghai unless a test says otherwise.
    harbourMember = await member(hub, "member@harbour.example");
    harbourColleague = await member(hub, "sarah.wu@harbour.example");
    memberToken = await hub.login(harbourMember.email);
    adminToken = await hub.login("admin@harbour.example");
    for (const input of [
      { name: "identity for transfers", kind: "IDENTITY", actions: ["TRANSFER"], outcome: "DENY" },
      {
        name: "Shanghai redeems",
        kind: "REGION",
        actions: ["REDEEM"],
        config: { allowedRegions: ["CN-31"] },
        outcome: "REVIEW",
      },
    ]) {
      const created = await hub.request(CREATE_RULE, { input }, adminToken);
      expect(created.data.createRiskRule.errors).toEqual([]);
    }
  });

  test("a denied transfer is RISK_DENIED with its decision, and changes nothing", async () => {
    const e = await give(hub, harbourMember);
    const denied = await transfer(memberToken, { entitlementId: e.id, toMemberId: harbourColleague.id });
    const error = denied.data.transferEntitlement.errors[0];
    expect(error.code).toBe("RISK_DENIED");
    expect(await hub.db.riskDecision.findUniqueOrThrow({ where: { id: error.riskDecisionId } })).toMatchObject({
      action: "TRANSFER",
      outcome: "DENY",
      entitlementId: e.id,
    });
    expect((await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } })).state).toBe("CLAIMED");
    const allowed = await transfer(
      memberToken,
      { entitlementId: e.id, toMemberId: harbourColleague.id, risk: { deviceId: "device-1" } },
      FROM_SHANGHAI,
    );
    expect(allowed.data.transferEntitlement.errors).toEqual([]);
  });

  test("a redeem held for review is carried out once when an admin approves it", async () => {
    const e = await give(hub, harbourMember);
    // A client that claims to be in Shanghai is not believed: its address is in Beijing.
    const held = await hub.request(
      REDEEM,
      { input: { entitlementId: e.id, risk: { deviceId: "d", region: "CN-31" } } },
      memberToken,
      FROM_BEIJING,
    );
    const error = held.data.redeemEntitlement.errors[0];
    expect(error.code).toBe("RISK_REVIEW");
    expect((await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } })).state).toBe("CLAIMED");
    const approved = await hub.request(
      REVIEW,
      { input: { decisionId: error.riskDecisionId, approve: true } },
      adminToken,
    );
    expect(approved.data.reviewRiskDecision).toEqual({ executed: true, message: null, errors: [] });
    const row = await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } });
    expect(row).toMatchObject({ state: "REDEEMED", redeemedBy: "member" });
    expect((await eventsOf(hub, e.id)).filter((x) => x.type === "entitlement.redeemed")).toHaveLength(1);
  });

  test("an approved review of an entitlement redeemed meanwhile is not carried out", async () => {
    const e = await give(hub, harbourMember);
    const held = await hub.request(REDEEM, { input: { entitlementId: e.id } }, memberToken);
    const decisionId = held.data.redeemEntitlement.errors[0].riskDecisionId;
    const ok = await hub.request(
      REDEEM,
      { input: { entitlementId: e.id, risk: { deviceId: "d" } } },
      memberToken,
      FROM_SHANGHAI,
    );
    expect(ok.data.redeemEntitlement.errors).toEqual([]);
    const approved = await hub.request(REVIEW, { input: { decisionId, approve: true } }, adminToken);
    expect(approved.data.reviewRiskDecision.executed).toBe(false);
    expect((await eventsOf(hub, e.id)).filter((x) => x.type === "entitlement.redeemed")).toHaveLength(1);
  });
});
