// Claiming due rows of an outbox table (budget_settlement, topup_request,
// risk_approval_job: done_at, next_attempt_at, attempts): up to `limit` rows
// whose next attempt is due get their next attempt moved past a lease and the
// attempt counted, skipping rows another worker is claiming (FOR UPDATE SKIP
// LOCKED), so two instances never work on one row at once.
import { Prisma, type PrismaClient } from "@benefits-hub/platform/db/client";

export interface LeasedTable {
  /** Table name in the entitlements schema. */
  table: "budget_settlement" | "topup_request" | "risk_approval_job";
  /** The primary key's columns. */
  key: readonly string[];
  /** The RETURNING list (columns of the updated row `t`). */
  returning: string;
}

export function claimDue<T>(db: PrismaClient, t: LeasedTable, now: Date, limit: number, leaseMs: number) {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const table = Prisma.raw(`entitlements.${t.table}`);
  const key = Prisma.raw(t.key.join(", "));
  const qualified = Prisma.raw(t.key.map((k) => `t.${k}`).join(", "));
  return db.$queryRaw<T[]>`
    UPDATE ${table} t
    SET next_attempt_at = ${leaseUntil}, attempts = t.attempts + 1
    WHERE (${qualified}) IN (
      SELECT ${key} FROM ${table}
      WHERE done_at IS NULL AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING ${Prisma.raw(t.returning)}`;
}
