// Top-up orders: one per entitlement (unique index), claimed by the worker
// with FOR UPDATE SKIP LOCKED so several catalog instances never work the
// same order at once, and finished with guarded updates.
import { Prisma, type PrismaClient, type TopupOrder, type TopupStatus } from "@benefits-hub/platform/db/client";

export type TopupOrderRow = TopupOrder;

export class TopupRepository {
  constructor(private readonly db: PrismaClient) {}

  byEntitlement(entitlementId: string): Promise<TopupOrderRow | null> {
    return this.db.topupOrder.findUnique({ where: { entitlementId } });
  }

  /**
   * Creates the order, or returns the entitlement's existing one (`created`
   * false). `onCreate` runs in the creating transaction (its outbox event).
   */
  async createOnce(
    data: Prisma.TopupOrderUncheckedCreateInput,
    onCreate?: (tx: Prisma.TransactionClient, order: TopupOrderRow) => Promise<unknown>,
  ): Promise<{ order: TopupOrderRow; created: boolean }> {
    try {
      const order = await this.db.$transaction(async (tx) => {
        const row = await tx.topupOrder.create({ data });
        await onCreate?.(tx, row);
        return row;
      });
      return { order, created: true };
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
        const existing = await this.byEntitlement(data.entitlementId);
        if (existing) return { order: existing, created: false };
      }
      throw error;
    }
  }

  /**
   * Claims up to `limit` due orders (PENDING or PROCESSING, nextAttemptAt
   * passed): each gets a lease (nextAttemptAt moved `leaseMs` ahead, so a
   * crashed worker's orders come back), and a PENDING one counts an attempt.
   */
  async claimDue(leaseMs: number, limit: number): Promise<TopupOrderRow[]> {
    const rows = await this.db.$queryRaw<{ id: string }[]>`
      UPDATE catalog.topup_order t SET
        attempts = CASE WHEN t.status = 'PENDING' THEN t.attempts + 1 ELSE t.attempts END,
        next_attempt_at = now() + (${leaseMs}::int * interval '1 millisecond'),
        updated_at = now()
      WHERE t.id IN (
        SELECT id FROM catalog.topup_order
        WHERE status IN ('PENDING', 'PROCESSING') AND next_attempt_at <= now()
        ORDER BY next_attempt_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING t.id::text`;
    if (rows.length === 0) return [];
    return this.db.topupOrder.findMany({
      where: { id: { in: rows.map((r) => r.id) } },
      orderBy: { nextAttemptAt: "asc" },
    });
  }

  /** Updates an order that is not final yet (a final order never changes again); in `tx` when given. */
  async advance(
    id: string,
    data: {
      status: TopupStatus;
      nextAttemptAt?: Date;
      supplierOrderId?: string | null;
      lastError?: string | null;
      completedAt?: Date | null;
    },
    tx: Prisma.TransactionClient | PrismaClient = this.db,
  ): Promise<boolean> {
    const result = await tx.topupOrder.updateMany({
      where: { id, status: { in: ["PENDING", "PROCESSING"] } },
      data,
    });
    return result.count === 1;
  }

  /**
   * Orders whose account is sealed under another master key than `keyId`
   * (the id in the sealed value's header: version, id length, id), by id
   * after `afterId`, for master-key rotation.
   */
  accountsNotSealedBy(keyId: string, afterId: string, limit: number) {
    return this.db.$queryRaw<{ id: string; accountSealed: Uint8Array }[]>`
      SELECT id::text, account_sealed AS "accountSealed" FROM catalog.topup_order
      WHERE id > ${afterId}::uuid
        AND convert_from(substring(account_sealed FROM 3 FOR get_byte(account_sealed, 1)), 'UTF8') <> ${keyId}
      ORDER BY id
      LIMIT ${limit}`;
  }

  /** Replaces the sealed account if it is still `from`; true when it did. */
  async swapSealedAccount(id: string, from: Uint8Array, to: Uint8Array): Promise<boolean> {
    const result = await this.db.topupOrder.updateMany({
      where: { id, accountSealed: { equals: new Uint8Array(from) } },
      data: { accountSealed: new Uint8Array(to) },
    });
    return result.count === 1;
  }

  /** Our SUCCEEDED orders with a supplier, by id. */
  succeededOf(supplierId: string, ids: string[]): Promise<Pick<TopupOrderRow, "id">[]> {
    return this.db.topupOrder.findMany({
      where: { supplierId, status: "SUCCEEDED", id: { in: ids } },
      select: { id: true },
    });
  }
}
