// Members' operations through the gateway: redeem (once, owner only, before
// expiry, budget committed), idempotency keys (retries and concurrent
// retries change nothing more), accept, the wallet and its redemption code,
// card-code reveal (owner only, recorded) and direct top-up.
import { startTestHub, type GraphQLResponse, type TestHub } from "../../../../test/support/hub";
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
let owner: DemoMember;
let colleague: DemoMember;
let ownerToken: string;
let colleagueToken: string;
let otherTenantToken: string;

beforeAll(async () => {
  hub = await startTestHub();
  owner = await member(hub, "member@stellar.example");
  colleague = await member(hub, "chen.wei@stellar.example");
  ownerToken = await hub.login(owner.email);
  colleagueToken = await hub.login(colleague.email);
  otherTenantToken = await hub.login("member@harbour.example");
}, 120_000);
afterAll(() => hub?.stop());

const REDEEM = `mutation ($input: RedeemEntitlementInput!) {
  redeemEntitlement(input: $input) { entitlement { id state redeemedBy } errors { code message field } }
}`;
const redeem = (token: string, input: object) => hub.request(REDEEM, { input }, token);

describe("redeemEntitlement", () => {
  test("redeems the holder's entitlement once; a second redeem is INVALID_STATE; the budget is committed", async () => {
    const reservationId = await reserve(hub, owner.tenantId, 500);
    const e = await give(hub, owner, { reservationId, costFen: 500 });
    const first = await redeem(ownerToken, { entitlementId: e.id });
    expect(first.data.redeemEntitlement).toEqual({
      entitlement: { id: e.id, state: "REDEEMED", redeemedBy: "member" },
      errors: [],
    });
    const second = await redeem(ownerToken, { entitlementId: e.id });
    expect(second.data.redeemEntitlement.entitlement).toBeNull();
    expect(second.data.redeemEntitlement.errors[0].code).toBe("INVALID_STATE");
    const events = await eventsOf(hub, e.id);
    expect(events.map((x) => x.type)).toEqual(["entitlement.claimed", "entitlement.redeemed"]);
    expect(events[1]!.payload).toMatchObject({ memberId: owner.id, benefitId: e.benefitId, redeemedBy: "member" });
    expect(await hub.db.budgetSettlement.findFirst({ where: { reservationId } })).toMatchObject({ kind: "COMMIT" });
    expect(
      await eventually(
        () => reservationState(hub, reservationId),
        (s) => s === "COMMITTED",
      ),
    ).toBe("COMMITTED");
    const settled = await eventually(
      () => hub.db.budgetSettlement.findUniqueOrThrow({ where: { reservationId_part: { reservationId, part: "" } } }),
      (s) => s.doneAt !== null,
    );
    expect(settled.doneAt).not.toBeNull();
  });

  test("another member's entitlement, another tenant's and a bad id are NOT_FOUND, and nothing changes", async () => {
    const e = await give(hub, owner);
    for (const token of [colleagueToken, otherTenantToken]) {
      const result = await redeem(token, { entitlementId: e.id });
      expect(result.data.redeemEntitlement).toEqual({
        entitlement: null,
        errors: [{ code: "NOT_FOUND", message: "No such entitlement", field: "entitlementId" }],
      });
    }
    expect((await redeem(ownerToken, { entitlementId: "not-an-id" })).data.redeemEntitlement.errors[0].code).toBe(
      "NOT_FOUND",
    );
    expect((await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } })).state).toBe("CLAIMED");
  });

  test("an entitlement past its expiry is EXPIRED", async () => {
    const e = await give(hub, owner, { expiresAt: new Date(Date.now() - 1000) });
    const result = await redeem(ownerToken, { entitlementId: e.id });
    expect(result.data.redeemEntitlement.errors[0].code).toBe("EXPIRED");
    expect((await eventsOf(hub, e.id)).some((x) => x.type === "entitlement.redeemed")).toBe(false);
  });
});

describe("idempotency keys", () => {
  test("a retry with the same key answers the first result and changes nothing more", async () => {
    const e = await give(hub, owner);
    const input = { entitlementId: e.id, idempotencyKey: `redeem-${e.id}` };
    const first = await redeem(ownerToken, input);
    const retry = await redeem(ownerToken, input);
    expect(first.data.redeemEntitlement.errors).toEqual([]);
    expect(retry.data.redeemEntitlement).toEqual(first.data.redeemEntitlement);
    expect((await eventsOf(hub, e.id)).length).toBe(2);
    const other = await give(hub, owner);
    const reused = await redeem(ownerToken, { entitlementId: other.id, idempotencyKey: input.idempotencyKey });
    expect(reused.data.redeemEntitlement.errors[0]).toMatchObject({ code: "IDEMPOTENCY_CONFLICT" });
    expect((await hub.db.entitlement.findUniqueOrThrow({ where: { id: other.id } })).state).toBe("CLAIMED");
  });

  test("ten concurrent redeems with one key: one redemption, one event, the same answer for all", async () => {
    const e = await give(hub, owner);
    const input = { entitlementId: e.id, idempotencyKey: `burst-${e.id}` };
    const results = await Promise.all(Array.from({ length: 10 }, () => redeem(ownerToken, input)));
    for (const r of results) {
      expect(r.data.redeemEntitlement).toEqual({
        entitlement: { id: e.id, state: "REDEEMED", redeemedBy: "member" },
        errors: [],
      });
    }
    const redeemed = (await eventsOf(hub, e.id)).filter((x) => x.type === "entitlement.redeemed");
    expect(redeemed).toHaveLength(1);
  });

  test("ten concurrent redeems without a key: exactly one succeeds", async () => {
    const e = await give(hub, owner);
    const results = await Promise.all(Array.from({ length: 10 }, () => redeem(ownerToken, { entitlementId: e.id })));
    const codes = results.map((r) => r.data.redeemEntitlement.errors[0]?.code ?? "OK").sort();
    expect(codes).toEqual(["INVALID_STATE", ...Array(8).fill("INVALID_STATE"), "OK"].sort());
    expect((await eventsOf(hub, e.id)).filter((x) => x.type === "entitlement.redeemed")).toHaveLength(1);
  });
});

type WalletPage = GraphQLResponse<{
  myWallet: { entitlements: { id: string; state: string }[]; endCursor: string | null };
}>;

describe("the wallet", () => {
  const WALLET = `query ($states: [EntitlementState!], $first: Int, $after: String) {
    myWallet(states: $states, first: $first, after: $after) {
      entitlements { id state redemptionCode transferable member { id } } endCursor
    }
  }`;

  test("pages newest first by keyset, filtered by state, without repeats", async () => {
    const all = await hub.db.entitlement.count({ where: { memberId: owner.id, state: "CLAIMED" } });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: WalletPage = await hub.request(WALLET, { states: ["CLAIMED"], first: 2, after }, ownerToken);
      for (const e of page.data!.myWallet.entitlements) {
        expect(e.state).toBe("CLAIMED");
        seen.push(e.id);
      }
      after = page.data!.myWallet.endCursor;
    } while (after);
    expect(seen.length).toBe(all);
    expect(new Set(seen).size).toBe(all);
    const bad = await hub.request(WALLET, { first: 500 }, ownerToken);
    expect(bad.errors?.[0]?.message).toMatch(/first must be 1 to 100/);
  });

  test("the redemption code is shown to its holder only, and only while usable", async () => {
    const e = await give(hub, owner);
    const mine = await hub.request(WALLET, { first: 100 }, ownerToken);
    const row = mine.data.myWallet.entitlements.find((x: { id: string }) => x.id === e.id);
    expect(row.redemptionCode).toBe(codesOf(hub).codeOf(e.id));
    expect(row.transferable).toBe(true);
    const admin = await hub.login(hub.demo.adminEmail);
    const searched = await hub.request(
      `query ($f: EntitlementSearchInput!) { searchEntitlements(filter: $f) { entitlements { id redemptionCode } } }`,
      { f: { memberId: owner.id } },
      admin,
    );
    const seenByAdmin = searched.data.searchEntitlements.entitlements.find((x: { id: string }) => x.id === e.id);
    expect(seenByAdmin).toEqual({ id: e.id, redemptionCode: null });
    await redeem(ownerToken, { entitlementId: e.id });
    const after = await hub.request(WALLET, { states: ["REDEEMED"], first: 100 }, ownerToken);
    const redeemed = after.data.myWallet.entitlements.find((x: { id: string }) => x.id === e.id);
    expect(redeemed).toMatchObject({ redemptionCode: null, transferable: false });
  });
});

describe("acceptEntitlement", () => {
  const ACCEPT = `mutation ($input: EntitlementActionInput!) {
    acceptEntitlement(input: $input) { entitlement { id state claimedAt expiresAt } errors { code } }
  }`;

  test("ISSUED -> CLAIMED, starting an N-days-after-claim validity; again is INVALID_STATE", async () => {
    const { campaign, item } = await campaignWithIssue(hub, owner, { kind: "DAYS_AFTER_CLAIM", validDays: 30 });
    const deadline = new Date(Date.now() + 86_400_000);
    const e = await give(hub, owner, {
      state: "ISSUED",
      campaignId: campaign.id,
      campaignItemId: item.id,
      expiresAt: deadline,
    });
    const before = Date.now();
    const result = await hub.request(ACCEPT, { input: { entitlementId: e.id } }, ownerToken);
    const accepted = result.data.acceptEntitlement.entitlement;
    expect(accepted.state).toBe("CLAIMED");
    const expires = Date.parse(accepted.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 30 * 86_400_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000 + 1000);
    const again = await hub.request(ACCEPT, { input: { entitlementId: e.id } }, ownerToken);
    expect(again.data.acceptEntitlement.errors).toEqual([{ code: "INVALID_STATE" }]);
    expect((await eventsOf(hub, e.id)).map((x) => x.type)).toEqual(["entitlement.issued", "entitlement.accepted"]);
    const theirs = await hub.request(ACCEPT, { input: { entitlementId: e.id } }, colleagueToken);
    expect(theirs.data.acceptEntitlement.errors).toEqual([{ code: "NOT_FOUND" }]);
    const wallet = await hub.request(
      `{ myWallet(first: 100) { entitlements { id campaign { id name items { id } } } } }`,
      {},
      ownerToken,
    );
    const held = wallet.data.myWallet.entitlements.find((x: { id: string }) => x.id === e.id);
    expect(held.campaign).toEqual({ id: campaign.id, name: campaign.name, items: [{ id: item.id }] });
  });
});

describe("revealEntitlement", () => {
  const REVEAL = `mutation ($input: RevealEntitlementInput!) {
    revealEntitlement(input: $input) {
      entitlement { id revealedAt transferable } cardCode { code pin } errors { code message }
    }
  }`;

  test("shows the card code to its owner only, records the reveal once, and ends transferability", async () => {
    const e = await give(hub, owner);
    const stranger = await hub.request(REVEAL, { input: { entitlementId: e.id } }, colleagueToken);
    expect(stranger.data.revealEntitlement).toMatchObject({ cardCode: null, errors: [{ code: "NOT_FOUND" }] });
    expect(await hub.db.cardCode.count({ where: { entitlementId: e.id } })).toBe(0);

    const first = await hub.request(REVEAL, { input: { entitlementId: e.id } }, ownerToken);
    expect(first.data.revealEntitlement.errors).toEqual([]);
    const code = first.data.revealEntitlement.cardCode.code as string;
    expect(code.length).toBeGreaterThan(4);
    expect(first.data.revealEntitlement.entitlement).toMatchObject({ transferable: false });
    expect(first.data.revealEntitlement.entitlement.revealedAt).not.toBeNull();

    const second = await hub.request(REVEAL, { input: { entitlementId: e.id } }, ownerToken);
    expect(second.data.revealEntitlement.cardCode.code).toBe(code);
    const revealedEvents = (await eventsOf(hub, e.id)).filter((x) => x.type === "entitlement.revealed");
    expect(revealedEvents).toHaveLength(1);
    const reveals = await hub.db.cardCodeReveal.findMany({ where: { entitlementId: e.id } });
    expect(reveals).toHaveLength(2);
    expect(reveals[0]).toMatchObject({ memberId: owner.id, ip: expect.any(String) });

    const stillStranger = await hub.request(REVEAL, { input: { entitlementId: e.id } }, colleagueToken);
    expect(stillStranger.data.revealEntitlement.cardCode).toBeNull();
  });

  test("concurrent first reveals allocate one code and write one event", async () => {
    const e = await give(hub, owner);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => hub.request(REVEAL, { input: { entitlementId: e.id } }, ownerToken)),
    );
    const codes = new Set(results.map((r) => r.data.revealEntitlement.cardCode?.code));
    expect(codes.size).toBe(1);
    expect(await hub.db.cardCode.count({ where: { entitlementId: e.id } })).toBe(1);
    expect((await eventsOf(hub, e.id)).filter((x) => x.type === "entitlement.revealed")).toHaveLength(1);
  });

  test("an entitlement that is not a card code has none to reveal", async () => {
    const e = await give(hub, owner, { kind: "DIRECT_TOPUP" });
    const result = await hub.request(REVEAL, { input: { entitlementId: e.id } }, ownerToken);
    expect(result.data.revealEntitlement.errors).toMatchObject([{ code: "INVALID_INPUT" }]);
  });
});

describe("topupEntitlement", () => {
  const TOPUP = `mutation ($input: TopupEntitlementInput!) {
    topupEntitlement(input: $input) { entitlement { id state redeemedBy } errors { code field } }
  }`;

  test("queues the supplier top-up once and redeems the entitlement", async () => {
    const e = await give(hub, owner, { kind: "DIRECT_TOPUP" });
    const bad = await hub.request(TOPUP, { input: { entitlementId: e.id, account: " " } }, ownerToken);
    expect(bad.data.topupEntitlement.errors).toEqual([{ code: "INVALID_INPUT", field: "account" }]);
    const result = await hub.request(TOPUP, { input: { entitlementId: e.id, account: "13800138000" } }, ownerToken);
    expect(result.data.topupEntitlement).toEqual({
      entitlement: { id: e.id, state: "REDEEMED", redeemedBy: "topup" },
      errors: [],
    });
    expect(await hub.db.topupOrder.count({ where: { entitlementId: e.id } })).toBe(1);
    const again = await hub.request(TOPUP, { input: { entitlementId: e.id, account: "13800138000" } }, ownerToken);
    expect(again.data.topupEntitlement.errors[0].code).toBe("INVALID_STATE");
    expect(await hub.db.topupOrder.count({ where: { entitlementId: e.id } })).toBe(1);
  });

  test("a card-code entitlement cannot be topped up", async () => {
    const e = await give(hub, owner);
    const result = await hub.request(TOPUP, { input: { entitlementId: e.id, account: "13800138000" } }, ownerToken);
    expect(result.data.topupEntitlement.errors).toEqual([{ code: "INVALID_INPUT", field: "entitlementId" }]);
  });
});
