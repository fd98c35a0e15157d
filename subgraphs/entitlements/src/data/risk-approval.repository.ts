// risk_approval_job: an approved review to carry out, written in the
// approval's transaction, so an approval is never left without one. Run by
// the approving request, or by the worker once the request's lease ran out
// (a crash), claimed under FOR UPDATE SKIP LOCKED. Done exactly once, in the
// carrying-out transaction where the handler offers one.
import type { Prisma, PrismaClient } from "@benefits-hub/platform/db/client";
import { claimDue, type LeasedTable } from "./leased-outbox";

type Tx = Prisma.TransactionClient;

export interface ApprovalJob {
  decisionId: string;
  tenantId: string;
  action: string;
  approvedBy: string;
  attempts: number;
}

interface DueRow {
  decision_id: string;
  tenant_id: string;
  action: string;
  approved_by: string;
  attempts: number;
}

const JOBS: LeasedTable = {
  table: "risk_approval_job",
  key: ["decision_id"],
  returning: `t.decision_id::text AS decision_id, t.tenant_id::text AS tenant_id, t.action,
    t.approved_by::text AS approved_by, t.attempts`,
};

export class RiskApprovalRepository {
  constructor(private readonly db: PrismaClient) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.$transaction(fn);
  }

  /** In the approval's transaction; the approving process holds it until `leaseUntil`. */
  async enqueue(tx: Tx, job: Omit<ApprovalJob, "attempts">, leaseUntil: Date): Promise<ApprovalJob> {
    await tx.riskApprovalJob.create({ data: { ...job, attempts: 1, nextAttemptAt: leaseUntil } });
    return { ...job, attempts: 1 };
  }

  /** Claims up to `limit` due jobs for `leaseMs` (see leased-outbox.ts). */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<ApprovalJob[]> {
    const rows = await claimDue<DueRow>(this.db, JOBS, now, limit, leaseMs);
    return rows.map((r) => ({
      decisionId: r.decision_id,
      tenantId: r.tenant_id,
      action: r.action,
      approvedBy: r.approved_by,
      attempts: r.attempts,
    }));
  }

  /** Marks the job done with its result; false when it already was (nothing written). */
  async finish(tx: Tx, decisionId: string, ok: boolean, message: string | null): Promise<boolean> {
    const { count } = await tx.riskApprovalJob.updateMany({
      where: { decisionId, doneAt: null },
      data: { doneAt: new Date(), ok, message: message?.slice(0, 500) ?? null, lastError: null },
    });
    return count === 1;
  }

  find(decisionId: string) {
    return this.db.riskApprovalJob.findUnique({ where: { decisionId } });
  }

  async markFailed(decisionId: string, error: string, nextAttemptAt: Date): Promise<void> {
    await this.db.riskApprovalJob.updateMany({
      where: { decisionId, doneAt: null },
      data: { lastError: error.slice(0, 500), nextAttemptAt },
    });
  }
}
