// Partners at the point of service, through the gateway with an API key:
// verify the code a member shows (their own tenant's only), redeem it once
// (idempotent, settled), list the tenant's entitlements; keys without the
// permission, and members, are refused.
import { demoApiKey } from "../../../../prisma/seed/demo-data";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { codesOf, eventsOf, eventually, give, member, reservationState, reserve, type DemoMember } from "./support";

let hub: TestHub;
let holder: DemoMember;
let demoKeyId: string;
const asPartner = (key = demoApiKey()) => ({ authorization: `ApiKey ${key}` });

beforeAll(async () => {
  hub = await startTestHub();
  holder = await member(hub, "member@stellar.example");
  demoKeyId = (await hub.db.apiKey.findFirstOrThrow({ where: { tenantId: holder.tenantId } })).id;
}, 120_000);
afterAll(() => hub?.stop());

const VERIFY = `query ($code: String!) {
  verifyRedemptionCode(code: $code) { entitlement { id state member { id } } redeemable reason }
}`;
const REDEEM_CODE = `mutation ($input: RedeemCodeInput!) {
  redeemCode(input: $input) { entitlement { id state redeemedBy } errors { code field } }
}`;

test("verifies a member's code however it is typed; unknown codes and another tenant's are null", async () => {
  const e = await give(hub, holder);
  const code = codesOf(hub).codeOf(e.id);
  for (const typed of [code, code.replace(/-/g, " ").toLowerCase(), code.replace(/-/g, "")]) {
    const result = await hub.request(VERIFY, { code: typed }, undefined, asPartner());
    expect(result.data.verifyRedemptionCode).toEqual({
      entitlement: { id: e.id, state: "CLAIMED", member: { id: holder.id } },
      redeemable: true,
      reason: null,
    });
  }
  const harbour = await give(hub, await member(hub, "member@harbour.example"));
  const foreign = await hub.request(VERIFY, { code: codesOf(hub).codeOf(harbour.id) }, undefined, asPartner());
  expect(foreign.data.verifyRedemptionCode).toBeNull();
  const unknown = await hub.request(VERIFY, { code: "AAAA-BBBB-CCCC-DDDD" }, undefined, asPartner());
  expect(unknown.data.verifyRedemptionCode).toBeNull();
  const expired = await give(hub, holder, { expiresAt: new Date(Date.now() - 1000) });
  const late = await hub.request(VERIFY, { code: codesOf(hub).codeOf(expired.id) }, undefined, asPartner());
  expect(late.data.verifyRedemptionCode).toMatchObject({ redeemable: false });
});

test("a field the key may not see is a field error: the verification of a valid code still answers", async () => {
  const e = await give(hub, holder);
  const row = await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } });
  const result = await hub.request(
    `query ($code: String!) {
      verifyRedemptionCode(code: $code) {
        entitlement { id state benefit { id name } member { id displayName } } redeemable reason
      }
    }`,
    { code: codesOf(hub).codeOf(e.id) },
    undefined,
    asPartner(),
  );
  expect(result.data.verifyRedemptionCode).toEqual({
    entitlement: { id: e.id, state: "CLAIMED", benefit: { id: row.benefitId, name: expect.any(String) }, member: null },
    redeemable: true,
    reason: null,
  });
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]).toMatchObject({
    message: expect.stringMatching(/not authori[sz]ed/i),
    path: ["verifyRedemptionCode", "entitlement", "member", "displayName"],
  });
  // The holder still reads their own name through the same field.
  const token = await hub.login("member@stellar.example");
  const own = await hub.request(`{ myEntitlements { id member { id displayName } } }`, {}, token);
  expect(own.errors).toBeUndefined();
  expect(own.data.myEntitlements.find((x: { id: string }) => x.id === e.id).member).toEqual({
    id: holder.id,
    displayName: expect.any(String),
  });
});

test("redeems a code once with an idempotency key, settles its budget, and verifies as used after", async () => {
  const reservationId = await reserve(hub, holder.tenantId, 300);
  const e = await give(hub, holder, { reservationId, costFen: 300 });
  const input = { code: codesOf(hub).codeOf(e.id), idempotencyKey: `kiosk-${e.id}` };
  const first = await hub.request(REDEEM_CODE, { input }, undefined, asPartner());
  expect(first.data.redeemCode).toEqual({
    entitlement: { id: e.id, state: "REDEEMED", redeemedBy: `partner:${demoKeyId}` },
    errors: [],
  });
  const retry = await hub.request(REDEEM_CODE, { input }, undefined, asPartner());
  expect(retry.data.redeemCode).toEqual(first.data.redeemCode);
  const fresh = await hub.request(REDEEM_CODE, { input: { code: input.code } }, undefined, asPartner());
  expect(fresh.data.redeemCode.errors).toEqual([{ code: "INVALID_STATE", field: null }]);
  expect((await eventsOf(hub, e.id)).filter((x) => x.type === "entitlement.redeemed")).toHaveLength(1);
  const verified = await hub.request(VERIFY, { code: input.code }, undefined, asPartner());
  expect(verified.data.verifyRedemptionCode).toMatchObject({ redeemable: false, entitlement: { state: "REDEEMED" } });
  expect(
    await eventually(
      () => reservationState(hub, reservationId),
      (s) => s === "COMMITTED",
    ),
  ).toBe("COMMITTED");
});

test("concurrent redeems of one code: exactly one succeeds", async () => {
  const e = await give(hub, holder);
  const code = codesOf(hub).codeOf(e.id);
  const results = await Promise.all(
    Array.from({ length: 8 }, () => hub.request(REDEEM_CODE, { input: { code } }, undefined, asPartner())),
  );
  expect(results.filter((r) => r.data.redeemCode.errors.length === 0)).toHaveLength(1);
});

test("another tenant's code and an unknown code are NOT_FOUND, and nothing changes", async () => {
  const harbour = await give(hub, await member(hub, "member@harbour.example"));
  for (const code of [codesOf(hub).codeOf(harbour.id), "nope"]) {
    const result = await hub.request(REDEEM_CODE, { input: { code } }, undefined, asPartner());
    expect(result.data.redeemCode).toEqual({ entitlement: null, errors: [{ code: "NOT_FOUND", field: "code" }] });
  }
  expect((await hub.db.entitlement.findUniqueOrThrow({ where: { id: harbour.id } })).state).toBe("CLAIMED");
});

test("partnerEntitlements lists the key's tenant's entitlements only", async () => {
  const e = await give(hub, holder);
  const result = await hub.request(
    `query ($f: EntitlementSearchInput!) { partnerEntitlements(filter: $f, first: 200) { entitlements { id member { id } } } }`,
    { f: { memberId: holder.id, states: ["CLAIMED"] } },
    undefined,
    asPartner(),
  );
  const ids = result.data.partnerEntitlements.entitlements.map((x: { id: string }) => x.id);
  expect(ids).toContain(e.id);
  const harbour = await member(hub, "member@harbour.example");
  const foreign = await hub.request(
    `query ($f: EntitlementSearchInput!) { partnerEntitlements(filter: $f) { entitlements { id } } }`,
    { f: { memberId: harbour.id } },
    undefined,
    asPartner(),
  );
  expect(foreign.data.partnerEntitlements.entitlements).toEqual([]);
});

test("a key without entitlements:redeem cannot redeem; members cannot use the partner API", async () => {
  const admin = await hub.login(hub.demo.adminEmail);
  const created = await hub.request(
    `mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { key errors { code } } }`,
    { i: { name: "read-only kiosk", permissions: ["ENTITLEMENTS_READ"] } },
    admin,
  );
  const readOnly = created.data.createApiKey.key as string;
  const e = await give(hub, holder);
  const code = codesOf(hub).codeOf(e.id);
  const verified = await hub.request(VERIFY, { code }, undefined, asPartner(readOnly));
  expect(verified.data.verifyRedemptionCode.redeemable).toBe(true);
  const refused = await hub.request(REDEEM_CODE, { input: { code } }, undefined, asPartner(readOnly));
  expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  const memberToken = await hub.login(holder.email);
  const asMember = await hub.request(VERIFY, { code }, memberToken);
  expect(asMember.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  expect((await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } })).state).toBe("CLAIMED");
});
