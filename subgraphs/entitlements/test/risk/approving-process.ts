// A process that approves one held risk decision and then hangs in the
// handler, so the test can SIGKILL it between the approval's commit and the
// carrying out. Run with tsx: DATABASE_URL, DECISION_ID, TENANT_ID, ADMIN_ID.
import type { MemberIdentity } from "@benefits-hub/platform";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { RiskApprovalRepository } from "../../src/data/risk-approval.repository";
import { RiskAuditRepository } from "../../src/data/risk-audit.repository";
import { RiskDecisionRepository } from "../../src/data/risk-decision.repository";
import { createRiskServices } from "../../src/domain/risk";
import { ApprovalRunner } from "../../src/domain/risk/approval-runner";
import { RiskReviewService } from "../../src/domain/risk/review.service";

const db = createPrisma({ url: process.env.DATABASE_URL!, poolSize: 2 });
const { risk } = createRiskServices(db, { ruleCacheMs: 0 });
// Never returns: the process is killed while "carrying out".
risk.setApprovalHandler("REDEEM", () => new Promise(() => {}));
const jobs = new RiskApprovalRepository(db);
const decisions = new RiskDecisionRepository(db);
const audit = new RiskAuditRepository();
const review = new RiskReviewService(decisions, audit, jobs, new ApprovalRunner(jobs, decisions, audit, risk), 500);
const admin = {
  kind: "member",
  tenantId: process.env.TENANT_ID!,
  memberId: process.env.ADMIN_ID!,
  role: "TENANT_ADMIN",
  orgUnitId: process.env.ADMIN_UNIT_ID!,
} as MemberIdentity;
await review.review(admin, { decisionId: process.env.DECISION_ID!, approve: true });
