// The catalog's client for members' audiences: cached, coalesced, failing closed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { IDENTITY_HEADER, internalTokenCodec, type Logger } from "@benefits-hub/platform";
import { AudienceClient } from "../src/clients/audience.client";
import { startTestHub, type TestHub } from "../../../test/support/hub";

const SECRET = "audience-client-test-secret-0123456789abcdef";
const tenantId = randomUUID();

/** A stand-in for membership: counts requests, checks the identity, answers what `reply` says. */
class FakeMembership {
  requests: { identity: unknown; body: { tenantId: string; memberId: string } }[] = [];
  reply: (body: { memberId: string }) => { status: number; body: unknown; delayMs?: number } = () => ({
    status: 200,
    body: { tier: "gold", segmentIds: ["s1"] },
  });
  private server!: Server;
  url = "";

  async start() {
    const codec = internalTokenCodec(SECRET);
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let raw = "";
      req.on("data", (chunk) => (raw += chunk));
      req.on("end", async () => {
        const identity = await codec.verify(req.headers[IDENTITY_HEADER] as string).catch(() => null);
        const body = JSON.parse(raw);
        this.requests.push({ identity, body });
        const answer = identity && req.url === "/internal/audience" ? this.reply(body) : { status: 401, body: {} };
        setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
        }, answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function recordingLog() {
  const warnings: unknown[][] = [];
  const noop = () => {};
  const log = { warn: (...args: unknown[]) => warnings.push(args), info: noop, debug: noop, error: noop, trace: noop };
  return { log: log as unknown as Logger, warnings };
}

let membership: FakeMembership;
beforeEach(async () => {
  membership = new FakeMembership();
  await membership.start();
});
afterEach(() => membership.stop());

const client = (opts: { ttlMs?: number; timeoutMs?: number; baseUrl?: string; maxEntries?: number } = {}) => {
  const { log, warnings } = recordingLog();
  return {
    warnings,
    audiences: new AudienceClient({ baseUrl: membership.url, internalSecret: SECRET, log, ...opts }),
  };
};

test("asks membership as the catalog service and caches the answer per member", async () => {
  const { audiences } = client();
  const memberId = randomUUID();
  expect(await audiences.audienceOf(tenantId, memberId)).toEqual({ tier: "gold", segmentIds: ["s1"] });
  expect(await audiences.audienceOf(tenantId, memberId)).toEqual({ tier: "gold", segmentIds: ["s1"] });
  expect(membership.requests).toEqual([
    { identity: { kind: "service", service: "catalog" }, body: { tenantId, memberId } },
  ]);
  // Another member is asked for; a caller changing its answer changes nothing cached.
  const other = randomUUID();
  (await audiences.audienceOf(tenantId, other)).segmentIds.push("mine");
  expect(await audiences.audienceOf(tenantId, other)).toEqual({ tier: "gold", segmentIds: ["s1"] });
  expect(membership.requests).toHaveLength(2);
});

test("asks again once the TTL has passed", async () => {
  const { audiences } = client({ ttlMs: 50 });
  const memberId = randomUUID();
  await audiences.audienceOf(tenantId, memberId);
  await new Promise((r) => setTimeout(r, 80));
  membership.reply = () => ({ status: 200, body: { tier: "silver", segmentIds: [] } });
  expect(await audiences.audienceOf(tenantId, memberId)).toEqual({ tier: "silver", segmentIds: [] });
  expect(membership.requests).toHaveLength(2);
});

test("concurrent calls for one member share one request", async () => {
  const { audiences } = client();
  membership.reply = () => ({ status: 200, body: { tier: "gold", segmentIds: ["s1", "s2"] }, delayMs: 50 });
  const memberId = randomUUID();
  const answers = await Promise.all(Array.from({ length: 20 }, () => audiences.audienceOf(tenantId, memberId)));
  expect(answers.every((a) => a.tier === "gold" && a.segmentIds.length === 2)).toBe(true);
  expect(membership.requests).toHaveLength(1);
});

test("the cache is bounded: the least recently used member goes first", async () => {
  const { audiences } = client({ maxEntries: 2 });
  const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
  await audiences.audienceOf(tenantId, a);
  await audiences.audienceOf(tenantId, b);
  await audiences.audienceOf(tenantId, a); // a is now the most recent
  await audiences.audienceOf(tenantId, c); // evicts b
  expect(membership.requests).toHaveLength(3);
  await audiences.audienceOf(tenantId, a);
  expect(membership.requests).toHaveLength(3);
  await audiences.audienceOf(tenantId, b);
  expect(membership.requests).toHaveLength(4);
});

test("an unknown member (404) has the empty audience, without a warning", async () => {
  const { audiences, warnings } = client();
  membership.reply = () => ({ status: 404, body: { error: "no such member in this tenant" } });
  expect(await audiences.audienceOf(tenantId, randomUUID())).toEqual({ tier: null, segmentIds: [] });
  expect(warnings).toHaveLength(0);
});

test("membership down: fails closed at once, with a warning and no secret, and asks again soon", async () => {
  const port = Number(new URL(membership.url).port);
  await membership.stop();
  const { audiences, warnings } = client({ baseUrl: `http://127.0.0.1:${port}` });
  const started = Date.now();
  expect(await audiences.audienceOf(tenantId, randomUUID())).toEqual({ tier: null, segmentIds: [] });
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(warnings).toHaveLength(1);
  expect(JSON.stringify(warnings)).not.toContain(SECRET);
  expect(JSON.stringify(warnings)).not.toMatch(/eyJ/); // no token
  membership = new FakeMembership(); // for afterEach
  await membership.start();
});

test("a slow membership: fails closed after the timeout, the failure is cached only briefly", async () => {
  const { audiences, warnings } = client({ timeoutMs: 100 });
  membership.reply = () => ({ status: 200, body: { tier: "gold", segmentIds: ["s1"] }, delayMs: 1_000 });
  const memberId = randomUUID();
  const started = Date.now();
  const [first, second] = await Promise.all([
    audiences.audienceOf(tenantId, memberId),
    audiences.audienceOf(tenantId, memberId),
  ]);
  expect(Date.now() - started).toBeLessThan(800);
  expect(first).toEqual({ tier: null, segmentIds: [] });
  expect(second).toEqual({ tier: null, segmentIds: [] });
  expect(membership.requests).toHaveLength(1);
  expect(warnings).toHaveLength(1);
  // Within the short failure TTL the empty answer stands; after it, membership is asked again.
  expect(await audiences.audienceOf(tenantId, memberId)).toEqual({ tier: null, segmentIds: [] });
  expect(membership.requests).toHaveLength(1);
  membership.reply = () => ({ status: 200, body: { tier: "gold", segmentIds: ["s1"] } });
  await new Promise((r) => setTimeout(r, 2_100));
  expect(await audiences.audienceOf(tenantId, memberId)).toEqual({ tier: "gold", segmentIds: ["s1"] });
  expect(membership.requests).toHaveLength(2);
});

test("errors and malformed answers fail closed too", async () => {
  const { audiences, warnings } = client();
  membership.reply = () => ({ status: 500, body: { error: "boom" } });
  expect(await audiences.audienceOf(tenantId, randomUUID())).toEqual({ tier: null, segmentIds: [] });
  membership.reply = () => ({ status: 200, body: { tier: "gold", segmentIds: "s1" } });
  expect(await audiences.audienceOf(tenantId, randomUUID())).toEqual({ tier: null, segmentIds: [] });
  expect(warnings).toHaveLength(2);
});

describe("against the real membership", () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  }, 120_000);
  afterAll(() => hub?.stop());

  test("a demo member's tier and segments; another tenant's member has none", async () => {
    const member = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.memberEmail } });
    const segment = await hub.db.segment.create({
      data: { tenantId: member.tenantId, name: "Audience client test", rules: { tiers: [member.tier] } },
    });
    const { log, warnings } = recordingLog();
    const audiences = new AudienceClient({
      baseUrl: hub.subgraphs.membership.url.replace(/\/graphql$/, ""),
      internalSecret: hub.secrets.internalSecret,
      log,
    });
    expect(await audiences.audienceOf(member.tenantId, member.id)).toEqual({
      tier: member.tier,
      segmentIds: [segment.id],
    });
    const harbour = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.otherTenantAdminEmail } });
    expect(await audiences.audienceOf(member.tenantId, harbour.id)).toEqual({ tier: null, segmentIds: [] });
    expect(warnings).toHaveLength(0);
  });
});
