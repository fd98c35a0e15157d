// Campaign administration, A/B variants, background grants, and risk control
// in front of claims (a velocity rule denies the 6th claim from one device).
import { randomUUID } from "node:crypto";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { callSubgraph } from "../../../../test/support/subgraph-client";
import {
  bulkMembers,
  claimAs,
  CREATE,
  liveCampaign,
  someSku,
  stellar,
  TRANSITION,
  type Tenant,
} from "./campaign-fixtures";

let hub: TestHub;
let t: Tenant;
beforeAll(async () => {
  hub = await startTestHub();
  t = await stellar(hub);
}, 120_000);
afterAll(() => hub?.stop());

const asAdmin = (query: string, variables: object) =>
  callSubgraph(hub.subgraphs.entitlements.url, hub.secrets.internalSecret, t.admin, query, variables);

async function draftInput(extra: Record<string, unknown> = {}) {
  const sku = await someSku(hub);
  return {
    name: "Spring vouchers",
    channel: "CLAIM",
    audience: { everyone: true },
    startsAt: new Date(Date.now() - 1000).toISOString(),
    budgetOrgUnitId: t.rootUnitId,
    items: [{ skuId: sku.id }],
    ...extra,
  };
}

test("bad campaigns are refused with the field at fault, and nothing is stored", async () => {
  const before = await hub.db.campaign.count();
  const cases: [Record<string, unknown>, string][] = [
    [{ name: "" }, "name"],
    [{ endsAt: new Date(Date.now() - 60_000).toISOString() }, "endsAt"],
    [{ items: [{ skuId: randomUUID() }] }, "items.0.skuId"],
    [{ kind: "PACK" }, "packChoose"],
    [{ audience: {} }, "audience"],
    [{ budgetPeriod: "2026-13" }, "budgetPeriod"],
  ];
  for (const [extra, field] of cases) {
    const r = await asAdmin(CREATE, { input: await draftInput(extra) });
    expect(r.data.createCampaign.errors[0]).toMatchObject({ code: "INVALID_INPUT", field });
  }
  expect(await hub.db.campaign.count()).toBe(before);
});

const segmentOf = (tenantId: string) =>
  hub.db.segment.create({ data: { tenantId, name: `Gold ${randomUUID()}`, rules: { tiers: ["gold"] } } });

test("another tenant's budget unit, members, segments and units are refused like unknown ones; nothing is stored", async () => {
  const harbour = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "harbour" } });
  const theirs = {
    unit: (await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: harbour.id } })).id,
    member: (await hub.db.member.findFirstOrThrow({ where: { tenantId: harbour.id } })).id,
    segment: (await segmentOf(harbour.id)).id,
  };
  const ours = {
    unit: (await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: t.tenantId, parentId: t.rootUnitId } })).id,
    member: (await bulkMembers(hub, t, 1))[0]!.memberId,
    segment: (await segmentOf(t.tenantId)).id,
  };
  const audience = (over: Record<string, readonly string[]>) => ({
    memberIds: [ours.member],
    segmentIds: [ours.segment],
    orgUnitIds: [ours.unit],
    ...over,
  });
  const before = await hub.db.campaign.count();
  const cases: [Record<string, unknown>, string][] = [];
  for (const id of [theirs.unit, randomUUID()]) {
    cases.push([{ budgetOrgUnitId: id }, "budgetOrgUnitId"]);
    cases.push([{ audience: audience({ orgUnitIds: [ours.unit, id] }) }, "audience.orgUnitIds.1"]);
  }
  for (const id of [theirs.member, randomUUID()]) {
    cases.push([{ audience: audience({ memberIds: [id] }) }, "audience.memberIds.0"]);
  }
  for (const id of [theirs.segment, randomUUID()]) {
    cases.push([{ audience: audience({ segmentIds: [ours.segment, id] }) }, "audience.segmentIds.1"]);
  }
  for (const [extra, field] of cases) {
    const r = await asAdmin(CREATE, { input: await draftInput(extra) });
    expect(r.data.createCampaign).toMatchObject({ campaign: null, errors: [{ code: "NOT_FOUND", field }] });
  }
  expect(await hub.db.campaign.count()).toBe(before);
  // The same audience of the tenant's own ids is accepted; an update naming a foreign one changes nothing.
  const created = await asAdmin(CREATE, { input: await draftInput({ audience: audience({}) }) });
  expect(created.data.createCampaign.errors).toEqual([]);
  const id = created.data.createCampaign.campaign.id;
  const UPDATE = `mutation ($input: UpdateCampaignInput!) { updateCampaign(input: $input) { campaign { id } errors { code field } } }`;
  for (const [over, field] of [
    [{ memberIds: [ours.member, theirs.member] }, "audience.memberIds.1"],
    [{ segmentIds: [theirs.segment] }, "audience.segmentIds.0"],
    [{ orgUnitIds: [theirs.unit] }, "audience.orgUnitIds.0"],
  ] as const) {
    const r = await asAdmin(UPDATE, { input: { id, audience: audience(over) } });
    expect(r.data.updateCampaign).toMatchObject({ campaign: null, errors: [{ code: "NOT_FOUND", field }] });
  }
  const stored = await hub.db.campaign.findUniqueOrThrow({ where: { id } });
  expect(stored.audience).toMatchObject(audience({}));
});

test("a campaign moves draft → scheduled → paused → scheduled → ended, each move audited", async () => {
  const created = await asAdmin(CREATE, {
    input: await draftInput({ startsAt: new Date(Date.now() + 3_600_000).toISOString() }),
  });
  const id = created.data.createCampaign.campaign.id;
  expect(created.data.createCampaign.campaign.state).toBe("DRAFT");
  const move = async (tr: string) => (await asAdmin(TRANSITION, { id, t: tr })).data.transitionCampaign;
  expect((await move("RESUME")).errors[0].code).toBe("INVALID_STATE");
  expect((await move("SCHEDULE")).campaign.state).toBe("SCHEDULED");
  expect((await move("PAUSE")).campaign.state).toBe("PAUSED");
  expect((await move("RESUME")).campaign.state).toBe("SCHEDULED");
  expect((await move("END")).campaign.state).toBe("ENDED");
  expect((await move("SCHEDULE")).errors[0].code).toBe("INVALID_STATE");
  const audit = await hub.db.entitlementsAuditEntry.findMany({
    where: { targetId: id },
    orderBy: { createdAt: "asc" },
  });
  expect(audit.map((a) => a.action)).toEqual([
    "campaign.create",
    "campaign.schedule",
    "campaign.pause",
    "campaign.resume",
    "campaign.end",
  ]);
  // Another tenant's admin does not see it; a member may not manage campaigns.
  const harbour = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.otherTenantAdminEmail } });
  const other = {
    kind: "member" as const,
    memberId: harbour.id,
    tenantId: harbour.tenantId,
    role: "TENANT_ADMIN" as const,
    orgUnitId: harbour.orgUnitId,
  };
  const foreign = await callSubgraph(hub.subgraphs.entitlements.url, hub.secrets.internalSecret, other, TRANSITION, {
    id,
    t: "END",
  });
  expect(foreign.data.transitionCampaign.errors[0].code).toBe("NOT_FOUND");
  const [member] = await bulkMembers(hub, t, 1);
  const denied = await callSubgraph(hub.subgraphs.entitlements.url, hub.secrets.internalSecret, member!, TRANSITION, {
    id,
    t: "END",
  });
  expect(denied.errors?.[0]?.message).toMatch(/not authori[sz]ed/i);
});

test("the stock cannot be set below what is already issued", async () => {
  const [a, b] = await bulkMembers(hub, t, 2);
  const { id } = await liveCampaign(hub, t, { totalLimit: 5 });
  await claimAs(hub, a!, id);
  await claimAs(hub, b!, id);
  await asAdmin(TRANSITION, { id, t: "PAUSE" });
  const UPDATE = `mutation ($input: UpdateCampaignInput!) { updateCampaign(input: $input) { campaign { totalLimit } errors { code message } } }`;
  const below = await asAdmin(UPDATE, { input: { id, totalLimit: 1 } });
  expect(below.data.updateCampaign.errors[0]).toMatchObject({ code: "INVALID_STATE" });
  const ok = await asAdmin(UPDATE, { input: { id, totalLimit: 2 } });
  expect(ok.data.updateCampaign.campaign.totalLimit).toBe(2);
});

test("A/B variants are assigned stably per member and both are used", async () => {
  const sku = await someSku(hub);
  const members = await bulkMembers(hub, t, 40);
  const { id } = await liveCampaign(hub, t, {
    totalLimit: 200,
    perMemberLimit: 2,
    items: [
      { skuId: sku.id, variant: "A", costFen: 100 },
      { skuId: sku.id, variant: "B", costFen: 200 },
    ],
  });
  for (const m of members) {
    await claimAs(hub, m, id);
    await claimAs(hub, m, id);
  }
  const held = await hub.db.entitlement.findMany({ where: { campaignId: id } });
  expect(held).toHaveLength(80);
  const byMember = new Map<string, Set<string | null>>();
  for (const e of held) byMember.set(e.memberId, (byMember.get(e.memberId) ?? new Set()).add(e.variant));
  expect([...byMember.values()].every((v) => v.size === 1)).toBe(true);
  const variants = held.map((e) => e.variant);
  expect(variants.filter((v) => v === "A").length).toBeGreaterThan(0);
  expect(variants.filter((v) => v === "B").length).toBeGreaterThan(0);
  expect(held.every((e) => e.costFen === (e.variant === "A" ? 100 : 200))).toBe(true);
});

const GRANT = `mutation ($input: GrantCampaignInput!) { grantCampaign(input: $input) { job { id state } errors { code message field } } }`;
const JOB = `query ($id: ID!) { grantJob(id: $id) { state total processed issued failed failures { code count } } }`;

async function finished(jobId: string) {
  for (let i = 0; i < 600; i++) {
    const r = await asAdmin(JOB, { id: jobId });
    if (r.data.grantJob.state !== "RUNNING") return r.data.grantJob;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error("grant job did not finish");
}

test("a grant issues to listed members and a subtree in the background, once per member", async () => {
  const sku = await someSku(hub);
  const created = await asAdmin(CREATE, {
    input: { ...(await draftInput()), channel: "GRANT", items: [{ skuId: sku.id, costFen: 50 }] },
  });
  const id = created.data.createCampaign.campaign.id;
  await asAdmin(TRANSITION, { id, t: "SCHEDULE" });
  const listed = await bulkMembers(hub, t, 30);
  const harbour = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.otherTenantAdminEmail } });
  const unit = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: t.tenantId, parentId: t.rootUnitId } });
  const inSubtree = await hub.db.member.count({ where: { tenantId: t.tenantId, orgUnit: { path: { has: unit.id } } } });
  const key = randomUUID();
  // Another tenant's member is refused before anything is stored, as an unknown one would be.
  const jobsBefore = await hub.db.grantJob.count();
  for (const memberId of [harbour.id, randomUUID()]) {
    const foreign = await asAdmin(GRANT, {
      input: { campaignId: id, memberIds: [...listed.map((m) => m.memberId), memberId], idempotencyKey: key },
    });
    expect(foreign.data.grantCampaign).toMatchObject({
      job: null,
      errors: [{ code: "NOT_FOUND", field: "memberIds.30" }],
    });
  }
  expect(await hub.db.grantJob.count()).toBe(jobsBefore);
  const started = await asAdmin(GRANT, {
    input: { campaignId: id, memberIds: listed.map((m) => m.memberId), orgUnitIds: [unit.id], idempotencyKey: key },
  });
  expect(started.data.grantCampaign.errors).toEqual([]);
  const job = await finished(started.data.grantCampaign.job.id);
  expect(job).toMatchObject({ state: "SUCCEEDED", total: 30 + inSubtree, issued: 30 + inSubtree, failed: 0 });
  expect(job.failures).toEqual([]);
  const issued = await hub.db.entitlement.findMany({ where: { campaignId: id } });
  expect(issued).toHaveLength(30 + inSubtree);
  expect(issued.every((e) => e.state === "ISSUED" && e.tenantId === t.tenantId)).toBe(true);
  // The same key answers with the same job; a second grant hits the per-member limit.
  const again = await asAdmin(GRANT, {
    input: { campaignId: id, memberIds: [listed[0]!.memberId], idempotencyKey: key },
  });
  expect(again.data.grantCampaign.job.id).toBe(started.data.grantCampaign.job.id);
  const second = await asAdmin(GRANT, { input: { campaignId: id, memberIds: listed.map((m) => m.memberId) } });
  const secondJob = await finished(second.data.grantCampaign.job.id);
  expect(secondJob).toMatchObject({ issued: 0, failed: 30, failures: [{ code: "PER_MEMBER_LIMIT", count: 30 }] });
  expect(await hub.db.entitlement.count({ where: { campaignId: id } })).toBe(30 + inSubtree);
}, 180_000);

test("a velocity rule denies the 6th claim from one device in a minute", async () => {
  const CREATE_RULE = `mutation ($input: CreateRiskRuleInput!) { createRiskRule(input: $input) { rule { id } errors { code message } } }`;
  const rule = await asAdmin(CREATE_RULE, {
    input: {
      name: "5 claims per device per minute",
      kind: "VELOCITY",
      actions: ["CLAIM"],
      config: { subject: "DEVICE", limit: 5, windowSeconds: 60 },
      outcome: "DENY",
    },
  });
  expect(rule.data.createRiskRule.errors).toEqual([]);
  const members = await bulkMembers(hub, t, 7);
  const { id } = await liveCampaign(hub, t, { totalLimit: 100 });
  const device = `device-${randomUUID()}`;
  const codes: string[] = [];
  for (const m of members.slice(0, 6)) {
    const r = await claimAs(hub, m, id, undefined, { deviceId: device, region: "CN-31" });
    codes.push(r.data.claimCampaign.errors[0]?.code ?? "OK");
  }
  expect(codes).toEqual(["OK", "OK", "OK", "OK", "OK", "RISK_DENIED"]);
  // Another device is not affected; the denial is stored with the rule that fired.
  const other = await claimAs(hub, members[6]!, id, undefined, { deviceId: `device-${randomUUID()}` });
  expect(other.data.claimCampaign.errors).toEqual([]);
  const denied = await hub.db.riskDecision.findFirstOrThrow({ where: { deviceId: device, outcome: "DENY" } });
  expect(JSON.stringify(denied.firedRules)).toContain("5 claims per device per minute");
  expect(await hub.db.entitlement.count({ where: { campaignId: id } })).toBe(6);
  await hub.db.riskRule.deleteMany({ where: { id: rule.data.createRiskRule.rule.id } });
});
