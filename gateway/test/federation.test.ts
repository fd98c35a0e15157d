import { startTestHub, type TestHub } from "../../test/support/hub";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

describe("the federated graph through the gateway", () => {
  test("a member browses their tenant's shelf; a visitor sees no catalog", async () => {
    const token = await hub.login(hub.demo.memberEmail);
    const result = await hub.request(
      `{ shelf(first: 100) { totalCount edges { node { fromPriceFen benefit { name nameEn brand { name } }
         offers { priceFen sku { name faceValueFen fulfilmentKind } } } } } }`,
      {},
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.shelf.totalCount).toBeGreaterThanOrEqual(8);
    const names = result.data.shelf.edges.map((e: { node: { benefit: { name: string } } }) => e.node.benefit.name);
    expect(names).toContain("星巴克拿铁券");
    const visitor = await hub.request(`{ benefits(first: 100) { id } }`);
    expect(visitor.data).toEqual({ benefits: [] });
    expect((await hub.request(`{ shelf { totalCount } }`)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  test("one query spans entitlements, catalog, membership and analytics", async () => {
    const token = await hub.login(hub.demo.memberEmail);
    const result = await hub.request(
      `{ myEntitlements {
           id state
           benefit { name nameEn redemptionCount }
           member { displayName tenant { name } }
         } }`,
      {},
      token,
    );
    expect(result.errors).toBeUndefined();
    const wallet = result.data.myEntitlements;
    expect(wallet).toHaveLength(4);
    for (const entitlement of wallet) {
      expect(entitlement.member).toEqual({
        displayName: "王芳 Wang Fang",
        tenant: { name: "星辰科技 Stellar Technology" },
      });
      expect(typeof entitlement.benefit.name).toBe("string");
      expect(entitlement.benefit.redemptionCount).toBeGreaterThanOrEqual(0);
    }
    expect(wallet.filter((e: { state: string }) => e.state === "REDEEMED")).toHaveLength(1);
  });

  test("a visitor gets no member data, and a bad token is refused outright", async () => {
    const anonymous = await hub.request(`{ me { id } }`);
    expect(anonymous.data).toEqual({ me: null });

    const denied = await hub.request(`{ myEntitlements { id } }`);
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const forged = await hub.request(`{ me { id } }`, {}, "not-a-token");
    expect(forged.data).toBeUndefined();
    expect(forged.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  test("a wrong password gets a typed error and no token", async () => {
    const result = await hub.request(
      `mutation { login(input: { email: "member@stellar.example", password: "wrong" }) { accessToken errors { code } } }`,
    );
    expect(result.data.login).toEqual({ accessToken: null, errors: [{ code: "INVALID_CREDENTIALS" }] });
  });

  test("the holder redeems once; a second attempt is refused with a typed error", async () => {
    const token = await hub.login(hub.demo.memberEmail);
    const wallet = await hub.request(`{ myEntitlements { id state } }`, {}, token);
    const issued = wallet.data.myEntitlements.find((e: { state: string }) => e.state === "ISSUED");
    const redeem = `mutation ($id: ID!) { redeemEntitlement(input: { entitlementId: $id }) {
      entitlement { id state redeemedAt benefit { name } } errors { code message } } }`;

    const first = await hub.request(redeem, { id: issued.id }, token);
    expect(first.data.redeemEntitlement.errors).toEqual([]);
    expect(first.data.redeemEntitlement.entitlement.state).toBe("REDEEMED");

    const second = await hub.request(redeem, { id: issued.id }, token);
    expect(second.data.redeemEntitlement.entitlement).toBeNull();
    expect(second.data.redeemEntitlement.errors[0].code).toBe("INVALID_STATE");
  });

  test("another tenant's entitlement cannot be redeemed, nor told apart from a missing one", async () => {
    const owner = await hub.login(hub.demo.memberEmail);
    const wallet = await hub.request(`{ myEntitlements { id state } }`, {}, owner);
    const target = wallet.data.myEntitlements.find((e: { state: string }) => e.state === "ISSUED");
    const stranger = await hub.login(hub.demo.otherTenantAdminEmail);
    const result = await hub.request(
      `mutation ($id: ID!) { redeemEntitlement(input: { entitlementId: $id }) { entitlement { id } errors { code } } }`,
      { id: target.id },
      stranger,
    );
    expect(result.data.redeemEntitlement).toEqual({ entitlement: null, errors: [{ code: "NOT_FOUND" }] });
    const row = await hub.db.entitlement.findUniqueOrThrow({ where: { id: target.id } });
    expect(row.state).toBe("ISSUED");
  });

  test("concurrent redemptions of one entitlement succeed exactly once and write one event", async () => {
    const token = await hub.login(hub.demo.memberEmail);
    const wallet = await hub.request(`{ myEntitlements { id state } }`, {}, token);
    const target = wallet.data.myEntitlements.find((e: { state: string }) => e.state === "ISSUED");
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () =>
        hub.request(
          `mutation ($id: ID!) { redeemEntitlement(input: { entitlementId: $id }) { entitlement { id } errors { code } } }`,
          { id: target.id },
          token,
        ),
      ),
    );
    const succeeded = attempts.filter((a) => a.data.redeemEntitlement.errors.length === 0);
    expect(succeeded).toHaveLength(1);
    const redeemed = { entitlementId: target.id, type: "entitlement.redeemed" };
    expect(await hub.db.entitlementEvent.count({ where: redeemed })).toBe(1);
  });
});
