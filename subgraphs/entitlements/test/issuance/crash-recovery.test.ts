// A process killed in the middle of claiming leaves stock, budget and events
// consistent once recovery has run: pending issuances are completed (their
// budget reservation reused, never doubled) and nothing is half-written.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import type { MemberIdentity } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { callSubgraph } from "../../../../test/support/subgraph-client";
import { freePort } from "../../../../test/support/web";
import { EventRepository } from "../../src/data/event.repository";
import { IssuanceRepository } from "../../src/data/issuance.repository";
import { bulkMembers, CLAIM, ledgerOf, liveCampaign, stellar, type Tenant } from "./campaign-fixtures";

let hub: TestHub;
let t: Tenant;
beforeAll(async () => {
  hub = await startTestHub();
  t = await stellar(hub);
}, 120_000);
afterAll(() => hub?.stop());

const RESERVE = `mutation ($input: ReserveBudgetInput!) { reserveBudget(input: $input) { reservation { id } errors { code } } }`;

async function until(check: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting for recovery");
    await new Promise((r) => setTimeout(r, 200));
  }
}

const consistent = (l: Awaited<ReturnType<typeof ledgerOf>>) => ({
  pending: l.pending,
  stockMatches: l.issuedCount === l.completed && l.completed === l.entitlements && l.quota === l.entitlements,
  eventsMatch: l.events === l.entitlements,
  budgetMatches: l.heldReservations === l.entitlements && l.reservedFen === l.entitlementCostFen && l.reservationsMatch,
});

test("issuances stopped after holding stock, or after reserving budget, are completed by recovery", async () => {
  const [a, b] = await bulkMembers(hub, t, 2);
  const { id } = await liveCampaign(hub, t, { totalLimit: 5 });
  const campaign = await hub.db.campaign.findUniqueOrThrow({ where: { id } });
  const repo = new IssuanceRepository(hub.db, new EventRepository(hub.db));
  const hold = (m: MemberIdentity) =>
    repo.hold({
      tenantId: t.tenantId,
      campaignId: id,
      memberId: m.memberId,
      idempotencyKey: `claim:${m.memberId}:${randomUUID()}`,
      requestHash: "crash-test",
      amountFen: 100,
      variant: null,
      perMemberLimit: 1,
    });
  // a: the process died right after holding; b: right after membership reserved.
  const heldA = await hold(a!);
  const heldB = await hold(b!);
  if (!("held" in heldA) || !("held" in heldB)) throw new Error("hold refused");
  const reserved = await callSubgraph(
    hub.subgraphs.membership.url,
    hub.secrets.internalSecret,
    { kind: "service", service: "test" },
    RESERVE,
    {
      input: {
        tenantId: t.tenantId,
        orgUnitId: campaign.budgetOrgUnitId,
        period: campaign.budgetPeriod,
        amountFen: "100",
        idempotencyKey: `entitlements:issuance:${heldB.held.id}`,
        reference: `entitlements:campaign:${id}`,
      },
    },
  );
  const reservationB = reserved.data.reserveBudget.reservation.id;
  expect((await ledgerOf(hub, id)).pending).toBe(2);

  await until(async () => (await ledgerOf(hub, id)).pending === 0);
  const ledger = await ledgerOf(hub, id);
  expect(ledger).toMatchObject({ entitlements: 2, completed: 2, issuedCount: 2, heldReservations: 2 });
  expect(consistent(ledger)).toEqual({ pending: 0, stockMatches: true, eventsMatch: true, budgetMatches: true });
  const b2 = await hub.db.entitlement.findFirstOrThrow({ where: { campaignId: id, memberId: b!.memberId } });
  expect(b2.reservationId).toBe(reservationB);
}, 120_000);

async function startChild(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "subgraphs/entitlements/src/main.ts"], {
    env: {
      ...process.env,
      NODE_OPTIONS: "",
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      DATABASE_URL: hub.databaseUrl,
      HUB_INTERNAL_SECRET: hub.secrets.internalSecret,
      HUB_AUTH_SECRET: hub.secrets.authSecret,
      ENTITLEMENTS_PORT: String(port),
      MEMBERSHIP_INTERNAL_URL: hub.subgraphs.membership.url.replace(/\/graphql$/, ""),
      CATALOG_INTERNAL_URL: hub.subgraphs.catalog.url.replace(/\/graphql$/, ""),
    },
    stdio: "ignore",
  });
  await until(async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/health`)).status < 500;
    } catch {
      return false;
    }
  }, 90_000);
  return child;
}

// A second process needs a database server two processes can share: PostgreSQL
// (TEST_DATABASE_URL). The embedded database serves the process that started it.
const withServer = process.env.TEST_DATABASE_URL ? test : test.skip;

withServer(
  "killing the process in the middle of a flash sale leaves stock, budget and events consistent",
  async () => {
    const members = await bulkMembers(hub, t, 400);
    const { id } = await liveCampaign(hub, t, { totalLimit: 300 });
    const port = await freePort();
    const child = await startChild(port);
    const url = `http://127.0.0.1:${port}/graphql`;
    const claims = members.map((m) =>
      callSubgraph(url, hub.secrets.internalSecret, m, CLAIM, {
        input: { campaignId: id, idempotencyKey: randomUUID() },
      }).catch(() => null),
    );
    // Kill it once some claims have completed and others are under way.
    await until(
      async () => (await hub.db.issuance.count({ where: { campaignId: id, state: "COMPLETED" } })) >= 20,
      60_000,
    );
    child.kill("SIGKILL");
    await Promise.all(claims);
    const atCrash = await ledgerOf(hub, id);
    expect(atCrash.entitlements).toBeLessThan(300);

    // The hub's own entitlements process (same database) recovers what the dead one left pending.
    await until(async () => (await ledgerOf(hub, id)).pending === 0);
    const ledger = await ledgerOf(hub, id);
    expect(consistent(ledger)).toEqual({ pending: 0, stockMatches: true, eventsMatch: true, budgetMatches: true });
    // Every event of the campaign's entitlements is chained (the first link of each).
    const unchained = await hub.db.entitlementEvent.count({
      where: { hash: null, payload: { path: ["campaignId"], equals: id } },
    });
    expect(unchained).toBe(0);
  },
  240_000,
);
