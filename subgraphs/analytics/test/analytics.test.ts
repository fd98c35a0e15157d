import { startTestHub, type TestHub } from "../../../test/support/hub";
import { callSubgraph } from "../../../test/support/subgraph-client";
import { internalTokenCodec } from "@benefits-hub/platform";
import { OutboxClient } from "../src/consumers/outbox-client";
import { rebuildAnalytics } from "../src/consumers/rebuild";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function adminViewer() {
  const m = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.adminEmail } });
  return { kind: "member" as const, memberId: m.id, tenantId: m.tenantId, role: m.role, orgUnitId: m.orgUnitId };
}

test("the seeded redemptions are counted from the outbox, once each", async () => {
  const tenant = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } });
  const redeemed = await hub.db.entitlement.count({ where: { tenantId: tenant.id, state: "REDEEMED" } });
  const counted = await eventually(
    async () =>
      (await hub.db.benefitRedemptions.aggregate({ where: { tenantId: tenant.id }, _sum: { redeemedCount: true } }))
        ._sum.redeemedCount ?? 0,
    (n) => n === redeemed,
  );
  expect(counted).toBe(redeemed);
  // Polling again finds nothing new and counts nothing twice.
  await hub.subgraphs.analytics.consumer.pollOnce();
  const again = await hub.db.benefitRedemptions.aggregate({
    where: { tenantId: tenant.id },
    _sum: { redeemedCount: true },
  });
  expect(again._sum.redeemedCount).toBe(redeemed);
});

test("_entities adds the tenant's redemption count to a catalog benefit", async () => {
  const viewer = await adminViewer();
  const stat = await eventually(
    () => hub.db.benefitRedemptions.findFirst({ where: { tenantId: viewer.tenantId } }),
    (s) => s !== null,
  );
  const result = await callSubgraph(
    hub.subgraphs.analytics.url,
    hub.secrets.internalSecret,
    viewer,
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Benefit { id redemptionCount } } }`,
    {
      r: [
        { __typename: "Benefit", id: stat!.benefitId },
        { __typename: "Benefit", id: "00000000-0000-4000-8000-000000000000" },
      ],
    },
  );
  expect(result.data._entities).toEqual([
    { id: stat!.benefitId, redemptionCount: stat!.redeemedCount },
    { id: "00000000-0000-4000-8000-000000000000", redemptionCount: 0 },
  ]);
});

test("redemption stats are for tenant admins, and only of their tenant", async () => {
  const member = await hub.login(hub.demo.memberEmail);
  const denied = await hub.request(`{ redemptionStats { redeemedCount } }`, {}, member);
  expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

  const harbour = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "harbour" } });
  const admin = await hub.login(hub.demo.otherTenantAdminEmail);
  const expected = await eventually(
    () => hub.db.benefitRedemptions.findMany({ where: { tenantId: harbour.id } }),
    (rows) => rows.length > 0,
  );
  const result = await hub.request(`{ redemptionStats { redeemedCount benefit { id name } } }`, {}, admin);
  expect(result.errors).toBeUndefined();
  expect(result.data.redemptionStats.map((s: { benefit: { id: string } }) => s.benefit.id).sort()).toEqual(
    expected.map((r) => r.benefitId).sort(),
  );
});

test("the rebuild check, reading the three outboxes over their routes, finds the live rollups equal", async () => {
  const tokens = internalTokenCodec(hub.secrets.internalSecret);
  const feed = (url: string) => new OutboxClient(url.replace(/\/graphql$/, ""), tokens, "analytics");
  const report = await rebuildAnalytics({
    db: hub.db,
    feeds: {
      entitlements: feed(hub.subgraphs.entitlements.url),
      membership: feed(hub.subgraphs.membership.url),
      catalog: feed(hub.subgraphs.catalog.url),
    },
  });
  expect(report.differences).toEqual([]);
  // The seeded redemptions were folded into the rollups, not only into the counters.
  const [rolled] = await hub.db.$queryRaw<{ n: number }[]>`
    SELECT coalesce(sum(redeemed), 0)::int AS n FROM analytics.daily_rollup`;
  const { xid, seq } = report.positions.entitlements;
  const [events] = await hub.db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM entitlements.entitlement_event
    WHERE type = 'entitlement.redeemed' AND (xid, seq) <= (${xid.toString()}::text::xid8, ${seq}::bigint)`;
  expect(rolled!.n).toBe(events!.n);
}, 60_000);
