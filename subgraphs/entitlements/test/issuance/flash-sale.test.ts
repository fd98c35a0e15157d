// Flash sale: thousands of concurrent claims against scarce stock are never
// oversold, never past the per-member limit, and leave stock, quotas,
// entitlements, events and budget agreeing. Runs on the embedded database
// and, with TEST_DATABASE_URL, on PostgreSQL.
import { randomUUID } from "node:crypto";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { bulkMembers, claimAs, ledgerOf, liveCampaign, stellar, type Tenant } from "./campaign-fixtures";

let hub: TestHub;
let t: Tenant;
beforeAll(async () => {
  hub = await startTestHub();
  t = await stellar(hub);
}, 120_000);
afterAll(() => hub?.stop());

test("2,000 concurrent claims on a stock of 500, one per member: exactly 500, no member twice", async () => {
  const members = await bulkMembers(hub, t, 1000);
  const { id } = await liveCampaign(hub, t, { totalLimit: 500, perMemberLimit: 1 });
  // Every member claims twice at once, with different keys: 2,000 claims. A claim still running when
  // its answer is due says IN_PROGRESS; the client asks again with the same key for the final answer.
  const claimUntilDone = async (m: (typeof members)[number]) => {
    const key = randomUUID();
    for (let attempt = 0; ; attempt++) {
      const r = await claimAs(hub, m, id, key);
      if (r.errors || r.data.claimCampaign.errors[0]?.code !== "IN_PROGRESS" || attempt === 20) return r;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  const attempts = members.flatMap((m) => [m, m]).map(claimUntilDone);
  const results = await Promise.all(attempts);
  const codes = results.map((r) => {
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.claimCampaign.errors[0]?.code ?? "OK";
  });
  const count = (c: string) => codes.filter((x) => x === c).length;
  const histogram = Object.fromEntries([...new Set(codes)].map((c) => [c, count(c)]));
  expect(histogram).toEqual({ OK: 500, SOLD_OUT: expect.any(Number), PER_MEMBER_LIMIT: expect.any(Number) });
  expect(count("OK") + count("SOLD_OUT") + count("PER_MEMBER_LIMIT")).toBe(2000);
  const winners = results.flatMap((r) =>
    r.data.claimCampaign.entitlement ? [r.data.claimCampaign.entitlement.member.id] : [],
  );
  expect(new Set(winners).size).toBe(500);

  const ledger = await ledgerOf(hub, id);
  expect(ledger).toMatchObject({
    issuedCount: 500,
    entitlements: 500,
    distinctMembers: 500,
    completed: 500,
    pending: 0,
    quota: 500,
    events: 500,
    heldReservations: 500,
    reservedFen: 500 * 100,
    entitlementCostFen: 500 * 100,
    reservationsMatch: true,
  });
}, 900_000);

test("a retried claim with the same key returns the first result and changes nothing more", async () => {
  const [member] = await bulkMembers(hub, t, 1);
  const { id } = await liveCampaign(hub, t, { totalLimit: 10, perMemberLimit: 3 });
  const key = randomUUID();
  // Ten copies at once, then one more after: one entitlement.
  const first = await Promise.all(Array.from({ length: 10 }, () => claimAs(hub, member!, id, key)));
  const again = await claimAs(hub, member!, id, key);
  const ids = new Set([...first, again].map((r) => r.data.claimCampaign.entitlement?.id));
  expect(ids.size).toBe(1);
  expect([...ids][0]).toBeTruthy();
  expect((await ledgerOf(hub, id)).entitlements).toBe(1);
  expect((await ledgerOf(hub, id)).issuedCount).toBe(1);
  // The same key for another campaign is a different request.
  const other = await liveCampaign(hub, t, { totalLimit: 10 });
  const conflict = await claimAs(hub, member!, other.id, key);
  expect(conflict.data.claimCampaign.errors[0].code).toBe("IDEMPOTENCY_CONFLICT");
}, 120_000);

test("a claim that the budget cannot pay for holds nothing and charges nothing", async () => {
  const [member] = await bulkMembers(hub, t, 1);
  // More than the root unit holds for the month.
  const { id } = await liveCampaign(hub, t, { totalLimit: 10, perMemberLimit: 1 });
  await hub.db.campaignItem.updateMany({ where: { campaignId: id }, data: { costFen: 2_000_000_000 } });
  const result = await claimAs(hub, member!, id);
  expect(result.data.claimCampaign.errors[0].code).toBe("INSUFFICIENT_BUDGET");
  const ledger = await ledgerOf(hub, id);
  expect(ledger).toMatchObject({ issuedCount: 0, quota: 0, entitlements: 0, heldReservations: 0, pending: 0 });
}, 120_000);

test("claims outside the window, from a paused campaign or outside the audience are refused", async () => {
  const [member] = await bulkMembers(hub, t, 1);
  const later = await liveCampaign(hub, t, { startsAt: new Date(Date.now() + 3_600_000).toISOString() });
  expect((await claimAs(hub, member!, later.id)).data.claimCampaign.errors[0].code).toBe("CAMPAIGN_NOT_LIVE");
  const others = await liveCampaign(hub, t, { audience: { memberIds: [t.admin.memberId] } });
  expect((await claimAs(hub, member!, others.id)).data.claimCampaign.errors[0].code).toBe("NOT_ELIGIBLE");
  const harbour = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.otherTenantAdminEmail } });
  const stranger = {
    kind: "member" as const,
    memberId: harbour.id,
    tenantId: harbour.tenantId,
    role: "MEMBER" as const,
    orgUnitId: harbour.orgUnitId,
  };
  expect((await claimAs(hub, stranger, others.id)).data.claimCampaign.errors[0].code).toBe("NOT_FOUND");
}, 120_000);
