// Rule-triggered issuance end to end through the gateway: partners send
// events with an events:write API key, rules issue from RULE campaigns,
// idempotent by event id (also concurrently and after a crash), streaks
// counted by Asia/Shanghai days, tenants kept apart.
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { callSubgraph } from "../../../../test/support/subgraph-client";
import {
  createRule,
  freshMember,
  ingest,
  INGEST,
  liveCampaign,
  partnerKey,
  shanghaiNoon,
  shelfSkus,
  stellar,
  type Stellar,
} from "./support";

let hub: TestHub;
let s: Stellar;
let key: string;
let voucherCampaign: string;
let packCampaign: string;
let firstOrderRule: string;
let streakRule: string;

beforeAll(async () => {
  hub = await startTestHub();
  s = await stellar(hub);
  key = await partnerKey(hub, s, ["EVENTS_WRITE"]);
  const skus = await shelfSkus(hub, s.tenantId, 4);
  voucherCampaign = (await liveCampaign(hub, s, { channel: "RULE", items: [{ skuId: skus[0]!, costFen: 500 }] })).id;
  packCampaign = (
    await liveCampaign(hub, s, {
      channel: "RULE",
      kind: "PACK",
      packChoose: 2,
      packAllowanceFen: 3000,
      items: skus.slice(0, 4).map((skuId, i) => ({ skuId, costFen: 1000 + i * 500 })),
    })
  ).id;
  const first = await createRule(hub, s.admin, {
    name: "First order earns a voucher",
    eventType: "order.placed",
    trigger: "FIRST_EVENT",
    campaignId: voucherCampaign,
  });
  firstOrderRule = first.rule!.id;
  const streak = await createRule(hub, s.admin, {
    name: "Seven check-in days earn a pack",
    eventType: "checkin.daily",
    trigger: "STREAK",
    streakDays: 7,
    campaignId: packCampaign,
  });
  streakRule = streak.rule!.id;
}, 180_000);
afterAll(() => hub?.stop());

const order = (memberId: string, eventId: string, daysAgo = 1) => ({
  eventId,
  memberId,
  type: "order.placed",
  occurredAt: shanghaiNoon(daysAgo),
  data: { orderNo: eventId, amountFen: 2500 },
});
const checkin = (memberId: string, daysAgo: number, suffix = "") => ({
  eventId: `checkin-${memberId}-${daysAgo}${suffix}`,
  memberId,
  type: "checkin.daily",
  occurredAt: shanghaiNoon(daysAgo),
});
const held = (memberId: string, campaignId: string) => hub.db.entitlement.findMany({ where: { memberId, campaignId } });

test("an event sent twice with one eventId is recorded once and issues once; the retry answers with it", async () => {
  const m = await freshMember(hub, s.tenantId);
  const first = await ingest(hub, key, order(m.id, `order-${m.id}`));
  expect(first).toMatchObject({ accepted: true, duplicate: false, errors: [], failures: [] });
  expect(first.issued).toHaveLength(1);
  expect(first.issued[0]).toMatchObject({ state: "ISSUED", isPack: false, costFen: 500 });

  const again = await ingest(hub, key, order(m.id, `order-${m.id}`));
  expect(again).toMatchObject({ accepted: false, duplicate: true, errors: [] });
  expect(again.issued.map((e) => e.id)).toEqual([first.issued[0]!.id]);
  expect(await held(m.id, voucherCampaign)).toHaveLength(1);
  expect(await hub.db.ingestedEvent.count({ where: { memberId: m.id } })).toBe(1);
  const events = await hub.db.entitlementEvent.findMany({ where: { entitlementId: first.issued[0]!.id } });
  expect(events.map((e) => e.type)).toEqual(["entitlement.issued"]);
});

test("ten concurrent deliveries of one event record it once and issue one entitlement", async () => {
  const m = await freshMember(hub, s.tenantId);
  const results = await Promise.all(Array.from({ length: 10 }, () => ingest(hub, key, order(m.id, `burst-${m.id}`))));
  expect(results.filter((r) => r.accepted)).toHaveLength(1);
  expect(results.filter((r) => r.duplicate)).toHaveLength(9);
  expect(results.every((r) => r.errors.length === 0)).toBe(true);
  expect(await hub.db.ingestedEvent.count({ where: { memberId: m.id } })).toBe(1);
  const rows = await held(m.id, voucherCampaign);
  expect(rows).toHaveLength(1);
  // Every answer names that one entitlement, or says the first is still being completed.
  for (const r of results) {
    if (r.issued.length) expect(r.issued.map((e) => e.id)).toEqual([rows[0]!.id]);
    else expect(r.failures.map((f) => f.code)).toEqual(["IN_PROGRESS"]);
  }
  const campaign = await hub.db.campaignMember.findUniqueOrThrow({
    where: { campaignId_memberId: { campaignId: voucherCampaign, memberId: m.id } },
  });
  expect(campaign.issued).toBe(1);
});

test("a first-order rule fires once per member: later orders, and a late earlier one, earn nothing more", async () => {
  const [a, b] = [await freshMember(hub, s.tenantId), await freshMember(hub, s.tenantId)];
  expect((await ingest(hub, key, order(a.id, `a1-${a.id}`, 3))).issued).toHaveLength(1);
  expect((await ingest(hub, key, order(a.id, `a2-${a.id}`, 2))).issued).toHaveLength(0);
  // Arrives late but happened first: it is now the first order, yet the member's award is already given.
  const late = await ingest(hub, key, order(a.id, `a0-${a.id}`, 5));
  expect(late.accepted).toBe(true);
  expect(late.issued.map((e) => e.id)).toEqual((await held(a.id, voucherCampaign)).map((e) => e.id));
  expect(await held(a.id, voucherCampaign)).toHaveLength(1);
  expect((await ingest(hub, key, order(b.id, `b1-${b.id}`, 2))).issued).toHaveLength(1);
  expect(await held(b.id, voucherCampaign)).toHaveLength(1);
  expect(await hub.db.issuance.count({ where: { memberId: a.id, state: "COMPLETED" } })).toBe(1);
});

test("seven consecutive check-in days earn one pack, six earn none, and more check-ins that day none more", async () => {
  const m = await freshMember(hub, s.tenantId);
  for (let d = 7; d >= 2; d--) {
    const r = await ingest(hub, key, checkin(m.id, d));
    expect(r).toMatchObject({ accepted: true, issued: [], failures: [], errors: [] });
  }
  // A second check-in on one day counts that day once.
  expect((await ingest(hub, key, checkin(m.id, 2, "-again"))).issued).toEqual([]);
  expect(await held(m.id, packCampaign)).toHaveLength(0);
  const seventh = await ingest(hub, key, checkin(m.id, 1));
  expect(seventh.issued).toHaveLength(1);
  expect(seventh.issued[0]).toMatchObject({ isPack: true, state: "ISSUED", costFen: 3000 });
  expect(await held(m.id, packCampaign)).toHaveLength(1);
  // The same day again, and its retry, award nothing more.
  expect((await ingest(hub, key, checkin(m.id, 1, "-again"))).issued.map((e) => e.id)).toEqual(
    seventh.issued.map((e) => e.id),
  );
  expect(await held(m.id, packCampaign)).toHaveLength(1);
});

test("a gap resets the streak", async () => {
  const m = await freshMember(hub, s.tenantId);
  // Days 13..9, a gap on day 8, then days 7..2: at most six in a row.
  for (const d of [13, 12, 11, 10, 9, 7, 6, 5, 4, 3, 2]) {
    expect((await ingest(hub, key, checkin(m.id, d))).issued).toEqual([]);
  }
  expect(await held(m.id, packCampaign)).toHaveLength(0);
  const completes = await ingest(hub, key, checkin(m.id, 1));
  expect(completes.issued).toHaveLength(1);
  expect(await held(m.id, packCampaign)).toHaveLength(1);
});

test("a late check-in that fills a gap completes the streak, and joining two runs never rewards the same days twice", async () => {
  const m = await freshMember(hub, s.tenantId);
  for (const d of [14, 13, 12, 11, 10, 9, 7, 6, 5, 4, 3, 2, 1]) await ingest(hub, key, checkin(m.id, d));
  // Days 7..1 are a streak of seven: one pack.
  expect(await held(m.id, packCampaign)).toHaveLength(1);
  // Day 8 arrives late: 14..1 is one run of fourteen days, the first block (14..8) is new, the second was rewarded.
  const late = await ingest(hub, key, checkin(m.id, 8));
  expect(late.issued).toHaveLength(1);
  expect(await held(m.id, packCampaign)).toHaveLength(2);
});

test("a crash between recording the event and issuing is healed by retrying the event", async () => {
  const m = await freshMember(hub, s.tenantId);
  const event = order(m.id, `crash-${m.id}`);
  // The first delivery got as far as recording the event.
  await hub.db.ingestedEvent.create({
    data: {
      tenantId: s.tenantId,
      eventId: event.eventId,
      memberId: m.id,
      type: event.type,
      occurredAt: new Date(event.occurredAt),
      data: event.data,
    },
  });
  const retry = await ingest(hub, key, event);
  expect(retry).toMatchObject({ accepted: false, duplicate: true, errors: [] });
  expect(retry.issued).toHaveLength(1);
  expect(await held(m.id, voucherCampaign)).toHaveLength(1);
  expect((await ingest(hub, key, event)).issued.map((e) => e.id)).toEqual(retry.issued.map((e) => e.id));
});

test("an eventId reused for a different event is refused and changes nothing", async () => {
  const m = await freshMember(hub, s.tenantId);
  await ingest(hub, key, checkin(m.id, 3));
  const reused = await ingest(hub, key, { ...checkin(m.id, 2), eventId: checkin(m.id, 3).eventId });
  expect(reused).toMatchObject({ accepted: false, duplicate: false, errors: [{ code: "IDEMPOTENCY_CONFLICT" }] });
  expect(await hub.db.ingestedEvent.count({ where: { memberId: m.id } })).toBe(1);
});

test("bad input is refused with its field and records nothing", async () => {
  const m = await freshMember(hub, s.tenantId);
  for (const [input, field] of [
    [{ ...order(m.id, "x"), occurredAt: "not a date" }, "occurredAt"],
    [{ ...order(m.id, "x"), type: "has spaces" }, "type"],
    [{ ...order(m.id, "x"), eventId: "" }, "eventId"],
  ] as const) {
    expect((await ingest(hub, key, input)).errors).toMatchObject([{ code: "INVALID_INPUT", field }]);
  }
  expect(await hub.db.ingestedEvent.count({ where: { memberId: m.id } })).toBe(0);
});

test("another tenant's member, or an unknown one, is NOT_FOUND and nothing is recorded", async () => {
  const foreign = await hub.db.member.findUniqueOrThrow({ where: { email: "member@harbour.example" } });
  const r = await ingest(hub, key, order(foreign.id, `foreign-${foreign.id}`));
  expect(r).toMatchObject({ accepted: false, duplicate: false, issued: [], errors: [{ code: "NOT_FOUND" }] });
  const unknown = await ingest(hub, key, order("00000000-0000-4000-8000-000000000000", "unknown-member"));
  expect(unknown.errors).toMatchObject([{ code: "NOT_FOUND", field: "memberId" }]);
  const named = await ingest(hub, key, { ...order(foreign.id, `named-${foreign.id}`), tenantId: foreign.tenantId });
  expect(named.errors).toMatchObject([{ code: "NOT_FOUND" }]);
  expect(await hub.db.ingestedEvent.count({ where: { memberId: foreign.id } })).toBe(0);
});

test("partners without events:write, members and visitors may not send events", async () => {
  const m = await freshMember(hub, s.tenantId);
  const readOnly = await partnerKey(hub, s, ["ENTITLEMENTS_READ", "ENTITLEMENTS_REDEEM"]);
  const input = order(m.id, `denied-${m.id}`);
  const asReadOnly = await hub.request(INGEST, { input }, undefined, { authorization: `ApiKey ${readOnly}` });
  expect(asReadOnly.data?.ingestEvent ?? null).toBeNull();
  expect(asReadOnly.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  const asAdmin = await hub.request(INGEST, { input }, s.admin);
  expect(asAdmin.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  const asVisitor = await hub.request(INGEST, { input });
  expect(asVisitor.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  expect(await hub.db.ingestedEvent.count({ where: { memberId: m.id } })).toBe(0);
});

test("a hub service sends events naming the tenant", async () => {
  const m = await freshMember(hub, s.tenantId);
  const service = { kind: "service" as const, service: "test" };
  const url = hub.subgraphs.entitlements.url;
  const unnamed = await callSubgraph(url, hub.secrets.internalSecret, service, INGEST, {
    input: order(m.id, `svc-${m.id}`),
  });
  expect(unnamed.data.ingestEvent.errors).toMatchObject([{ code: "INVALID_INPUT", field: "tenantId" }]);
  const named = await callSubgraph(url, hub.secrets.internalSecret, service, INGEST, {
    input: { ...order(m.id, `svc-${m.id}`), tenantId: s.tenantId },
  });
  expect(named.data.ingestEvent).toMatchObject({ accepted: true, errors: [] });
  expect(named.data.ingestEvent.issued).toHaveLength(1);
});

describe("issuance rules (tenant admins)", () => {
  test("a rule needs a RULE campaign of the tenant and valid streak days; every change is audited", async () => {
    const skus = await shelfSkus(hub, s.tenantId, 1);
    const claim = await liveCampaign(hub, s, { channel: "CLAIM", items: [{ skuId: skus[0]!, costFen: 100 }] });
    const base = { name: "r", eventType: "order.placed", trigger: "FIRST_EVENT", campaignId: voucherCampaign };
    expect((await createRule(hub, s.admin, { ...base, campaignId: claim.id })).errors).toMatchObject([
      { code: "INVALID_INPUT", field: "campaignId" },
    ]);
    expect((await createRule(hub, s.admin, { ...base, trigger: "STREAK" })).errors).toMatchObject([
      { code: "INVALID_INPUT", field: "streakDays" },
    ]);
    expect((await createRule(hub, s.admin, { ...base, streakDays: 3 })).errors).toMatchObject([
      { code: "INVALID_INPUT", field: "streakDays" },
    ]);
    expect((await createRule(hub, s.admin, { ...base, eventType: "bad type" })).errors).toMatchObject([
      { code: "INVALID_INPUT", field: "eventType" },
    ]);
    const harbourAdmin = await hub.login(hub.demo.otherTenantAdminEmail);
    expect((await createRule(hub, harbourAdmin, base)).errors).toMatchObject([
      { code: "NOT_FOUND", field: "campaignId" },
    ]);
    const before = await hub.db.issuanceRule.count();
    expect(before).toBe(2);

    const audits = await hub.db.entitlementsAuditEntry.findMany({
      where: { targetType: "issuance_rule", targetId: firstOrderRule },
    });
    expect(audits).toMatchObject([{ action: "issuance_rule.create", tenantId: s.tenantId }]);
  });

  test("a disabled rule issues nothing; another tenant's admin cannot see or switch it", async () => {
    const SET = `mutation ($input: SetIssuanceRuleEnabledInput!) {
      setIssuanceRuleEnabled(input: $input) { rule { id enabled } errors { code } } }`;
    const harbourAdmin = await hub.login(hub.demo.otherTenantAdminEmail);
    const foreign = await hub.request(SET, { input: { id: firstOrderRule, enabled: false } }, harbourAdmin);
    expect(foreign.data.setIssuanceRuleEnabled).toEqual({ rule: null, errors: [{ code: "NOT_FOUND" }] });
    expect((await hub.request(`{ issuanceRules { id } }`, {}, harbourAdmin)).data.issuanceRules).toEqual([]);

    const off = await hub.request(SET, { input: { id: firstOrderRule, enabled: false } }, s.admin);
    expect(off.data.setIssuanceRuleEnabled).toEqual({ rule: { id: firstOrderRule, enabled: false }, errors: [] });
    const m = await freshMember(hub, s.tenantId);
    expect((await ingest(hub, key, order(m.id, `off-${m.id}`))).issued).toEqual([]);
    await hub.request(SET, { input: { id: firstOrderRule, enabled: true } }, s.admin);
    expect(
      (
        await hub.db.entitlementsAuditEntry.findMany({
          where: { targetId: firstOrderRule },
          orderBy: { createdAt: "asc" },
        })
      ).map((a) => a.action),
    ).toEqual(["issuance_rule.create", "issuance_rule.disable", "issuance_rule.enable"]);

    const listed = await hub.request(
      `{ issuanceRules { id name trigger streakDays enabled campaign { id channel } } }`,
      {},
      s.admin,
    );
    expect(listed.data.issuanceRules).toContainEqual({
      id: streakRule,
      name: "Seven check-in days earn a pack",
      trigger: "STREAK",
      streakDays: 7,
      enabled: true,
      campaign: { id: packCampaign, channel: "RULE" },
    });
  });

  test("admins read a member's ingested events, newest first; members may not", async () => {
    const m = await freshMember(hub, s.tenantId);
    await ingest(hub, key, checkin(m.id, 3));
    await ingest(hub, key, checkin(m.id, 2));
    const Q = `query ($m: ID!) { ingestedEvents(memberId: $m, first: 10) { eventId type occurredAt data member { id } } }`;
    const listed = await hub.request(Q, { m: m.id }, s.admin);
    expect(listed.data.ingestedEvents.map((e: { eventId: string }) => e.eventId)).toEqual([
      checkin(m.id, 2).eventId,
      checkin(m.id, 3).eventId,
    ]);
    const harbourAdmin = await hub.login(hub.demo.otherTenantAdminEmail);
    expect((await hub.request(Q, { m: m.id }, harbourAdmin)).data.ingestedEvents).toEqual([]);
    const member = await hub.login(hub.demo.memberEmail);
    expect((await hub.request(Q, { m: m.id }, member)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
