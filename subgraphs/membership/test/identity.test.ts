import { startTestHub, type TestHub } from "../../../test/support/hub";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

const LOGIN = `mutation ($e: String!, $p: String!) { login(input: { email: $e, password: $p }) {
  accessToken refreshToken expiresIn errors { code } } }`;
const REFRESH = `mutation ($t: String!) { refreshSession(input: { refreshToken: $t }) {
  accessToken refreshToken errors { code } } }`;
const login = (email: string, password = hub.demo.password) => hub.request(LOGIN, { e: email, p: password });
const refresh = (token: string) => hub.request(REFRESH, { t: token });

describe("sessions", () => {
  test("a refresh token is traded once for a new pair; reusing it ends the whole session", async () => {
    const first = (await login("chen.wei@stellar.example")).data.login;
    expect(first.errors).toEqual([]);
    expect(first.refreshToken).toMatch(/^[0-9a-f-]{36}\.[\w-]{43}$/);

    const second = (await refresh(first.refreshToken)).data.refreshSession;
    expect(second.errors).toEqual([]);
    const me = await hub.request(`{ me { email } }`, {}, second.accessToken);
    expect(me.data.me.email).toBe("chen.wei@stellar.example");

    const replay = (await refresh(first.refreshToken)).data.refreshSession;
    expect(replay).toMatchObject({ accessToken: null, errors: [{ code: "INVALID_REFRESH_TOKEN" }] });
    // The replay revoked the family: the token issued in between is dead too.
    expect((await refresh(second.refreshToken)).data.refreshSession.errors).toEqual([
      { code: "INVALID_REFRESH_TOKEN" },
    ]);
  });

  test("two concurrent uses of one refresh token give at most one new session", async () => {
    const { refreshToken } = (await login("emily.zhao@stellar.example")).data.login;
    const results = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
    const ok = results.filter((r) => r.data.refreshSession.errors.length === 0);
    expect(ok.length).toBeLessThanOrEqual(1);
  });

  test("logout ends the session; the stored token is a hash, never the token", async () => {
    const { refreshToken } = (await login(hub.demo.memberEmail)).data.login;
    const [id, secret] = refreshToken.split(".");
    const row = await hub.db.refreshToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).not.toContain(secret);
    const out = await hub.request(`mutation ($t: String!) { logout(input: { refreshToken: $t }) { loggedOut } }`, {
      t: refreshToken,
    });
    expect(out.data.logout.loggedOut).toBe(true);
    expect((await refresh(refreshToken)).data.refreshSession.errors).toEqual([{ code: "INVALID_REFRESH_TOKEN" }]);
  });

  test("garbage refresh tokens are refused without errors leaking anything", async () => {
    for (const token of ["", "x", "not.a.token", "00000000-0000-4000-8000-000000000000.abc"]) {
      const result = await refresh(token);
      expect(result.data.refreshSession.errors).toEqual([{ code: "INVALID_REFRESH_TOKEN" }]);
    }
  });
});

describe("API keys", () => {
  const CREATE = `mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) {
    key apiKey { id name prefix permissions lastUsedAt } errors { code } } }`;

  test("a key is shown once, stored hashed, and makes its caller a partner of one tenant", async () => {
    const admin = await hub.login(hub.demo.adminEmail);
    const created = (
      await hub.request(
        CREATE,
        { i: { name: "Coffee kiosk", permissions: ["ENTITLEMENTS_READ", "ENTITLEMENTS_REDEEM"] } },
        admin,
      )
    ).data.createApiKey;
    expect(created.errors).toEqual([]);
    expect(created.key).toMatch(/^bh_[0-9a-f]{16}_[\w-]{43}$/);
    const secret = created.key.split("_").slice(2).join("_");

    const row = await hub.db.apiKey.findUniqueOrThrow({ where: { id: created.apiKey.id } });
    expect(JSON.stringify(row)).not.toContain(secret);
    const listed = await hub.request(`{ apiKeys { id prefix name } }`, {}, admin);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed.data.apiKeys).toContainEqual({
      id: created.apiKey.id,
      prefix: created.apiKey.prefix,
      name: "Coffee kiosk",
    });

    const partner = await hub.request(`{ currentPartner { apiKeyName permissions tenant { slug } } }`, {}, undefined, {
      authorization: `ApiKey ${created.key}`,
    });
    expect(partner.data.currentPartner).toEqual({
      apiKeyName: "Coffee kiosk",
      permissions: ["ENTITLEMENTS_READ", "ENTITLEMENTS_REDEEM"],
      tenant: { slug: "stellar" },
    });
    expect((await hub.db.apiKey.findUniqueOrThrow({ where: { id: created.apiKey.id } })).lastUsedAt).not.toBeNull();

    const asMember = await hub.request(`{ myEntitlements { id } }`, {}, undefined, {
      authorization: `ApiKey ${created.key}`,
    });
    expect(asMember.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  test("a revoked key stops working at once, and both changes are audited", async () => {
    const admin = await hub.login(hub.demo.adminEmail);
    const created = (await hub.request(CREATE, { i: { name: "POS", permissions: ["CATALOG_READ"] } }, admin)).data
      .createApiKey;
    const auth = { authorization: `ApiKey ${created.key}` };
    expect((await hub.request(`{ currentPartner { apiKeyName } }`, {}, undefined, auth)).data.currentPartner).toEqual({
      apiKeyName: "POS",
    });

    const revoked = await hub.request(
      `mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { apiKey { revokedAt } errors { code } } }`,
      { id: created.apiKey.id },
      admin,
    );
    expect(revoked.data.revokeApiKey.errors).toEqual([]);
    // The gateway cached the key; the revocation's pub/sub message evicts it.
    await new Promise((r) => setTimeout(r, 200));
    const after = await hub.request(`{ currentPartner { apiKeyName } }`, {}, undefined, auth);
    expect(after.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

    const actions = (await hub.db.auditEntry.findMany({ where: { targetId: created.apiKey.id } }))
      .map((e) => e.action)
      .sort();
    expect(actions).toEqual(["api_key.create", "api_key.revoke"]);
  });

  test("members cannot make keys, another tenant cannot revoke them, forged keys get nothing", async () => {
    const member = await hub.login(hub.demo.memberEmail);
    const denied = await hub.request(CREATE, { i: { name: "mine", permissions: ["CATALOG_READ"] } }, member);
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const admin = await hub.login(hub.demo.adminEmail);
    const created = (await hub.request(CREATE, { i: { name: "Kept", permissions: ["CATALOG_READ"] } }, admin)).data
      .createApiKey;
    const stranger = await hub.login(hub.demo.otherTenantAdminEmail);
    const foreign = await hub.request(
      `mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { errors { code } } }`,
      { id: created.apiKey.id },
      stranger,
    );
    expect(foreign.data.revokeApiKey.errors).toEqual([{ code: "NOT_FOUND" }]);
    expect((await hub.db.apiKey.findUniqueOrThrow({ where: { id: created.apiKey.id } })).revokedAt).toBeNull();

    const forged = created.key.slice(0, -4) + "AAAA";
    const result = await hub.request(`{ benefits { id } }`, {}, undefined, { authorization: `ApiKey ${forged}` });
    expect(result.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});
