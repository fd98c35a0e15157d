// Login and refresh limits: per client address and per account, in sliding windows kept in the shared store
// (PostgreSQL, or Redis with TEST_REDIS_URL), so separate membership instances agree; and one answer for an unknown
// email, a wrong password and a limited attempt.
import { randomUUID } from "node:crypto";
import { anonymous, createLogger, internalTokenCodec } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../test/support/hub";
import { startMembership } from "../src/server";
import type { RunningSubgraph } from "@benefits-hub/platform";
import type { AuthLimits } from "../src/domain/auth-limits";

// Waits long enough that a slow machine never turns a refusal into a pass.
const limits: Partial<AuthLimits> = {
  addressFailures: 8,
  accountAtAddress: { freeFailures: 3, firstDelaySeconds: 120, maxDelaySeconds: 300, windowSeconds: 900 },
  account: { freeFailures: 5, firstDelaySeconds: 120, maxDelaySeconds: 300, windowSeconds: 900 },
  memberRefreshes: 4,
};
const PASSWORD = "correct horse battery staple";

let hub: TestHub;
let second: RunningSubgraph;
let tenantId: string;
beforeAll(async () => {
  hub = await startTestHub({ membership: { authLimits: limits } });
  // A second membership process's worth: its own server and store connection, the same database (and Redis).
  second = await startMembership({
    port: 0,
    db: hub.db,
    internalSecret: hub.secrets.internalSecret,
    authSecret: hub.secrets.authSecret,
    pubsub: hub.pubsub,
    log: createLogger("second-membership", "silent"),
    redisUrl: process.env.TEST_REDIS_URL,
    authLimits: limits,
  });
  tenantId = (await hub.seed.tenant()).id;
}, 120_000);
afterAll(async () => {
  await second?.close();
  await hub?.stop();
});

const LOGIN = `mutation ($e: String!, $p: String!) { login(input: { email: $e, password: $p }) {
  accessToken refreshToken errors { code message retryAfterSeconds } } }`;
const REFRESH = `mutation ($t: String!) { refreshSession(input: { refreshToken: $t }) {
  accessToken refreshToken errors { code message retryAfterSeconds } } }`;

/** Calls a membership instance as the gateway would for a caller at `ip`. */
async function call(instance: RunningSubgraph, ip: string, query: string, variables: object) {
  const token = await internalTokenCodec(hub.secrets.internalSecret).sign(anonymous, { ip });
  const response = await fetch(instance.url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-identity": token },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown };
  if (!body.data) throw new Error(`membership answered ${JSON.stringify(body)}`);
  return body.data;
}
const login = (ip: string, email: string, password: string, instance = hub.subgraphs.membership) =>
  call(instance, ip, LOGIN, { e: email, p: password }).then((d) => d.login);
const refresh = (ip: string, token: string) =>
  call(hub.subgraphs.membership, ip, REFRESH, { t: token }).then((d) => d.refreshSession);

const newAddress = () => `10.${rand()}.${rand()}.${rand()}`;
const rand = () => Math.floor(Math.random() * 250) + 1;
const member = async () => (await hub.seed.member({ tenantId, password: PASSWORD })).email;
const wrong = { code: "INVALID_CREDENTIALS", retryAfterSeconds: null };

describe("one answer whether or not the account exists", () => {
  test("wrong password, unknown email and a limited attempt answer alike; limits hit both the same", async () => {
    const known = await member();
    const unknown = `nobody-${randomUUID()}@example.test`;
    const ip = newAddress();
    for (let i = 0; i < 3; i++) {
      const [a, b] = [await login(ip, known, "wrong"), await login(ip, unknown, "wrong")];
      expect(a).toEqual({ accessToken: null, refreshToken: null, errors: [expect.objectContaining(wrong)] });
      expect(b).toEqual(a);
    }
    const [limitedKnown, limitedUnknown] = [await login(ip, known, PASSWORD), await login(ip, unknown, "x")];
    for (const limited of [limitedKnown, limitedUnknown]) {
      expect(limited.accessToken).toBeNull();
      expect(limited.errors).toEqual([
        { code: "INVALID_CREDENTIALS", message: limitedKnown.errors[0].message, retryAfterSeconds: expect.any(Number) },
      ]);
    }
    expect(limitedKnown.errors[0].message).toBe((await login(newAddress(), unknown, "x")).errors[0].message);
    // The same rule for both: the wait after the fourth failure from one address (120 s, less the time since).
    for (const limited of [limitedKnown, limitedUnknown]) {
      expect(limited.errors[0].retryAfterSeconds).toBeGreaterThan(60);
      expect(limited.errors[0].retryAfterSeconds).toBeLessThanOrEqual(120);
    }
  });

  test("the deprecated LOCKED code is never answered, and the member row keeps no lock", async () => {
    const known = await member();
    const ip = newAddress();
    for (let i = 0; i < 6; i++) expect((await login(ip, known, "wrong")).errors[0].code).toBe("INVALID_CREDENTIALS");
    expect(Object.keys(await hub.db.member.findUniqueOrThrow({ where: { email: known } }))).not.toContain(
      "lockedUntil",
    );
  });
});

describe("per account", () => {
  test("failures from one address throttle that address only: the owner elsewhere signs in", async () => {
    const email = await member();
    const attacker = newAddress();
    for (let i = 0; i < 3; i++) await login(attacker, email, `guess-${i}`);
    expect((await login(attacker, email, PASSWORD)).errors[0].retryAfterSeconds).toBeGreaterThan(0);
    const owner = await login(newAddress(), email, PASSWORD);
    expect(owner.errors).toEqual([]);
    expect(owner.accessToken).toEqual(expect.any(String));
  });

  test("guesses from many addresses slow the account down, and refused attempts do not extend the wait", async () => {
    const email = await member();
    for (let i = 0; i < 5; i++) expect((await login(newAddress(), email, `guess-${i}`)).errors[0]).toMatchObject(wrong);
    const first = (await login(newAddress(), email, "guess-5")).errors[0].retryAfterSeconds;
    expect(first).toBeGreaterThan(60);
    expect(first).toBeLessThanOrEqual(120);
    // Hammering while refused costs nothing and moves nothing.
    for (let i = 0; i < 5; i++) await login(newAddress(), email, `hammer-${i}`);
    const later = (await login(newAddress(), email, PASSWORD)).errors[0].retryAfterSeconds;
    expect(later).toBeLessThanOrEqual(first);
  });

  test("the wait is capped and short: after it the owner signs in, and a success starts the account afresh", async () => {
    const quick: Partial<AuthLimits> = {
      ...limits,
      account: { freeFailures: 2, firstDelaySeconds: 1, maxDelaySeconds: 2, windowSeconds: 900 },
    };
    const instance = await startMembership({
      port: 0,
      db: hub.db,
      internalSecret: hub.secrets.internalSecret,
      authSecret: hub.secrets.authSecret,
      pubsub: hub.pubsub,
      log: createLogger("quick-membership", "silent"),
      redisUrl: process.env.TEST_REDIS_URL,
      authLimits: quick,
    });
    try {
      const email = await member();
      for (let i = 0; i < 6; i++) await login(newAddress(), email, `guess-${i}`, instance);
      const refused = await login(newAddress(), email, PASSWORD, instance);
      const wait = refused.errors[0]?.retryAfterSeconds ?? 0;
      expect(wait).toBeLessThanOrEqual(2);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
      expect((await login(newAddress(), email, PASSWORD, instance)).errors).toEqual([]);
      // The success cleared the account's failures: two more are free again.
      for (let i = 0; i < 2; i++)
        expect((await login(newAddress(), email, "x", instance)).errors[0]).toMatchObject(wrong);
    } finally {
      await instance.close();
    }
  });
});

describe("per address", () => {
  test("an address past its failures is refused for every account, even with the right password", async () => {
    const ip = newAddress();
    for (let i = 0; i < 8; i++) await login(ip, `spray-${randomUUID()}@example.test`, "Password1");
    const email = await member();
    expect((await login(ip, email, PASSWORD)).errors[0].retryAfterSeconds).toBeGreaterThan(0);
    expect((await login(newAddress(), email, PASSWORD)).errors).toEqual([]);
  });

  test("two membership instances share the windows", async () => {
    const ip = newAddress();
    for (let i = 0; i < 8; i++) {
      const instance = i % 2 === 0 ? hub.subgraphs.membership : second;
      expect((await login(ip, `spray-${randomUUID()}@example.test`, "x", instance)).errors[0]).toMatchObject(wrong);
    }
    const email = await member();
    for (const instance of [hub.subgraphs.membership, second]) {
      expect((await login(ip, email, PASSWORD, instance)).errors[0].retryAfterSeconds).toBeGreaterThan(0);
    }
  });

  test("parallel guesses count each other: no burst gets past the limit", async () => {
    const ip = newAddress();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => login(ip, `burst-${randomUUID()}@example.test`, "x")),
    );
    const checked = results.filter((r) => r.errors[0].retryAfterSeconds === null);
    expect(checked.length).toBeLessThanOrEqual(8);
    expect(checked.length).toBeGreaterThan(0);
  });
});

describe("refresh", () => {
  test("bad refresh tokens count against the address; a good one from there is then refused", async () => {
    const { refreshToken } = await login(newAddress(), await member(), PASSWORD);
    const ip = newAddress();
    for (let i = 0; i < 8; i++) {
      expect((await refresh(ip, `${randomUUID()}.forged`)).errors[0]).toMatchObject({ code: "INVALID_REFRESH_TOKEN" });
    }
    const refused = await refresh(ip, refreshToken);
    expect(refused.errors[0]).toMatchObject({ code: "INVALID_REFRESH_TOKEN", retryAfterSeconds: expect.any(Number) });
    // Refused before the token was looked at: it still works from elsewhere.
    expect((await refresh(newAddress(), refreshToken)).errors).toEqual([]);
  });

  test("one member's sessions are refreshed at most memberRefreshes times a window", async () => {
    let { refreshToken } = await login(newAddress(), await member(), PASSWORD);
    for (let i = 0; i < 4; i++) {
      const next = await refresh(newAddress(), refreshToken);
      expect(next.errors).toEqual([]);
      refreshToken = next.refreshToken;
    }
    const refused = await refresh(newAddress(), refreshToken);
    expect(refused.errors[0].retryAfterSeconds).toBeGreaterThan(0);
  });
});
