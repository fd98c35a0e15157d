// <schema>.idempotency_record: a key's first request, its lease while it runs,
// and its result. Every domain schema has the same table (see prisma/schema);
// a key is scoped to (tenant, actor, operation).
import type { Prisma } from "../db/client";

/** The Prisma client or an interactive transaction's client. */
export type SqlClient = Pick<Prisma.TransactionClient, "$executeRawUnsafe" | "$queryRawUnsafe">;

export interface IdempotencyId {
  tenantId: string;
  /** Who used the key: "member:<id>", "partner:<apiKeyId>", "service:<name>". */
  actor: string;
  operation: string;
  key: string;
}

/**
 * IN_PROGRESS: running under a lease. APPLIED: its change committed (marked in
 * the change's transaction), its answer not stored yet. DONE: answer stored.
 */
export type IdempotencyState = "IN_PROGRESS" | "APPLIED" | "DONE";

export interface IdempotencyRow {
  requestHash: string;
  state: IdempotencyState;
  response: unknown;
  leaseUntil: Date;
}

const SCHEMAS = new Set(["catalog", "membership", "entitlements"]);
const WHERE_ID = "tenant_id = $1::uuid AND actor = $2 AND operation = $3 AND key = $4";

export class IdempotencyStore {
  private readonly table: string;

  constructor(
    private readonly db: SqlClient,
    schema: string,
  ) {
    if (!SCHEMAS.has(schema)) throw new Error(`no idempotency table in schema ${schema}`);
    this.table = `${schema}.idempotency_record`;
  }

  /** Inserts an IN_PROGRESS record; false when the key is already there. */
  async tryInsert(id: IdempotencyId, requestHash: string, leaseMs: number): Promise<boolean> {
    const rows = await this.db.$executeRawUnsafe(
      `INSERT INTO ${this.table} (tenant_id, actor, operation, key, request_hash, state, lease_until)
       VALUES ($1::uuid, $2, $3, $4, $5, 'IN_PROGRESS', now() + make_interval(secs => $6::float8))
       ON CONFLICT DO NOTHING`,
      ...params(id),
      requestHash,
      leaseMs / 1000,
    );
    return rows === 1;
  }

  async find(id: IdempotencyId): Promise<IdempotencyRow | null> {
    const rows = await this.db.$queryRawUnsafe<IdempotencyRow[]>(
      `SELECT request_hash AS "requestHash", state::text AS state, response, lease_until AS "leaseUntil"
       FROM ${this.table} WHERE ${WHERE_ID}`,
      ...params(id),
    );
    return rows[0] ?? null;
  }

  /** Takes over an attempt whose lease ran out before it changed anything (its process died). */
  async takeOver(id: IdempotencyId, leaseMs: number): Promise<boolean> {
    const rows = await this.db.$executeRawUnsafe(
      `UPDATE ${this.table} SET lease_until = now() + make_interval(secs => $5::float8)
       WHERE ${WHERE_ID} AND state = 'IN_PROGRESS' AND lease_until < now()`,
      ...params(id),
      leaseMs / 1000,
    );
    return rows === 1;
  }

  /** Marks the change committed, in the change's own transaction; false if another attempt took the key. */
  async markApplied(tx: SqlClient, id: IdempotencyId): Promise<boolean> {
    const rows = await tx.$executeRawUnsafe(
      `UPDATE ${this.table} SET state = 'APPLIED' WHERE ${WHERE_ID} AND state = 'IN_PROGRESS'`,
      ...params(id),
    );
    return rows === 1;
  }

  /**
   * Stores the result, in the transaction that made the change when there is
   * one (null: after it, or no change was made); false if it was not ours to seal.
   */
  async complete(tx: SqlClient | null, id: IdempotencyId, response: unknown): Promise<boolean> {
    const rows = await (tx ?? this.db).$executeRawUnsafe(
      `UPDATE ${this.table} SET state = 'DONE', response = $5::jsonb
       WHERE ${WHERE_ID} AND state IN ('IN_PROGRESS', 'APPLIED')`,
      ...params(id),
      JSON.stringify(response),
    );
    return rows === 1;
  }

  /** Frees the key after an attempt failed before changing anything, so a retry runs. */
  async abandon(id: IdempotencyId): Promise<void> {
    await this.db.$executeRawUnsafe(
      `DELETE FROM ${this.table} WHERE ${WHERE_ID} AND state = 'IN_PROGRESS'`,
      ...params(id),
    );
  }

  /** Deletes answered records created before `before` (a retry after that runs as a new request). */
  purge(before: Date): Promise<number> {
    return this.db.$executeRawUnsafe(
      `DELETE FROM ${this.table} WHERE state = 'DONE' AND created_at < $1::timestamptz`,
      before.toISOString(),
    );
  }
}

const params = (id: IdempotencyId) => [id.tenantId, id.actor, id.operation, id.key];
