// Counters and the consumer checkpoint move together in one transaction, so
// an event is counted exactly once whatever crashes or runs twice.
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { RedemptionStatRow } from "./redemption-stats.repository";

export interface Position {
  xid: bigint;
  seq: bigint;
}

export interface CounterIncrement {
  tenantId: string;
  benefitId: string;
  by: number;
}

export class ConsumerStore {
  constructor(
    private readonly db: PrismaClient,
    private readonly consumer: string,
  ) {}

  async position(): Promise<Position> {
    const row = await this.db.consumerCheckpoint.findUnique({ where: { consumer: this.consumer } });
    return row ? { xid: row.xid, seq: row.seq } : { xid: 0n, seq: 0n };
  }

  /**
   * Applies a batch read after some position: under the checkpoint's row lock,
   * keeps only what lies beyond the stored position, increments the counters
   * and moves the checkpoint to `to`. Returns the counters it changed.
   */
  apply<E extends Position>(
    events: readonly E[],
    increments: (fresh: readonly E[]) => CounterIncrement[],
  ): Promise<RedemptionStatRow[]> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`
        INSERT INTO analytics.consumer_checkpoint (consumer, xid, seq, updated_at)
        VALUES (${this.consumer}, 0, 0, now()) ON CONFLICT (consumer) DO NOTHING`;
      const [stored] = await tx.$queryRaw<Position[]>`
        SELECT xid, seq FROM analytics.consumer_checkpoint WHERE consumer = ${this.consumer} FOR UPDATE`;
      const fresh = events.filter((e) => isAfter(e, stored!));
      if (fresh.length === 0) return [];
      // The furthest position read, whatever order the batch came in.
      const last = fresh.reduce((a, b) => (isAfter(b, a) ? b : a));
      const changed: RedemptionStatRow[] = [];
      for (const { tenantId, benefitId, by } of increments(fresh)) {
        changed.push(
          await tx.benefitRedemptions.upsert({
            where: { tenantId_benefitId: { tenantId, benefitId } },
            create: { tenantId, benefitId, redeemedCount: by },
            update: { redeemedCount: { increment: by } },
          }),
        );
      }
      await tx.consumerCheckpoint.update({
        where: { consumer: this.consumer },
        data: { xid: last.xid, seq: last.seq },
      });
      return changed;
    });
  }
}

export const isAfter = (a: Position, b: Position) => a.xid > b.xid || (a.xid === b.xid && a.seq > b.seq);
