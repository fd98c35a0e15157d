// The expiry sweeper: moves usable entitlements whose expiry has passed to
// EXPIRED, a batch per transaction. Rows are locked FOR UPDATE SKIP LOCKED,
// so several instances share the work, and the move is guarded again, so a
// row redeemed or revoked meanwhile is left alone. Each expiry writes its
// event and a RELEASE of its budget; the campaign's stock is not returned.
import type { Logger } from "@benefits-hub/platform";
import type { EntitlementRepository } from "../data/entitlement.repository";
import type { EventRepository } from "../data/event.repository";
import { eventOf } from "../domain/entitlement-state";
import type { MoveWriter } from "../domain/lifecycle/move-writer";
import type { Worker } from "./index";
import { startLoop } from "./loop";

export class ExpirySweeper {
  constructor(
    private readonly entitlements: EntitlementRepository,
    private readonly events: EventRepository,
    private readonly writer: MoveWriter,
    readonly batchSize = 100,
  ) {}

  /** Expires one batch of what is due at `now`; how many moved. */
  async sweep(now = new Date()): Promise<number> {
    const moved = await this.entitlements.transaction(async (tx) => {
      const ids = await this.entitlements.lockDueForExpiry(tx, now, this.batchSize);
      if (ids.length === 0) return 0;
      const rows = await this.entitlements.expire(tx, ids, now);
      for (const row of rows) {
        await this.events.append(tx, {
          tenantId: row.tenantId,
          entitlementId: row.id,
          type: eventOf("expire"),
          payload: { memberId: row.memberId, expiresAt: row.expiresAt?.toISOString() ?? null },
        });
        await this.writer.settle(tx, row, "RELEASE");
      }
      return rows.length;
    });
    if (moved > 0) this.writer.wake();
    return moved;
  }
}

/** Each tick sweeps until a batch comes back short. */
export function startExpiryWorker(sweeper: ExpirySweeper, pollMs: number, log: Logger): Worker {
  return startLoop("expiry", pollMs, log, async () => {
    while ((await sweeper.sweep()) >= sweeper.batchSize);
  });
}
