// A consumer's checkpoint and what it folds move together in one transaction,
// so an event is applied exactly once whatever crashes or runs twice.
import type { Prisma, PrismaClient } from "@benefits-hub/platform/db/client";

export interface Position {
  xid: bigint;
  seq: bigint;
}

export type Tx = Prisma.TransactionClient;

export const START: Position = { xid: 0n, seq: 0n };

export class ConsumerStore {
  constructor(
    private readonly db: PrismaClient,
    readonly consumer: string,
  ) {}

  async position(): Promise<Position> {
    const row = await this.db.consumerCheckpoint.findUnique({ where: { consumer: this.consumer } });
    return row ? { xid: row.xid, seq: row.seq } : START;
  }

  /**
   * Applies a batch read after some position: under the checkpoint's row lock,
   * keeps only what lies beyond the stored position, folds it with `fold` in
   * the same transaction and moves the checkpoint to the furthest event.
   * Returns what `fold` returned, or null when nothing in the batch was new.
   */
  apply<E extends Position, R>(
    events: readonly E[],
    fold: (tx: Tx, fresh: readonly E[]) => Promise<R>,
  ): Promise<R | null> {
    return this.db.$transaction(
      async (tx) => {
        const stored = await lockCheckpoint(tx, this.consumer);
        const fresh = events.filter((e) => isAfter(e, stored));
        if (fresh.length === 0) return null;
        // The furthest position read, whatever order the batch came in.
        const last = fresh.reduce((a, b) => (isAfter(b, a) ? b : a));
        const result = await fold(tx, fresh);
        await moveCheckpoint(tx, this.consumer, last);
        return result;
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }
}

/** Creates the checkpoint row when missing and takes its row lock; returns the stored position. */
export async function lockCheckpoint(tx: Tx, consumer: string): Promise<Position> {
  await tx.$executeRaw`
    INSERT INTO analytics.consumer_checkpoint (consumer, xid, seq, updated_at)
    VALUES (${consumer}, 0, 0, now()) ON CONFLICT (consumer) DO NOTHING`;
  const [stored] = await tx.$queryRaw<Position[]>`
    SELECT xid, seq FROM analytics.consumer_checkpoint WHERE consumer = ${consumer} FOR UPDATE`;
  return { xid: BigInt(stored!.xid), seq: BigInt(stored!.seq) };
}

export async function moveCheckpoint(tx: Tx, consumer: string, to: Position): Promise<void> {
  await tx.$executeRaw`
    UPDATE analytics.consumer_checkpoint SET xid = ${to.xid}, seq = ${to.seq}, updated_at = now()
    WHERE consumer = ${consumer}`;
}

export const isAfter = (a: Position, b: Position) => a.xid > b.xid || (a.xid === b.xid && a.seq > b.seq);
