// Risk control's services, built once per process: the check (RiskService,
// which also holds the approval handlers), rule and blacklist administration,
// decisions and reviews, and replay. They share one rule cache.
import { createLogger, type Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { RiskAdminRepository } from "../../data/risk-admin.repository";
import { RiskApprovalRepository } from "../../data/risk-approval.repository";
import { RiskAuditRepository } from "../../data/risk-audit.repository";
import { RiskDecisionRepository } from "../../data/risk-decision.repository";
import { RiskRepository } from "../../data/risk.repository";
import { ApprovalSender } from "../../workers/approvals";
import { ApprovalRunner } from "./approval-runner";
import { RiskAdminService } from "./risk-admin.service";
import { RiskReplayService } from "./replay";
import { RiskReviewService } from "./review.service";
import { RiskRuleCache } from "./rule-cache";
import { RiskService } from "./risk.service";

export interface RiskServices {
  risk: RiskService;
  riskAdmin: RiskAdminService;
  riskReview: RiskReviewService;
  riskReplay: RiskReplayService;
  /** Carries out approvals whose request did not (workers/approvals.ts). */
  riskApprovals: ApprovalSender;
}

export function createRiskServices(
  db: PrismaClient,
  options: { ruleCacheMs?: number; log?: Logger } = {},
): RiskServices {
  const repo = new RiskRepository(db);
  const cache = new RiskRuleCache((tenantId) => repo.enabledRules(tenantId), options.ruleCacheMs);
  const audit = new RiskAuditRepository();
  const decisions = new RiskDecisionRepository(db);
  const risk = new RiskService(repo, cache);
  const jobs = new RiskApprovalRepository(db);
  const runner = new ApprovalRunner(jobs, decisions, audit, risk);
  return {
    risk,
    riskAdmin: new RiskAdminService(new RiskAdminRepository(db), audit, cache),
    riskReview: new RiskReviewService(decisions, audit, jobs, runner),
    riskReplay: new RiskReplayService(decisions),
    riskApprovals: new ApprovalSender(jobs, runner, options.log ?? createLogger("entitlements", "silent")),
  };
}
