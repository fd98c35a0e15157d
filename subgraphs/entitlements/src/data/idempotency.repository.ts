// idempotency_record: a key's first request, its lease while running, and its result.
import type { Prisma, PrismaClient } from "@benefits-hub/platform/db/client";
import type { Tx } from "./event.repository";

export interface IdempotencyId {
  tenantId: string;
  actor: string;
  key: string;
}

export interface IdempotencyRow {
  operation: string;
  requestHash: string;
  state: "IN_PROGRESS" | "DONE";
  response: unknown;
  leaseUntil: Date;
}

export class IdempotencyRepository {
  constructor(private readonly db: PrismaClient) {}

  /** Inserts an IN_PROGRESS record; false when the key is already there. */
  async tryInsert(id: IdempotencyId, operation: string, requestHash: string, leaseMs: number): Promise<boolean> {
    const rows = await this.db.$executeRaw`
      INSERT INTO entitlements.idempotency_record (tenant_id, actor, key, operation, request_hash, state, lease_until)
      VALUES (${id.tenantId}::uuid, ${id.actor}, ${id.key}, ${operation}, ${requestHash}, 'IN_PROGRESS',
              now() + make_interval(secs => ${leaseMs / 1000}))
      ON CONFLICT DO NOTHING`;
    return rows === 1;
  }

  find(id: IdempotencyId): Promise<IdempotencyRow | null> {
    return this.db.idempotencyRecord.findUnique({
      where: { tenantId_actor_key: id },
      select: { operation: true, requestHash: true, state: true, response: true, leaseUntil: true },
    });
  }

  /** Takes over an attempt whose lease ran out (its process died before committing anything). */
  async takeOver(id: IdempotencyId, leaseMs: number): Promise<boolean> {
    const rows = await this.db.$executeRaw`
      UPDATE entitlements.idempotency_record SET lease_until = now() + make_interval(secs => ${leaseMs / 1000})
      WHERE tenant_id = ${id.tenantId}::uuid AND actor = ${id.actor} AND key = ${id.key}
        AND state = 'IN_PROGRESS' AND lease_until < now()`;
    return rows === 1;
  }

  /**
   * Stores the result, in the transaction that made the change (null: no
   * change was made); false if another attempt finished first.
   */
  async complete(tx: Tx | null, id: IdempotencyId, response: Prisma.InputJsonValue): Promise<boolean> {
    const { count } = await (tx ?? this.db).idempotencyRecord.updateMany({
      where: { ...id, state: "IN_PROGRESS" },
      data: { state: "DONE", response },
    });
    return count === 1;
  }

  /** Frees the key after an attempt failed unexpectedly (nothing was changed), so a retry runs. */
  async abandon(id: IdempotencyId): Promise<void> {
    await this.db.idempotencyRecord.deleteMany({ where: { ...id, state: "IN_PROGRESS" } });
  }
}
