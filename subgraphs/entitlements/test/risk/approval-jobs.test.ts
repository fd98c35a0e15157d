// Approvals carried out from their durable job: an approval committed by a
// process that died before acting (the job written in the approval's
// transaction, nothing carried out) is acted on by a worker once the
// approving process's lease ran out, exactly once with two workers at once
// and when a stale worker runs it again; a handler that throws is retried.
import { spawn } from "node:child_process";
import { createLogger } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { buildDeps } from "../../src/context";
import { RiskApprovalRepository } from "../../src/data/risk-approval.repository";
import { RiskAuditRepository } from "../../src/data/risk-audit.repository";
import { RiskDecisionRepository } from "../../src/data/risk-decision.repository";
import { createLifecycleServices } from "../../src/domain/lifecycle";
import { createRiskServices } from "../../src/domain/risk";
import { ApprovalRunner } from "../../src/domain/risk/approval-runner";
import { eventsOf, give } from "../lifecycle/support";
import { riskTenant, type RiskTenant } from "./support";

let hub: TestHub;
const log = createLogger("test", "silent");
const HOUR = 3_600_000;

beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

/** The risk services of another entitlements process, with the lifecycle's approval handlers. */
function otherProcess() {
  const deps = buildDeps({
    db: hub.db,
    pubsub: hub.pubsub,
    log,
    internalSecret: hub.secrets.internalSecret,
    membershipUrl: hub.subgraphs.membership.url,
    catalogUrl: hub.subgraphs.catalog.url,
  });
  const risk = createRiskServices(hub.db, { ruleCacheMs: 0, log });
  createLifecycleServices(deps, risk.risk);
  return risk;
}

/** A redeem held for review, approved by the admin in a transaction that also wrote its job; nothing carried out. */
async function approvedButNotCarriedOut(t: RiskTenant, action = "REDEEM", request?: object) {
  const holder = t.members[0]!.identity;
  const e = await give(hub, { id: holder.memberId, tenantId: t.tenantId, orgUnitId: holder.orgUnitId, email: "" });
  const decision = await hub.db.riskDecision.create({
    data: {
      tenantId: t.tenantId,
      action,
      memberId: holder.memberId,
      entitlementId: e.id,
      outcome: "REVIEW",
      reviewState: "PENDING",
      request: request ?? { entitlementId: e.id, redeemedBy: "member" },
    },
  });
  const decisions = new RiskDecisionRepository(hub.db);
  const jobs = new RiskApprovalRepository(hub.db);
  const admin = t.admin.identity;
  // The approving process held the job for an hour and died: the hub's own worker leaves it alone meanwhile.
  await decisions.transaction(async (tx) => {
    const q = { tenantId: t.tenantId, id: decision.id, state: "APPROVED" as const, reviewedBy: admin.memberId };
    expect(await decisions.review(tx, { ...q, note: null })).not.toBeNull();
    const job = { decisionId: decision.id, tenantId: t.tenantId, action, approvedBy: admin.memberId };
    await jobs.enqueue(tx, job, new Date(Date.now() + HOUR));
  });
  return { e, decision };
}

const executedAudits = (decisionId: string) =>
  hub.db.entitlementsAuditEntry.findMany({ where: { targetId: decisionId, action: "risk.approval_executed" } });

test("an approval whose process died before acting is carried out by a worker, once, also with two workers", async () => {
  const t = await riskTenant(hub, 1);
  const { e, decision } = await approvedButNotCarriedOut(t);
  expect((await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } })).state).toBe("CLAIMED");
  const [a, b] = [otherProcess(), otherProcess()];
  // Within the dead process's lease, no worker takes it.
  expect(await a.riskApprovals.drain(new Date())).toBe(0);
  const later = new Date(Date.now() + HOUR + 1000);
  const claimed = await Promise.all([a.riskApprovals.drain(later), b.riskApprovals.drain(later)]);
  expect(claimed.sort()).toEqual([0, 1]);
  const row = await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } });
  expect(row).toMatchObject({ state: "REDEEMED", redeemedBy: "member" });
  expect((await eventsOf(hub, e.id)).filter((x) => x.type === "entitlement.redeemed")).toHaveLength(1);
  const job = await hub.db.riskApprovalJob.findUniqueOrThrow({ where: { decisionId: decision.id } });
  expect(job).toMatchObject({ ok: true, message: null, doneAt: expect.any(Date), attempts: 2 });
  const audits = await executedAudits(decision.id);
  expect(audits).toHaveLength(1);
  expect(audits[0]).toMatchObject({ actorId: t.admin.identity.memberId, details: { riskAction: "REDEEM", ok: true } });
  // Done: no worker claims it again, and a stale worker that runs it anyway changes nothing.
  expect(await a.riskApprovals.drain(new Date(Date.now() + 2 * HOUR))).toBe(0);
});

test("a stale run of a job already carried out acts no more", async () => {
  const t = await riskTenant(hub, 1);
  const { e, decision } = await approvedButNotCarriedOut(t);
  const p = otherProcess();
  expect(await p.riskApprovals.drain(new Date(Date.now() + HOUR + 1000))).toBe(1);
  // A worker that claimed the job before and wakes up now runs it again: the redeem's guard refuses,
  // the job keeps its first result, nothing is audited twice.
  const q = otherProcess();
  const runner = new ApprovalRunner(
    new RiskApprovalRepository(hub.db),
    new RiskDecisionRepository(hub.db),
    new RiskAuditRepository(),
    q.risk,
  );
  const job = {
    decisionId: decision.id,
    tenantId: t.tenantId,
    action: "REDEEM",
    approvedBy: t.admin.identity.memberId,
  };
  expect(await runner.run({ ...job, attempts: 1 })).toEqual({ ok: true, message: undefined });
  expect((await eventsOf(hub, e.id)).filter((x) => x.type === "entitlement.redeemed")).toHaveLength(1);
  expect(await executedAudits(decision.id)).toHaveLength(1);
  expect(await hub.db.riskApprovalJob.findUniqueOrThrow({ where: { decisionId: decision.id } })).toMatchObject({
    ok: true,
  });
});

test("a handler that throws leaves the job due; a later run carries it out", async () => {
  const t = await riskTenant(hub, 1);
  const { decision } = await approvedButNotCarriedOut(t, "CLAIM", { campaignId: "c", idempotencyKey: "k" });
  const p = createRiskServices(hub.db, { ruleCacheMs: 0, log });
  let calls = 0;
  p.risk.setApprovalHandler("CLAIM", async () => {
    calls += 1;
    if (calls === 1) throw new Error("membership did not answer");
    return { ok: true, message: "claimed" };
  });
  const later = new Date(Date.now() + HOUR + 1000);
  expect(await p.riskApprovals.drain(later)).toBe(1);
  const failed = await hub.db.riskApprovalJob.findUniqueOrThrow({ where: { decisionId: decision.id } });
  expect(failed).toMatchObject({ doneAt: null, lastError: expect.stringMatching(/membership did not answer/) });
  expect(await executedAudits(decision.id)).toHaveLength(0);
  expect(await p.riskApprovals.drain(new Date(failed.nextAttemptAt.getTime() + 1))).toBe(1);
  const job = await hub.db.riskApprovalJob.findUniqueOrThrow({ where: { decisionId: decision.id } });
  expect(job).toMatchObject({ ok: true, message: "claimed", doneAt: expect.any(Date), lastError: null });
  expect(calls).toBe(2);
  expect(await executedAudits(decision.id)).toHaveLength(1);
});

// A second process needs a database server two processes can share: PostgreSQL
// (TEST_DATABASE_URL). The embedded database serves the process that started it.
const withServer = process.env.TEST_DATABASE_URL ? test : test.skip;

withServer(
  "an approving process killed with SIGKILL before acting: the hub's worker carries it out once",
  async () => {
    const t = await riskTenant(hub, 1);
    const holder = t.members[0]!.identity;
    const e = await give(hub, { id: holder.memberId, tenantId: t.tenantId, orgUnitId: holder.orgUnitId, email: "" });
    const decision = await hub.db.riskDecision.create({
      data: {
        tenantId: t.tenantId,
        action: "REDEEM",
        memberId: holder.memberId,
        entitlementId: e.id,
        outcome: "REVIEW",
        reviewState: "PENDING",
        request: { entitlementId: e.id, redeemedBy: "member" },
      },
    });
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "subgraphs/entitlements/test/risk/approving-process.ts"],
      {
        env: {
          ...process.env,
          NODE_OPTIONS: "",
          DATABASE_URL: hub.databaseUrl,
          DECISION_ID: decision.id,
          TENANT_ID: t.tenantId,
          ADMIN_ID: t.admin.identity.memberId,
          ADMIN_UNIT_ID: t.admin.identity.orgUnitId,
        },
        stdio: "ignore",
      },
    );
    const exited = new Promise((resolve) => child.on("exit", resolve));
    // The approval and its job committed; the child now hangs in its handler: kill it there.
    for (
      let i = 0;
      i < 600 && !(await hub.db.riskApprovalJob.findUnique({ where: { decisionId: decision.id } }));
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    child.kill("SIGKILL");
    await exited;
    expect(await hub.db.riskDecision.findUniqueOrThrow({ where: { id: decision.id } })).toMatchObject({
      reviewState: "APPROVED",
    });
    // The hub's own approval worker (polling every 100 ms) takes the job once the dead process's 500 ms lease ran out.
    let job = await hub.db.riskApprovalJob.findUniqueOrThrow({ where: { decisionId: decision.id } });
    for (let i = 0; i < 200 && !job.doneAt; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = await hub.db.riskApprovalJob.findUniqueOrThrow({ where: { decisionId: decision.id } });
    }
    expect(job).toMatchObject({ ok: true, doneAt: expect.any(Date) });
    expect(await hub.db.entitlement.findUniqueOrThrow({ where: { id: e.id } })).toMatchObject({ state: "REDEEMED" });
    expect((await eventsOf(hub, e.id)).filter((x) => x.type === "entitlement.redeemed")).toHaveLength(1);
    expect(await executedAudits(decision.id)).toHaveLength(1);
  },
  120_000,
);
