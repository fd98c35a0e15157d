// Sliding-window attempt counters every membership process shares: PostgreSQL by default (the hub always has a
// database), Redis when REDIS_URL is set. An attempt is recorded under several keys at once and comes back with,
// per key, the times of the attempts still in that key's window. Keys are stored as SHA-256 hashes, so the store
// holds no email or address.
import { createHash } from "node:crypto";
import type { PrismaClient } from "@benefits-hub/platform/db/client";

export interface WindowKey {
  key: string;
  windowMs: number;
}

export interface RecordedAttempt {
  /** When this attempt was recorded (epoch ms, the store's clock). */
  at: number;
  /** Per key (in the order given): the times (epoch ms) of the OTHER attempts in its window, oldest first. */
  others: number[][];
  /** Takes this attempt back out of every window. */
  forget(): Promise<void>;
}

export interface AttemptStore {
  readonly kind: "postgres" | "redis";
  record(keys: WindowKey[]): Promise<RecordedAttempt>;
  /** Empties the windows of these keys. */
  clear(keys: string[]): Promise<void>;
  close(): Promise<void>;
}

export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** The database's name: hubs sharing one Redis keep their counters apart by it. */
export async function databaseName(db: PrismaClient): Promise<string> {
  const [row] = await db.$queryRaw<{ name: string }[]>`SELECT current_database()::text AS name`;
  return row?.name ?? "hub";
}

/** Rows older than this are gone from every window: swept now and then. */
const SWEEP_EVERY_MS = 5 * 60_000;

export class PostgresAttemptStore implements AttemptStore {
  readonly kind = "postgres";
  private lastSweep = 0;

  /** `retentionMs`: the longest window in use; older rows are swept. */
  constructor(
    private readonly db: PrismaClient,
    private readonly retentionMs: number,
  ) {}

  // Two statements, each committed on its own: the insert, then the count. Of two concurrent attempts the one
  // counting later always sees the other, so a burst never gets more attempts past a limit than it allows.
  async record(keys: WindowKey[]): Promise<RecordedAttempt> {
    const hashes = keys.map((k) => hashKey(k.key));
    const windows = keys.map((k) => Math.max(1, Math.round(k.windowMs)));
    const inserted = await this.db.$queryRaw<{ id: bigint; at: number }[]>`
      INSERT INTO membership.auth_attempt (key_hash, at)
      SELECT h, now_ms FROM unnest(${hashes}::text[]) AS h, (SELECT clock_timestamp() AS now_ms) AS t
      RETURNING id, (extract(epoch FROM at) * 1000)::float8 AS at`;
    const ids = inserted.map((row) => row.id);
    const at = Number(inserted[0]?.at ?? Date.now());
    const counted = await this.db.$queryRaw<{ key_hash: string; times: number[] }[]>`
      SELECT w.key_hash, array_agg((extract(epoch FROM a.at) * 1000)::float8 ORDER BY a.at) AS times
      FROM unnest(${hashes}::text[], ${windows}::int[]) AS w(key_hash, window_ms)
      JOIN membership.auth_attempt a
        ON a.key_hash = w.key_hash
       AND a.at > to_timestamp(${at}::float8 / 1000) - w.window_ms * interval '1 millisecond'
       AND a.id <> ALL(${ids}::bigint[])
      GROUP BY w.key_hash`;
    await this.sweepNowAndThen();
    const byHash = new Map(counted.map((row) => [row.key_hash, row.times.map(Number)]));
    return {
      at,
      others: hashes.map((hash) => byHash.get(hash) ?? []),
      forget: async () => {
        await this.db.$executeRaw`DELETE FROM membership.auth_attempt WHERE id = ANY(${ids}::bigint[])`;
      },
    };
  }

  async clear(keys: string[]): Promise<void> {
    const hashes = keys.map(hashKey);
    await this.db.$executeRaw`DELETE FROM membership.auth_attempt WHERE key_hash = ANY(${hashes}::text[])`;
  }

  async close(): Promise<void> {}

  private async sweepNowAndThen(): Promise<void> {
    if (Date.now() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = Date.now();
    const retention = Math.max(1, Math.round(this.retentionMs));
    await this.db.$executeRaw`
      DELETE FROM membership.auth_attempt WHERE at < clock_timestamp() - ${retention}::int * interval '1 millisecond'`;
  }
}
