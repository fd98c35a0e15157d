// The budget settlement worker: drains budget_settlement (rows written with
// the state changes that cause them) to membership's commit and release.
// Rows are claimed with a lease (FOR UPDATE SKIP LOCKED), so two instances
// never send one at once; membership settles each reservation (and each
// part of one, by its key) once anyway.
// A failure is retried with exponential backoff; success marks the row done.
import type { Logger } from "@benefits-hub/platform";
import type { BudgetClient } from "../clients/budget.client";
import type { SettlementRepository } from "../data/settlement.repository";
import { backoffMs } from "./backoff";
import type { Worker } from "./index";
import { startLoop } from "./loop";

export interface SettlementOptions {
  batchSize?: number;
  /** How long a claimed row is left to its sender before another may take it (ms). */
  leaseMs?: number;
  /** The first retry's delay (ms), doubled per attempt up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

export class SettlementSender {
  readonly batchSize: number;

  constructor(
    private readonly settlements: SettlementRepository,
    private readonly budget: BudgetClient,
    private readonly log: Logger,
    private readonly options: SettlementOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 20;
  }

  /** Sends one batch of due settlements; how many were claimed. */
  async drain(now = new Date()): Promise<number> {
    const due = await this.settlements.claimDue(now, this.batchSize, this.options.leaseMs ?? 30_000);
    for (const s of due) {
      let error: string;
      try {
        const outcome = await this.budget.settle(s.kind, s.tenantId, s.reservationId, s.part);
        if (outcome.ok) {
          await this.settlements.markDone(s);
          continue;
        }
        error = outcome.message;
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
      }
      const delay = this.backoff(s.attempts);
      this.log.warn({ reservationId: s.reservationId, kind: s.kind, attempts: s.attempts, error }, "settlement failed");
      await this.settlements.markFailed(s, error, new Date(Date.now() + delay));
    }
    return due.length;
  }

  backoff(attempts: number): number {
    return backoffMs(attempts, this.options.retryMs, this.options.maxRetryMs);
  }
}

/** Each tick sends until a batch comes back short. */
export function startSettlementWorker(sender: SettlementSender, pollMs: number, log: Logger): Worker {
  return startLoop("settlement", pollMs, log, async () => {
    while ((await sender.drain()) >= sender.batchSize);
  });
}
