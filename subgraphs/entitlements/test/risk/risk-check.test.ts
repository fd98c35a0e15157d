// The risk check (RiskService.assess) on a real database: rules created by a
// tenant admin through the subgraph, decisions made by a RiskService built on
// the hub's database, as claim, redeem and transfer will call it.
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { createRiskServices } from "../../src/domain/risk";
import type { RiskRequest, RiskService } from "../../src/domain/risk/risk.service";
import { createRule, riskTenant, type RiskTenant } from "./support";

let hub: TestHub;
let risk: RiskService;
beforeAll(async () => {
  hub = await startTestHub();
  risk = createRiskServices(hub.db, { ruleCacheMs: 0 }).risk;
}, 120_000);
afterAll(() => hub?.stop());

// Addresses whose region the ip2region database knows: a Shanghai Telecom resolver, Google's public DNS.
const SHANGHAI = "202.96.209.133";
const CALIFORNIA = "8.8.8.8";

const claim = (t: RiskTenant, member: number, extra: Partial<RiskRequest> = {}): RiskRequest => ({
  tenantId: t.tenantId,
  memberId: t.members[member]!.identity.memberId,
  action: "CLAIM",
  deviceId: "device-1",
  ip: SHANGHAI,
  ...extra,
});

const velocity = (subject: string, limit: number, outcome = "DENY") => ({
  name: `${subject} velocity`,
  kind: "VELOCITY",
  actions: ["CLAIM"],
  outcome,
  config: { subject, limit, windowSeconds: 60 },
});

test("without rules every request is allowed, and each decision is stored with its facts", async () => {
  const t = await riskTenant(hub, 1);
  const verdict = await risk.assess(claim(t, 0, { ip: `::ffff:${SHANGHAI}`, deviceId: " device-x " }));
  expect(verdict).toEqual({ decisionId: expect.any(String), outcome: "ALLOW", firedRules: [] });
  const row = await hub.db.riskDecision.findUniqueOrThrow({ where: { id: verdict.decisionId } });
  expect(row).toMatchObject({
    tenantId: t.tenantId,
    action: "CLAIM",
    memberId: t.members[0]!.identity.memberId,
    deviceId: "device-x",
    ip: SHANGHAI,
    region: "CN-31",
    outcome: "ALLOW",
    reviewState: "NONE",
    request: null,
  });
});

test("a velocity rule {DEVICE, 5 per 60 s} denies the 6th attempt from one device", async () => {
  const t = await riskTenant(hub, 3);
  const ruleId = await createRule(t.admin, velocity("DEVICE", 5));
  const outcomes: string[] = [];
  // Three members on one device: the device is what is counted.
  for (let i = 0; i < 7; i++) outcomes.push((await risk.assess(claim(t, i % 3))).outcome);
  expect(outcomes).toEqual(["ALLOW", "ALLOW", "ALLOW", "ALLOW", "ALLOW", "DENY", "DENY"]);
  const denied = await risk.assess(claim(t, 0));
  expect(denied.firedRules).toEqual([
    { ruleId, name: "DEVICE velocity", kind: "VELOCITY", outcome: "DENY", reason: expect.stringContaining("limit 5") },
  ]);
  // Another device, and another action, are not affected.
  expect((await risk.assess(claim(t, 0, { deviceId: "device-2" }))).outcome).toBe("ALLOW");
  expect((await risk.assess(claim(t, 0, { action: "REDEEM" }))).outcome).toBe("ALLOW");
  const stored = await hub.db.riskDecision.findMany({ where: { tenantId: t.tenantId, outcome: "DENY" } });
  expect(stored).toHaveLength(3);
  expect(stored[0]!.firedRules).toEqual([expect.objectContaining({ ruleId, kind: "VELOCITY" })]);
});

test("concurrent attempts from one device stay exact: 10 at once with a limit of 5 allow exactly 5", async () => {
  const t = await riskTenant(hub, 10);
  await createRule(t.admin, velocity("DEVICE", 5));
  const verdicts = await Promise.all(t.members.map((_, i) => risk.assess(claim(t, i, { deviceId: "shared-device" }))));
  expect(verdicts.filter((v) => v.outcome === "ALLOW")).toHaveLength(5);
  expect(verdicts.filter((v) => v.outcome === "DENY")).toHaveLength(5);
  expect(await hub.db.riskDecision.count({ where: { tenantId: t.tenantId, deviceId: "shared-device" } })).toBe(10);
});

test("velocity per member and per IP", async () => {
  const t = await riskTenant(hub, 2);
  await createRule(t.admin, velocity("MEMBER", 2, "CHALLENGE"));
  await createRule(t.admin, velocity("IP", 3, "REVIEW"));
  const outcome = async (member: number, deviceId: string) =>
    (await risk.assess(claim(t, member, { deviceId }))).outcome;
  expect(await outcome(0, "a")).toBe("ALLOW");
  expect(await outcome(0, "b")).toBe("ALLOW");
  expect(await outcome(0, "c")).toBe("CHALLENGE"); // the member's third
  expect(await outcome(1, "d")).toBe("REVIEW"); // the IP's fourth, stricter than the member's limit
  expect((await risk.assess(claim(t, 1, { ip: "198.51.100.2" }))).outcome).toBe("ALLOW");
});

test("a blacklisted member, device or IP is denied", async () => {
  const t = await riskTenant(hub, 2);
  await createRule(t.admin, { name: "blacklist", kind: "BLACKLIST", actions: ["CLAIM", "TRANSFER"], outcome: "DENY" });
  const add = (subject: string, value: string) =>
    t.admin.call(
      `mutation ($input: AddRiskListEntryInput!) { addRiskListEntry(input: $input) { entry { id } errors { code } } }`,
      { input: { subject, value, reason: "bonus hunter" } },
    );
  expect((await risk.assess(claim(t, 0))).outcome).toBe("ALLOW");
  await add("DEVICE", "device-bad");
  await add("IP", "::ffff:192.0.2.50");
  await add("MEMBER", t.members[1]!.identity.memberId);
  const deviceHit = await risk.assess(claim(t, 0, { deviceId: "device-bad" }));
  expect(deviceHit.outcome).toBe("DENY");
  expect(deviceHit.firedRules[0]?.reason).toBe("blacklisted device");
  expect((await risk.assess(claim(t, 0, { ip: "192.0.2.50" }))).outcome).toBe("DENY");
  expect((await risk.assess(claim(t, 1))).firedRules[0]?.reason).toBe("blacklisted member");
  expect((await risk.assess(claim(t, 1, { action: "TRANSFER" }))).outcome).toBe("DENY");
  expect((await risk.assess(claim(t, 1, { action: "REDEEM" }))).outcome).toBe("ALLOW");
  expect((await risk.assess(claim(t, 0))).outcome).toBe("ALLOW");
});

test("a region rule sends requests from elsewhere, or from an address with no region, to its outcome", async () => {
  const t = await riskTenant(hub, 1);
  await createRule(t.admin, {
    name: "mainland only",
    kind: "REGION",
    actions: ["CLAIM"],
    outcome: "REVIEW",
    config: { allowedRegions: ["CN"] },
  });
  expect((await risk.assess(claim(t, 0))).outcome).toBe("ALLOW");
  const abroad = await risk.assess(claim(t, 0, { ip: CALIFORNIA, request: { campaignId: "x" } }));
  expect(abroad.outcome).toBe("REVIEW");
  expect(abroad.firedRules[0]?.reason).toBe("region US is not allowed");
  // A private or missing address has no region: the rule cannot place it, so its outcome applies.
  expect((await risk.assess(claim(t, 0, { ip: "10.1.2.3" }))).firedRules[0]?.reason).toBe("no region given");
  expect((await risk.assess(claim(t, 0, { ip: null }))).firedRules[0]?.reason).toBe("no region given");
  const held = await hub.db.riskDecision.findUniqueOrThrow({ where: { id: abroad.decisionId } });
  expect(held).toMatchObject({ reviewState: "PENDING", request: { campaignId: "x" } });
});

test("many accounts on one device: the one past maxAccounts in the window fires", async () => {
  const t = await riskTenant(hub, 4);
  await createRule(t.admin, {
    name: "farm",
    kind: "DEVICE_ACCOUNTS",
    actions: ["CLAIM"],
    outcome: "DENY",
    config: { maxAccounts: 2, windowSeconds: 3600 },
  });
  const on = (member: number, deviceId = "farm-phone") => risk.assess(claim(t, member, { deviceId }));
  expect((await on(0)).outcome).toBe("ALLOW");
  expect((await on(1)).outcome).toBe("ALLOW");
  expect((await on(0)).outcome).toBe("ALLOW"); // a member already counted
  const third = await on(2);
  expect(third.outcome).toBe("DENY");
  expect(third.firedRules[0]?.reason).toBe("3 accounts used this device in 3600 s (at most 2)");
  expect((await on(3, "own-phone")).outcome).toBe("ALLOW");
});

test("identity: missing device or region, with the strictest of several rules winning", async () => {
  const t = await riskTenant(hub, 1);
  await createRule(t.admin, { name: "who are you", kind: "IDENTITY", actions: ["REDEEM"], outcome: "CHALLENGE" });
  await createRule(t.admin, {
    name: "cn",
    kind: "REGION",
    actions: ["REDEEM"],
    outcome: "DENY",
    config: { allowedRegions: ["CN"] },
  });
  const redeem = (extra: Partial<RiskRequest>) => risk.assess(claim(t, 0, { action: "REDEEM", ...extra }));
  expect((await redeem({ deviceId: null })).outcome).toBe("CHALLENGE");
  const both = await redeem({ ip: "192.168.0.9" });
  expect(both.outcome).toBe("DENY");
  expect(both.firedRules.map((r) => r.kind).sort()).toEqual(["IDENTITY", "REGION"]);
});

test("a disabled rule does not apply; an enabled one applies at once in this process", async () => {
  const t = await riskTenant(hub, 1);
  const ruleId = await createRule(t.admin, { ...velocity("MEMBER", 1), enabled: false });
  expect((await risk.assess(claim(t, 0))).outcome).toBe("ALLOW");
  expect((await risk.assess(claim(t, 0))).outcome).toBe("ALLOW");
  const enabled = await t.admin.call(
    `mutation ($input: UpdateRiskRuleInput!) { updateRiskRule(input: $input) { rule { enabled } errors { code } } }`,
    { input: { id: ruleId, enabled: true } },
  );
  expect(enabled.data.updateRiskRule).toEqual({ rule: { enabled: true }, errors: [] });
  expect((await risk.assess(claim(t, 0))).outcome).toBe("DENY");
});
