// The top-up sender: finishes top-ups whose requesting process did not (it
// died, or the catalog did not answer). Requests are claimed with a lease
// under FOR UPDATE SKIP LOCKED, so two instances never send one at once; the
// catalog orders once per entitlement, and the move that finishes a request
// is guarded on FULFILLING, so a request is acted on exactly once anyway.
import type { Logger } from "@benefits-hub/platform";
import type { TopupRequestRepository } from "../data/topup-request.repository";
import type { TopupService } from "../domain/lifecycle/topup.service";
import { backoffMs } from "./backoff";
import type { Worker } from "./index";
import { startLoop } from "./loop";

export class TopupSender {
  constructor(
    private readonly requests: TopupRequestRepository,
    private readonly topups: TopupService,
    private readonly log: Logger,
    readonly batchSize = 20,
    private readonly leaseMs = 30_000,
  ) {}

  /** Sends one batch of due requests; how many were claimed. */
  async drain(now = new Date()): Promise<number> {
    const due = await this.requests.claimDue(now, this.batchSize, this.leaseMs);
    for (const request of due) {
      try {
        await this.topups.send(request);
      } catch (failure) {
        const error = failure instanceof Error ? failure.message : String(failure);
        this.log.warn({ entitlementId: request.entitlementId, attempts: request.attempts, error }, "top-up not sent");
        await this.requests.markFailed(
          request.entitlementId,
          error,
          new Date(Date.now() + backoffMs(request.attempts)),
        );
      }
    }
    return due.length;
  }
}

/** Each tick sends until a batch comes back short. */
export function startTopupWorker(sender: TopupSender, pollMs: number, log: Logger): Worker {
  return startLoop("topup", pollMs, log, async () => {
    while ((await sender.drain()) >= sender.batchSize);
  });
}
