// The approval worker: carries out approved risk reviews whose approving
// request did not (the process died after the approval committed, or the
// handler failed). Jobs are claimed with a lease under FOR UPDATE SKIP
// LOCKED, so two instances never run one at once; a handler that throws is
// retried with backoff (approval-runner.ts ends it after MAX_ATTEMPTS).
import type { Logger } from "@benefits-hub/platform";
import type { RiskApprovalRepository } from "../data/risk-approval.repository";
import type { ApprovalRunner } from "../domain/risk/approval-runner";
import { backoffMs } from "./backoff";
import type { Worker } from "./index";
import { startLoop } from "./loop";

export class ApprovalSender {
  constructor(
    private readonly jobs: RiskApprovalRepository,
    private readonly runner: ApprovalRunner,
    private readonly log: Logger,
    readonly batchSize = 20,
    private readonly leaseMs = 30_000,
  ) {}

  /** Runs one batch of due jobs; how many were claimed. */
  async drain(now = new Date()): Promise<number> {
    const due = await this.jobs.claimDue(now, this.batchSize, this.leaseMs);
    for (const job of due) {
      try {
        await this.runner.run(job);
      } catch (error) {
        this.log.warn({ decisionId: job.decisionId, attempts: job.attempts, err: String(error) }, "approval not run");
        await this.runner.failed(job, error, new Date(Date.now() + backoffMs(job.attempts)));
      }
    }
    return due.length;
  }
}

/** Each tick runs until a batch comes back short. */
export function startApprovalWorker(sender: ApprovalSender, pollMs: number, log: Logger): Worker {
  return startLoop("risk-approvals", pollMs, log, async () => {
    while ((await sender.drain()) >= sender.batchSize);
  });
}
