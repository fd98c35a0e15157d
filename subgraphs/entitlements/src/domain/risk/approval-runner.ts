// Carries out approved risk reviews from their durable job (risk_approval_job,
// written in the approval's transaction): the action's handler runs with the
// held request, and the job is marked done with its result, audited
// (`risk.approval_executed`). A handler that changes state is handed
// `complete`, to mark the job done inside its own transaction, so the change
// and the job's end commit together and a crash in between cannot act twice;
// the others are idempotent by key (a claim's issuance). A handler that
// throws leaves the job to be retried with backoff, at most MAX_ATTEMPTS.
import type { Tx } from "../../data/event.repository";
import type { ApprovalJob, RiskApprovalRepository } from "../../data/risk-approval.repository";
import type { RiskAuditRepository } from "../../data/risk-audit.repository";
import type { RiskDecisionRepository } from "../../data/risk-decision.repository";
import type { RiskService } from "./risk.service";

export interface ApprovalResult {
  ok: boolean;
  message?: string;
}

export const MAX_ATTEMPTS = 10;

export class ApprovalRunner {
  constructor(
    private readonly jobs: RiskApprovalRepository,
    private readonly decisions: RiskDecisionRepository,
    private readonly audit: RiskAuditRepository,
    private readonly risk: RiskService,
  ) {}

  /** Runs the job's handler and ends the job; throws (job still due) when the handler threw. */
  async run(job: ApprovalJob): Promise<ApprovalResult> {
    const decision = await this.decisions.find(job.tenantId, job.decisionId);
    if (!decision) return this.end(job, { ok: false, message: "the approved decision no longer exists" });
    const handler = this.risk.approvalHandler(decision.action);
    if (!handler) {
      return this.end(job, { ok: false, message: `nothing carries out an approved ${decision.action.toLowerCase()}` });
    }
    const request = isRecord(decision.request) ? decision.request : {};
    const held = { id: decision.id, tenantId: decision.tenantId, memberId: decision.memberId, request };
    const result = await handler(held, (tx) => this.finish(tx, job, { ok: true }).then(() => undefined));
    return this.end(job, result);
  }

  /** A failed attempt: retried later, or ended as failed after MAX_ATTEMPTS. */
  async failed(job: ApprovalJob, error: unknown, retryAt: Date): Promise<ApprovalResult> {
    const message = `the approved request failed: ${error instanceof Error ? error.message : String(error)}`;
    if (job.attempts >= MAX_ATTEMPTS) return this.end(job, { ok: false, message });
    await this.jobs.markFailed(job.decisionId, message, retryAt);
    return { ok: false, message: `${message}; it will be retried` };
  }

  /** Ends the job with `result` unless its handler already did (in its transaction); the result as stored. */
  private async end(job: ApprovalJob, result: ApprovalResult): Promise<ApprovalResult> {
    const ended = await this.jobs.transaction((tx) => this.finish(tx, job, result));
    if (ended) return result;
    const stored = await this.jobs.find(job.decisionId);
    return stored?.ok != null ? { ok: stored.ok, message: stored.message ?? undefined } : result;
  }

  private async finish(tx: Tx, job: ApprovalJob, result: ApprovalResult): Promise<boolean> {
    const ended = await this.jobs.finish(tx, job.decisionId, result.ok, result.message ?? null);
    if (ended) {
      await this.audit.record(
        tx,
        { tenantId: job.tenantId, memberId: job.approvedBy },
        {
          action: "risk.approval_executed",
          targetType: "risk_decision",
          targetId: job.decisionId,
          details: { riskAction: job.action, ok: result.ok, message: result.message ?? null },
        },
      );
    }
    return ended;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
