// Faults a bank would test: the hub's services run as separate processes (as
// `npm start` runs them) with Redis pub/sub, members claim and redeem through
// the gateway, and each subgraph and then the gateway is killed with SIGKILL
// mid-load and started again. Afterwards no row disagrees (stock = issued
// entitlements = quotas = budget reservations, each in the state its
// entitlement needs), no event is lost or doubled (one issue event per
// entitlement, one redeem event per redemption, hash chains intact, analytics'
// counts equal to the events), and every answer the clients were given is
// what the database holds. Then Redis goes away for a while: the hub keeps
// answering and nothing crashes; when Redis is back, live events flow again.
// Needs TEST_DATABASE_URL (CI's PostgreSQL run executes it), with a throwaway
// redis-server of its own. Without it the file is skipped: tried on the
// embedded database (its own process, as `npm start` runs it), the database
// stopped accepting connections after membership was killed mid-load.
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { accessTokenCodec } from "@benefits-hub/platform/identity/access-token";
import { SeedBuilder } from "../../prisma/seed/builders";
import { ClaimLoad } from "./support/claim-load";
import { campaignFacts, settled, type CampaignFacts } from "./support/consistency";
import { startProcessHub, type ProcessHub } from "./support/process-hub";
import { startRedisServer, type RedisServer } from "./support/redis-server";

const COST_FEN = 100;
const FUNDED_FEN = 10_000_000;
const period = new Date().toISOString().slice(0, 7);

let redis: RedisServer;
let hub: ProcessHub;
let load: ClaimLoad;
let adminToken: string;
let fixture: { campaignId: string; tenantId: string; orgUnitId: string; period: string };

async function gql(query: string, variables: object = {}, token = adminToken): Promise<any> {
  const response = await fetch(hub.gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${ms / 1000} s; last seen: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const onPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onPostgres("faults on PostgreSQL + Redis (skipped without TEST_DATABASE_URL)", () => {
  beforeAll(async () => {
    redis = await startRedisServer();
    hub = await startProcessHub({ redisUrl: redis.url });
    const seed = new SeedBuilder(hub.db);
    const tenant = await seed.tenant();
    const root = await seed.rootUnit(tenant.id);
    const admin = await seed.member({ tenantId: tenant.id, role: "TENANT_ADMIN" });
    const members = await Promise.all(Array.from({ length: 24 }, () => seed.member({ tenantId: tenant.id })));
    const benefit = await seed.benefit({ fulfilmentKind: "INTERNAL_SERVICE" });
    const sku = await hub.db.sku.findFirstOrThrow({ where: { benefitId: benefit.id } });
    await seed.shelfItem({ tenantId: tenant.id, skuId: sku.id });
    await seed.fundBudget({ tenantId: tenant.id, orgUnitId: root.id, period, amountFen: BigInt(FUNDED_FEN) });

    const codec = accessTokenCodec(hub.authSecret);
    const token = (m: { id: string; tenantId: string; orgUnitId: string; role: string }) =>
      codec.issue({
        kind: "member",
        memberId: m.id,
        tenantId: m.tenantId,
        role: m.role as never,
        orgUnitId: m.orgUnitId,
      });
    adminToken = await token(admin);
    const created = await gql(
      `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { campaign { id } errors { code message } } }`,
      {
        input: {
          name: "Fault test sale",
          channel: "CLAIM",
          audience: { everyone: true },
          startsAt: new Date(Date.now() - 1000).toISOString(),
          budgetOrgUnitId: root.id,
          budgetPeriod: period,
          items: [{ skuId: sku.id, costFen: COST_FEN }],
          totalLimit: 100_000,
          perMemberLimit: 1_000,
        },
      },
    );
    const campaignId = created.data?.createCampaign?.campaign?.id;
    if (!campaignId) throw new Error(`createCampaign: ${JSON.stringify(created)}`);
    const live = await gql(
      `mutation ($id: ID!) { transitionCampaign(id: $id, transition: SCHEDULE) { campaign { state } errors { code } } }`,
      { id: campaignId },
    );
    expect(live.data.transitionCampaign.campaign.state).toBe("LIVE");
    fixture = { campaignId, tenantId: tenant.id, orgUnitId: root.id, period };
    load = new ClaimLoad(
      hub.gatewayUrl,
      await Promise.all(members.map(async (m) => ({ token: await token(m) }))),
      campaignId,
    );
  }, 240_000);

  afterAll(async () => {
    await load?.stop();
    await hub?.stop();
    await redis?.stop();
  });

  /** Resolves once the clients have had `count` more successes than now (the load is flowing). */
  const moreSuccesses = (count: number, ms = 90_000) => {
    const from = load.progress();
    return until(
      `${count} more successful claims or redemptions`,
      async () => load.progress() - from,
      (n) => n >= count,
      ms,
    );
  };

  function expectConsistent(f: CampaignFacts) {
    const entitlements = f.entitlementIds.length;
    const redeemed = f.redeemedIds.length;
    const okClaims = [...load.claims.values()].filter((o) => o.ok);
    expect({
      // every final answer a client got is what the database holds, and nothing more
      claimsAnsweredOk: new Set(okClaims.map((o) => o.entitlementId)).size,
      okAnswers: okClaims.length,
      unanswered: [...load.claims.values()].filter((o) => o.code?.startsWith("NO_FINAL_ANSWER")).length,
      entitlements,
      redeemedAnswered: load.redeemed.size,
      redeemed,
      // stock and quotas
      issuedCount: f.issuedCount,
      completedIssuances: f.issuances.COMPLETED ?? 0,
      pendingIssuances: f.issuances.PENDING ?? 0,
      quotaSum: f.quota.sumIssued,
      overLimit: f.quota.overLimit,
      // events: one issue event per entitlement, one redeem event per redemption
      withoutOneIssueEvent: f.entitlementIds.filter((id) => f.issueEvents.get(id) !== 1).length,
      redeemEventsRight: f.entitlementIds.every(
        (id) => (f.redeemEvents.get(id) ?? 0) === (f.redeemedIds.includes(id) ? 1 : 0),
      ),
      analyticsCount: f.analyticsCount,
      tenantRedeemEvents: f.tenantRedeemEvents,
      // budget: a reservation per entitlement in its entitlement's state, the account in step
      held: f.reservations.HELD?.count ?? 0,
      committed: f.reservations.COMMITTED?.count ?? 0,
      orphanReservations: f.orphanReservations,
      mismatchedReservations: f.mismatchedReservations,
      reservedFen: f.account.reservedFen,
      committedFen: f.account.committedFen,
      fundsAccountedFor: f.account.availableFen + f.account.reservedFen + f.account.committedFen,
    }).toEqual({
      claimsAnsweredOk: entitlements,
      okAnswers: entitlements,
      unanswered: 0,
      entitlements,
      redeemedAnswered: redeemed,
      redeemed,
      issuedCount: entitlements,
      completedIssuances: entitlements,
      pendingIssuances: 0,
      quotaSum: entitlements,
      overLimit: 0,
      withoutOneIssueEvent: 0,
      redeemEventsRight: true,
      analyticsCount: redeemed,
      tenantRedeemEvents: redeemed,
      held: entitlements - redeemed,
      committed: redeemed,
      orphanReservations: 0,
      mismatchedReservations: 0,
      reservedFen: (entitlements - redeemed) * COST_FEN,
      committedFen: redeemed * COST_FEN,
      fundsAccountedFor: FUNDED_FEN,
    });
    expect(new Set(okClaims.map((o) => o.entitlementId))).toEqual(new Set(f.entitlementIds));
  }

  test("SIGKILL of each subgraph and of the gateway mid-load leaves no inconsistent row and no lost or doubled event", async () => {
    load.start(6);
    await moreSuccesses(6);
    // membership first: claims it leaves pending are recovered (after 30 s) while the others are killed.
    for (const name of ["membership", "entitlements", "catalog", "analytics", "gateway"] as const) {
      await hub.kill(name);
      await new Promise((r) => setTimeout(r, 200));
      await hub.start(name);
      await moreSuccesses(4);
    }
    await load.stop();
    expect(hub.crashed()).toEqual([]);

    const facts = await until(
      "claims, settlements and analytics settled",
      () => campaignFacts(hub.db, fixture),
      settled,
      90_000,
    );
    expect(facts.entitlementIds.length).toBeGreaterThanOrEqual(20);
    expect(facts.redeemedIds.length).toBeGreaterThan(0);
    expectConsistent(facts);
    const chain = await gql(`{ verifyEventChain { ok checkedEntitlements firstBreak { reason } } }`);
    expect(chain.data.verifyEventChain).toMatchObject({ ok: true, firstBreak: null });
    expect(chain.data.verifyEventChain.checkedEntitlements).toBe(facts.entitlementIds.length);
  }, 420_000);

  /** Subscribes as the tenant admin; `events` fills as redemptions are counted. */
  function subscribe() {
    const events: number[] = [];
    const client = createClient({
      url: hub.gatewayUrl.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${adminToken}` },
    });
    client.subscribe<{ redemptionCounted: { redeemedCount: number } }>(
      { query: `subscription { redemptionCounted { redeemedCount } }` },
      {
        next: (message) => message.data && events.push(message.data.redemptionCounted.redeemedCount),
        error: () => {},
        complete: () => {},
      },
    );
    return { events, close: () => client.dispose() };
  }

  /** Redeems one more (claiming it first) until a live event arrives on `live`. */
  async function liveEventArrives(live: { events: number[] }, ms: number) {
    await until(
      "a live redemption event",
      async () => {
        const before = live.events.length;
        const { redeem } = await load.claimAndRedeem();
        expect(redeem?.ok).toBe(true);
        const deadline = Date.now() + 3_000;
        while (live.events.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        return live.events.length - before;
      },
      (n) => n > 0,
      ms,
    );
  }

  test("with Redis gone for a while the hub still answers claims and redemptions and nothing crashes; back, live events flow again", async () => {
    const before = subscribe();
    await liveEventArrives(before, 30_000);
    before.close();

    await redis.stop();
    const during: { claim: { ok: boolean; code?: string }; redeem?: { ok: boolean; code?: string } }[] = [];
    const outageEnds = Date.now() + 6_000;
    while (Date.now() < outageEnds) during.push(await load.claimAndRedeem());
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((d) => d.claim.ok && d.redeem?.ok)).toBe(true);
    expect(hub.crashed()).toEqual([]);

    await redis.start();
    const after = subscribe();
    try {
      await liveEventArrives(after, 60_000);
    } finally {
      after.close();
    }
    expect(hub.crashed()).toEqual([]);
    // Counted once each, Redis or not: analytics reads the durable outbox.
    const facts = await until("analytics caught up", () => campaignFacts(hub.db, fixture), settled, 60_000);
    expectConsistent(facts);
  }, 180_000);
});
