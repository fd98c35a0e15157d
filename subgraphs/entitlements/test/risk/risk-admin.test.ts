// Risk administration through the entitlements subgraph: rules and the
// blacklist (validated, audited), stored decisions, the review queue (a held
// request is carried out once, also when two admins approve at once),
// replaying a candidate rule, tenant isolation and who may call at all.
import { randomUUID } from "node:crypto";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { createRiskServices } from "../../src/domain/risk";
import type { ApprovedDecision } from "../../src/domain/risk/risk.service";
import { CREATE_RULE, DECISION_FIELDS, ORIGIN, RULE_FIELDS, createRule, riskTenant, type RiskTenant } from "./support";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

const UPDATE_RULE = `mutation ($input: UpdateRiskRuleInput!) {
  updateRiskRule(input: $input) { rule { ${RULE_FIELDS} } errors { code message field } }
}`;
const DELETE_RULE = `mutation ($id: ID!) { deleteRiskRule(id: $id) { deletedId errors { code message } } }`;
const ADD_ENTRY = `mutation ($input: AddRiskListEntryInput!) {
  addRiskListEntry(input: $input) { entry { id subject value reason createdBy createdAt } errors { code message field } }
}`;
const REMOVE_ENTRY = `mutation ($id: ID!) { removeRiskListEntry(id: $id) { removedId errors { code } } }`;
const ENTRIES = `query ($subject: RiskSubject, $first: Int, $after: String) {
  riskListEntries(subject: $subject, first: $first, after: $after) { entries { id subject value } endCursor }
}`;
const DECISIONS = `query ($filter: RiskDecisionFilter, $first: Int, $after: String) {
  riskDecisions(filter: $filter, first: $first, after: $after) { decisions { ${DECISION_FIELDS} } endCursor }
}`;
const QUEUE = `query ($first: Int, $after: String) {
  reviewQueue(first: $first, after: $after) { decisions { id reviewState createdAt } endCursor }
}`;
const REVIEW = `mutation ($input: ReviewRiskDecisionInput!) {
  reviewRiskDecision(input: $input) {
    decision { id reviewState reviewedBy reviewedAt reviewNote } executed message errors { code message }
  }
}`;
const REPLAY = `query ($input: ReplayRiskRuleInput!) {
  replayRiskRule(input: $input) {
    replay { evaluated wouldFire wouldFireAllowed wouldTighten truncated since until sample { id outcome } }
    errors { code message field }
  }
}`;

const velocityInput = { name: "device burst", kind: "VELOCITY", actions: ["CLAIM"], outcome: "DENY" };
const auditOf = (tenantId: string) =>
  hub.db.entitlementsAuditEntry.findMany({ where: { tenantId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

/** Stored decisions of `t`'s first member, `seconds` after `start`. */
async function storeDecisions(
  t: RiskTenant,
  start: Date,
  rows: { s: number; deviceId?: string; outcome?: "ALLOW" | "DENY" | "REVIEW"; member?: number; action?: string }[],
) {
  const data = rows.map((r) => ({
    id: randomUUID(),
    tenantId: t.tenantId,
    action: r.action ?? "CLAIM",
    memberId: t.members[r.member ?? 0]!.identity.memberId,
    deviceId: r.deviceId ?? "dev-1",
    outcome: r.outcome ?? ("ALLOW" as const),
    reviewState: r.outcome === "REVIEW" ? ("PENDING" as const) : ("NONE" as const),
    createdAt: new Date(start.getTime() + r.s * 1000),
  }));
  await hub.db.riskDecision.createMany({ data });
  return data.map((d) => d.id);
}

describe("rules", () => {
  test("an admin creates, lists, updates and deletes rules; each change is audited with actor, IP and user agent", async () => {
    const t = await riskTenant(hub, 0);
    const created = await t.admin.call(CREATE_RULE, {
      input: { ...velocityInput, config: { subject: "DEVICE", limit: 5, windowSeconds: 60 } },
    });
    const rule = created.data.createRiskRule.rule;
    expect(created.data.createRiskRule.errors).toEqual([]);
    expect(rule).toMatchObject({
      name: "device burst",
      kind: "VELOCITY",
      actions: ["CLAIM"],
      outcome: "DENY",
      enabled: true,
      config: { subject: "DEVICE", limit: 5, windowSeconds: 60, allowedRegions: null, maxAccounts: null },
    });
    const updated = await t.admin.call(UPDATE_RULE, {
      input: {
        id: rule.id,
        name: "device burst (review)",
        outcome: "REVIEW",
        enabled: false,
        actions: ["CLAIM", "REDEEM", "CLAIM"],
        config: { subject: "IP", limit: 10, windowSeconds: 600 },
      },
    });
    expect(updated.data.updateRiskRule.rule).toMatchObject({
      name: "device burst (review)",
      outcome: "REVIEW",
      enabled: false,
      actions: ["CLAIM", "REDEEM"],
      config: { subject: "IP", limit: 10, windowSeconds: 600 },
    });
    const listed = await t.admin.call(`{ riskRules { id enabled } }`);
    expect(listed.data.riskRules).toEqual([{ id: rule.id, enabled: false }]);
    expect((await t.admin.call(DELETE_RULE, { id: rule.id })).data.deleteRiskRule).toEqual({
      deletedId: rule.id,
      errors: [],
    });
    expect((await t.admin.call(`{ riskRules { id } }`)).data.riskRules).toEqual([]);
    const audit = await auditOf(t.tenantId);
    expect(audit.map((a) => a.action)).toEqual(["risk.rule_created", "risk.rule_updated", "risk.rule_deleted"]);
    for (const entry of audit) {
      expect(entry).toMatchObject({
        actorKind: "member",
        actorId: t.admin.identity.memberId,
        targetType: "risk_rule",
        targetId: rule.id,
        ip: ORIGIN.ip,
        userAgent: ORIGIN.userAgent,
      });
    }
    expect(audit[1]!.details).toMatchObject({ outcome: "REVIEW", enabled: false });
  });

  test.each([
    ["a config of another kind", { ...velocityInput, config: { allowedRegions: ["CN"] } }, "config"],
    ["a limit below 1", { ...velocityInput, config: { subject: "DEVICE", limit: 0, windowSeconds: 60 } }, "config"],
    ["no window", { ...velocityInput, config: { subject: "DEVICE", limit: 3 } }, "config"],
    ["a bad region", { ...velocityInput, kind: "REGION", config: { allowedRegions: ["Mars"] } }, "config"],
    ["no actions", { ...velocityInput, actions: [], config: { subject: "IP", limit: 3, windowSeconds: 9 } }, "actions"],
    ["an empty name", { ...velocityInput, name: "  ", config: { subject: "IP", limit: 3, windowSeconds: 9 } }, "name"],
  ])("%s is INVALID_INPUT and stores nothing", async (_, input, field) => {
    const t = await riskTenant(hub, 0);
    const result = await t.admin.call(CREATE_RULE, { input });
    expect(result.data.createRiskRule).toEqual({
      rule: null,
      errors: [{ code: "INVALID_INPUT", message: expect.any(String), field }],
    });
    expect(await hub.db.riskRule.count({ where: { tenantId: t.tenantId } })).toBe(0);
    expect(await hub.db.entitlementsAuditEntry.count({ where: { tenantId: t.tenantId } })).toBe(0);
  });

  test("an update with a bad config changes nothing", async () => {
    const t = await riskTenant(hub, 0);
    const id = await createRule(t.admin, {
      ...velocityInput,
      config: { subject: "DEVICE", limit: 5, windowSeconds: 60 },
    });
    const result = await t.admin.call(UPDATE_RULE, {
      input: { id, name: "renamed", config: { subject: "DEVICE", limit: 5, windowSeconds: 0 } },
    });
    expect(result.data.updateRiskRule.errors).toEqual([
      { code: "INVALID_INPUT", message: expect.stringContaining("windowSeconds"), field: "config" },
    ]);
    expect(await hub.db.riskRule.findUniqueOrThrow({ where: { id } })).toMatchObject({
      name: "device burst",
      config: { subject: "DEVICE", limit: 5, windowSeconds: 60 },
    });
  });
});

describe("the blacklist", () => {
  test("entries are normalised, listed newest first with cursors, removed, and audited", async () => {
    const t = await riskTenant(hub, 1);
    const add = (subject: string, value: string) =>
      t.admin.call(ADD_ENTRY, { input: { subject, value, reason: "farm" } });
    const ip = await add("IP", " ::FFFF:192.0.2.1 ");
    expect(ip.data.addRiskListEntry).toEqual({
      entry: expect.objectContaining({
        subject: "IP",
        value: "192.0.2.1",
        reason: "farm",
        createdBy: t.admin.identity.memberId,
      }),
      errors: [],
    });
    const again = await add("IP", "192.0.2.1");
    expect(again.data.addRiskListEntry.entry.id).toBe(ip.data.addRiskListEntry.entry.id);
    await add("DEVICE", "phone-1");
    await add("MEMBER", t.members[0]!.identity.memberId);
    const first = await t.admin.call(ENTRIES, { first: 2 });
    expect(first.data.riskListEntries.entries.map((e: { subject: string }) => e.subject)).toEqual(["MEMBER", "DEVICE"]);
    const second = await t.admin.call(ENTRIES, { first: 2, after: first.data.riskListEntries.endCursor });
    expect(second.data.riskListEntries).toEqual({
      entries: [{ id: ip.data.addRiskListEntry.entry.id, subject: "IP", value: "192.0.2.1" }],
      endCursor: null,
    });
    const devices = await t.admin.call(ENTRIES, { subject: "DEVICE" });
    expect(devices.data.riskListEntries.entries).toEqual([expect.objectContaining({ value: "phone-1" })]);
    const removed = await t.admin.call(REMOVE_ENTRY, { id: ip.data.addRiskListEntry.entry.id });
    expect(removed.data.removeRiskListEntry).toEqual({ removedId: ip.data.addRiskListEntry.entry.id, errors: [] });
    expect((await auditOf(t.tenantId)).map((a) => a.action)).toEqual([
      "risk.list_entry_added",
      "risk.list_entry_added",
      "risk.list_entry_added",
      "risk.list_entry_removed",
    ]);
  });

  test.each([
    ["MEMBER", "not-a-member-id"],
    ["IP", "300.1.1.1"],
    ["DEVICE", "   "],
    ["DEVICE", "x".repeat(201)],
  ])("a %s entry with a bad value (case %#) is INVALID_INPUT", async (subject, value) => {
    const t = await riskTenant(hub, 0);
    const result = await t.admin.call(ADD_ENTRY, { input: { subject, value } });
    expect(result.data.addRiskListEntry).toEqual({
      entry: null,
      errors: [{ code: "INVALID_INPUT", message: expect.any(String), field: "value" }],
    });
    expect(await hub.db.riskListEntry.count({ where: { tenantId: t.tenantId } })).toBe(0);
  });
});

describe("decisions and reviews", () => {
  test("decisions are searchable by filter, newest first, a page at a time", async () => {
    const t = await riskTenant(hub, 2);
    const start = new Date(Date.now() - 3600_000);
    const ids = await storeDecisions(t, start, [
      { s: 0 },
      { s: 1, outcome: "DENY" },
      { s: 2, member: 1, deviceId: "dev-2" },
      { s: 3, outcome: "DENY", action: "REDEEM" },
      { s: 4 },
    ]);
    const all = await t.admin.call(DECISIONS, { first: 3 });
    expect(all.data.riskDecisions.decisions.map((d: { id: string }) => d.id)).toEqual([ids[4], ids[3], ids[2]]);
    const rest = await t.admin.call(DECISIONS, { first: 3, after: all.data.riskDecisions.endCursor });
    expect(rest.data.riskDecisions).toEqual({
      decisions: [expect.objectContaining({ id: ids[1] }), expect.objectContaining({ id: ids[0] })],
      endCursor: null,
    });
    const filtered = async (filter: object) =>
      (await t.admin.call(DECISIONS, { filter })).data.riskDecisions.decisions.map((d: { id: string }) => d.id);
    expect(await filtered({ outcome: "DENY" })).toEqual([ids[3], ids[1]]);
    expect(await filtered({ outcome: "DENY", action: "CLAIM" })).toEqual([ids[1]]);
    expect(await filtered({ memberId: t.members[1]!.identity.memberId })).toEqual([ids[2]]);
    expect(await filtered({ deviceId: "dev-2" })).toEqual([ids[2]]);
    const since = new Date(start.getTime() + 1000).toISOString();
    const until = new Date(start.getTime() + 3000).toISOString();
    expect(await filtered({ since, until })).toEqual([ids[2], ids[1]]);
    const bad = await t.admin.call(DECISIONS, { filter: { since: "yesterday" } });
    expect(bad.errors?.[0]?.message).toBe("since must be an ISO date-time");
  });

  test("a held request is approved once: two admins at once, the handler runs once, the other gets INVALID_STATE", async () => {
    const t = await riskTenant(hub, 1);
    const services = createRiskServices(hub.db, { ruleCacheMs: 0 });
    const carriedOut: ApprovedDecision[] = [];
    services.risk.setApprovalHandler("CLAIM", async (decision) => {
      carriedOut.push(decision);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { ok: true, message: "claimed" };
    });
    await createRule(t.admin, {
      name: "cn",
      kind: "REGION",
      actions: ["CLAIM"],
      outcome: "REVIEW",
      config: { allowedRegions: ["CN"] },
    });
    const verdict = await services.risk.assess({
      tenantId: t.tenantId,
      memberId: t.members[0]!.identity.memberId,
      action: "CLAIM",
      ip: "8.8.8.8", // US: not CN
      deviceId: "d",
      request: { campaignId: "c-1", idempotencyKey: "k-1" },
    });
    expect(verdict.outcome).toBe("REVIEW");
    const queue = await t.admin.call(QUEUE);
    expect(queue.data.reviewQueue.decisions).toEqual([
      { id: verdict.decisionId, reviewState: "PENDING", createdAt: expect.any(String) },
    ]);
    const results = await Promise.all(
      [t.admin, t.secondAdmin].map((a) =>
        services.riskReview.review(a.identity, { decisionId: verdict.decisionId, approve: true, note: "ok" }),
      ),
    );
    const winners = results.filter((r) => r.errors.length === 0);
    expect(winners).toEqual([
      expect.objectContaining({
        executed: true,
        message: "claimed",
        decision: expect.objectContaining({ reviewState: "APPROVED" }),
      }),
    ]);
    expect(results.filter((r) => r.errors[0]?.code === "INVALID_STATE")).toHaveLength(1);
    expect(carriedOut).toEqual([
      {
        id: verdict.decisionId,
        tenantId: t.tenantId,
        memberId: t.members[0]!.identity.memberId,
        request: { campaignId: "c-1", idempotencyKey: "k-1" },
      },
    ]);
    expect((await t.admin.call(QUEUE)).data.reviewQueue.decisions).toEqual([]);
    const audit = await auditOf(t.tenantId);
    expect(audit.filter((a) => a.targetType === "risk_decision").map((a) => [a.action, a.details])).toEqual([
      ["risk.decision_approved", expect.objectContaining({ riskAction: "CLAIM", note: "ok" })],
      ["risk.approval_executed", expect.objectContaining({ ok: true, message: "claimed" })],
    ]);
  });

  test("reviews through the subgraph: oldest first, reject ends it, approve without a handler reports it, twice is refused", async () => {
    const t = await riskTenant(hub, 1);
    const start = new Date(Date.now() - 600_000);
    const [first, second, third] = await storeDecisions(t, start, [
      { s: 0, outcome: "REVIEW" },
      { s: 1, outcome: "REVIEW", action: "TRANSFER" },
      { s: 2, outcome: "REVIEW" },
      { s: 3, outcome: "DENY" },
    ]);
    const page = await t.admin.call(QUEUE, { first: 2 });
    expect(page.data.reviewQueue.decisions.map((d: { id: string }) => d.id)).toEqual([first, second]);
    const next = await t.admin.call(QUEUE, { first: 2, after: page.data.reviewQueue.endCursor });
    expect(next.data.reviewQueue).toEqual({ decisions: [expect.objectContaining({ id: third })], endCursor: null });

    const rejected = await t.admin.call(REVIEW, { input: { decisionId: first, approve: false, note: "script" } });
    expect(rejected.data.reviewRiskDecision).toEqual({
      decision: {
        id: first,
        reviewState: "REJECTED",
        reviewedBy: t.admin.identity.memberId,
        reviewedAt: expect.any(String),
        reviewNote: "script",
      },
      executed: false,
      message: null,
      errors: [],
    });
    const again = await t.secondAdmin.call(REVIEW, { input: { decisionId: first, approve: true } });
    expect(again.data.reviewRiskDecision).toMatchObject({
      decision: { reviewState: "REJECTED" },
      executed: false,
      errors: [{ code: "INVALID_STATE", message: "this decision was already rejected" }],
    });
    // The subgraph's own service has no TRANSFER handler in this test: the approval stands, nothing ran.
    const approved = await t.admin.call(REVIEW, { input: { decisionId: second, approve: true } });
    expect(approved.data.reviewRiskDecision).toMatchObject({
      decision: { reviewState: "APPROVED" },
      executed: false,
      message: expect.any(String),
      errors: [],
    });
    const stored = await hub.db.riskDecision.findMany({ where: { tenantId: t.tenantId, reviewState: "NONE" } });
    const notHeld = await t.admin.call(REVIEW, { input: { decisionId: stored[0]!.id, approve: true } });
    expect(notHeld.data.reviewRiskDecision.errors).toEqual([
      { code: "INVALID_STATE", message: "this decision was not sent to review" },
    ]);
    const audit = await auditOf(t.tenantId);
    expect(audit.map((a) => [a.action, a.ip, a.userAgent])).toEqual([
      ["risk.decision_rejected", ORIGIN.ip, ORIGIN.userAgent],
      ["risk.decision_approved", ORIGIN.ip, ORIGIN.userAgent],
      ["risk.approval_executed", ORIGIN.ip, ORIGIN.userAgent],
    ]);
  });
});

describe("replay", () => {
  test("counts what a candidate velocity rule would have caught, with windows over the history", async () => {
    const t = await riskTenant(hub, 2);
    const start = new Date(Date.now() - 7200_000);
    // dev-1: a warm-up attempt 30 s before `since`, then 0, 10, 20 s (prior 1, 2, 3 in 60 s); then 200 s (prior 0).
    // dev-2: 5 and 15 s (prior 0, 1). A REDEEM on dev-1 at 25 s is not the rule's action.
    const ids = await storeDecisions(t, start, [
      { s: -30 },
      { s: 0, outcome: "DENY" },
      { s: 5, deviceId: "dev-2" },
      { s: 10 },
      { s: 15, deviceId: "dev-2", member: 1 },
      { s: 20, outcome: "REVIEW" },
      { s: 25, action: "REDEEM" },
      { s: 200 },
    ]);
    const input = {
      rule: {
        kind: "VELOCITY",
        config: { subject: "DEVICE", limit: 2, windowSeconds: 60 },
        outcome: "DENY",
        actions: ["CLAIM"],
      },
      since: start.toISOString(),
      until: new Date(start.getTime() + 3600_000).toISOString(),
    };
    const result = await t.admin.call(REPLAY, { input });
    expect(result.data.replayRiskRule).toEqual({
      replay: {
        evaluated: 6,
        wouldFire: 2,
        wouldFireAllowed: 1,
        wouldTighten: 2,
        truncated: false,
        since: input.since,
        until: input.until,
        sample: [
          { id: ids[3], outcome: "ALLOW" },
          { id: ids[5], outcome: "REVIEW" },
        ],
      },
      errors: [],
    });
    const limited = await t.admin.call(REPLAY, { input: { ...input, limit: 3 } });
    expect(limited.data.replayRiskRule.replay).toMatchObject({ evaluated: 3, wouldFire: 1, truncated: true });
    const accounts = await t.admin.call(REPLAY, {
      input: {
        ...input,
        rule: { ...input.rule, kind: "DEVICE_ACCOUNTS", config: { maxAccounts: 1, windowSeconds: 60 } },
      },
    });
    expect(accounts.data.replayRiskRule.replay).toMatchObject({ evaluated: 6, wouldFire: 1, sample: [{ id: ids[4] }] });
  });

  test.each([
    [
      "a bad config",
      { kind: "VELOCITY", config: { subject: "DEVICE" }, outcome: "DENY", actions: ["CLAIM"] },
      {},
      "rule.config",
    ],
    ["no actions", { kind: "IDENTITY", outcome: "DENY", actions: [] }, {}, "rule.actions"],
    ["a limit over 100000", { kind: "IDENTITY", outcome: "DENY", actions: ["CLAIM"] }, { limit: 100_001 }, "limit"],
    [
      "since after until",
      { kind: "IDENTITY", outcome: "DENY", actions: ["CLAIM"] },
      { since: "2026-02-01T00:00:00Z", until: "2026-01-01T00:00:00Z" },
      "since",
    ],
  ])("%s is INVALID_INPUT", async (_, rule, extra, field) => {
    const t = await riskTenant(hub, 0);
    const result = await t.admin.call(REPLAY, { input: { rule, ...extra } });
    expect(result.data.replayRiskRule).toEqual({
      replay: null,
      errors: [{ code: "INVALID_INPUT", message: expect.any(String), field }],
    });
  });
});

describe("tenant isolation and permissions", () => {
  test("another tenant's rules, entries and decisions are NOT_FOUND and never listed or replayed", async () => {
    const mine = await riskTenant(hub, 1);
    const theirs = await riskTenant(hub, 1);
    const ruleId = await createRule(mine.admin, { name: "id", kind: "IDENTITY", actions: ["CLAIM"], outcome: "DENY" });
    const entry = await mine.admin.call(ADD_ENTRY, { input: { subject: "DEVICE", value: "phone" } });
    const entryId = entry.data.addRiskListEntry.entry.id;
    const [decisionId] = await storeDecisions(mine, new Date(Date.now() - 60_000), [{ s: 0, outcome: "REVIEW" }]);
    const other = theirs.admin;

    expect(
      (await other.call(UPDATE_RULE, { input: { id: ruleId, enabled: false } })).data.updateRiskRule.errors,
    ).toEqual([{ code: "NOT_FOUND", message: "no such risk rule", field: null }]);
    expect((await other.call(DELETE_RULE, { id: ruleId })).data.deleteRiskRule.errors[0].code).toBe("NOT_FOUND");
    expect((await other.call(REMOVE_ENTRY, { id: entryId })).data.removeRiskListEntry.errors[0].code).toBe("NOT_FOUND");
    const review = await other.call(REVIEW, { input: { decisionId, approve: true } });
    expect(review.data.reviewRiskDecision).toMatchObject({ decision: null, errors: [{ code: "NOT_FOUND" }] });
    const one = await other.call(`query ($id: ID!) { riskDecision(id: $id) { id } }`, { id: decisionId });
    expect(one.data.riskDecision).toBeNull();
    expect((await other.call(`{ riskRules { id } }`)).data.riskRules).toEqual([]);
    expect((await other.call(ENTRIES)).data.riskListEntries.entries).toEqual([]);
    expect((await other.call(DECISIONS)).data.riskDecisions.decisions).toEqual([]);
    expect((await other.call(QUEUE)).data.reviewQueue.decisions).toEqual([]);
    const replay = await other.call(REPLAY, {
      input: { rule: { kind: "IDENTITY", outcome: "DENY", actions: ["CLAIM"] } },
    });
    expect(replay.data.replayRiskRule.replay.evaluated).toBe(0);

    // Nothing of mine changed, and the owner still sees it all.
    expect(await hub.db.riskRule.findUniqueOrThrow({ where: { id: ruleId } })).toMatchObject({ enabled: true });
    expect(await hub.db.riskDecision.findUniqueOrThrow({ where: { id: decisionId } })).toMatchObject({
      reviewState: "PENDING",
    });
    expect(
      (await mine.admin.call(`query ($id: ID!) { riskDecision(id: $id) { id } }`, { id: decisionId })).data,
    ).toEqual({
      riskDecision: { id: decisionId },
    });
    expect(await hub.db.entitlementsAuditEntry.count({ where: { tenantId: theirs.tenantId } })).toBe(0);
  });

  test("members and unit managers may not call any of it", async () => {
    const t = await riskTenant(hub, 1);
    const ruleId = await createRule(t.admin, { name: "id", kind: "IDENTITY", actions: ["CLAIM"], outcome: "DENY" });
    const operations: [string, object][] = [
      [`{ riskRules { id } }`, {}],
      [ENTRIES, {}],
      [DECISIONS, {}],
      [QUEUE, {}],
      [`query ($id: ID!) { riskDecision(id: $id) { id } }`, { id: randomUUID() }],
      [REPLAY, { input: { rule: { kind: "IDENTITY", outcome: "DENY", actions: ["CLAIM"] } } }],
      [CREATE_RULE, { input: { name: "x", kind: "IDENTITY", actions: ["CLAIM"], outcome: "DENY" } }],
      [UPDATE_RULE, { input: { id: ruleId, enabled: false } }],
      [DELETE_RULE, { id: ruleId }],
      [ADD_ENTRY, { input: { subject: "DEVICE", value: "x" } }],
      [REMOVE_ENTRY, { id: randomUUID() }],
      [REVIEW, { input: { decisionId: randomUUID(), approve: true } }],
    ];
    for (const caller of [t.members[0]!, t.manager]) {
      for (const [query, variables] of operations) {
        const result = await caller.call(query, variables);
        expect(Object.values(result.data ?? {})).toEqual(Object.values(result.data ?? {}).map(() => null));
        expect(result.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      }
    }
    expect(await hub.db.riskRule.findUniqueOrThrow({ where: { id: ruleId } })).toMatchObject({ enabled: true });
    expect(await hub.db.riskRule.count({ where: { tenantId: t.tenantId } })).toBe(1);
  });
});
