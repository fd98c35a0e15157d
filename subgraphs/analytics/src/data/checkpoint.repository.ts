// A consumer's checkpoint and what it folds move together in one transaction,
// so an event is applied exactly once whatever crashes or runs twice.
//
// The transaction runs on node-postgres directly when the consumer has a pool
// (the service does): a batch's fold sends ~1 MB of rows as jsonb parameters,
// which the Prisma client's query compiler copies and decodes at ~2.5x the
// CPU of the driver alone. Without a pool it runs in a Prisma transaction.
import type pg from "pg";
import type { Prisma, PrismaClient } from "@benefits-hub/platform/db/client";

export interface Position {
  xid: bigint;
  seq: bigint;
}

export type Tx = Prisma.TransactionClient;

/** What folding and the checkpoint need of a connection inside a transaction (a Prisma one, or pgSql's). */
export type Sql = Pick<Tx, "$executeRawUnsafe" | "$queryRawUnsafe">;

export const START: Position = { xid: 0n, seq: 0n };

/** A pg client seen through the two raw-SQL methods of Prisma that folding uses. */
export function pgSql(client: pg.PoolClient): Sql {
  return {
    $executeRawUnsafe: (async (text: string, ...values: unknown[]) =>
      (await client.query(text, values)).rowCount ?? 0) as unknown as Sql["$executeRawUnsafe"],
    $queryRawUnsafe: (async (text: string, ...values: unknown[]) =>
      (await client.query(text, values)).rows) as unknown as Sql["$queryRawUnsafe"],
  };
}

/** Runs `work` in a transaction on a client of `pool`; rolls back (and drops the client) on failure. */
export async function inPgTransaction<R>(pool: pg.Pool, work: (sql: Sql) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(pgSql(client));
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

export class ConsumerStore {
  constructor(
    private readonly db: PrismaClient,
    readonly consumer: string,
    private readonly pool?: pg.Pool,
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
    fold: (sql: Sql, fresh: readonly E[]) => Promise<R>,
  ): Promise<R | null> {
    const work = async (sql: Sql) => {
      const stored = await lockCheckpoint(sql, this.consumer);
      const fresh = events.filter((e) => isAfter(e, stored));
      if (fresh.length === 0) return null;
      // The furthest position read, whatever order the batch came in.
      const last = fresh.reduce((a, b) => (isAfter(b, a) ? b : a));
      const result = await fold(sql, fresh);
      await moveCheckpoint(sql, this.consumer, last);
      return result;
    };
    if (this.pool) return inPgTransaction(this.pool, work);
    return this.db.$transaction((tx) => work(tx), { timeout: 60_000, maxWait: 30_000 });
  }
}

/** Creates the checkpoint row when missing and takes its row lock; returns the stored position. */
export async function lockCheckpoint(sql: Sql, consumer: string): Promise<Position> {
  await sql.$executeRawUnsafe(
    `INSERT INTO analytics.consumer_checkpoint (consumer, xid, seq, updated_at)
     VALUES ($1, 0, 0, now()) ON CONFLICT (consumer) DO NOTHING`,
    consumer,
  );
  const [stored] = await sql.$queryRawUnsafe<{ xid: bigint | string; seq: bigint | string }[]>(
    `SELECT xid, seq FROM analytics.consumer_checkpoint WHERE consumer = $1 FOR UPDATE`,
    consumer,
  );
  return { xid: BigInt(stored!.xid), seq: BigInt(stored!.seq) };
}

export async function moveCheckpoint(sql: Sql, consumer: string, to: Position): Promise<void> {
  await sql.$executeRawUnsafe(
    `UPDATE analytics.consumer_checkpoint SET xid = $2::bigint, seq = $3::bigint, updated_at = now() WHERE consumer = $1`,
    consumer,
    to.xid.toString(),
    to.seq.toString(),
  );
}

export const isAfter = (a: Position, b: Position) => a.xid > b.xid || (a.xid === b.xid && a.seq > b.seq);
