// budget_settlement: the outbox of commits and releases for membership's
// budget reservations. A row is written with the state change that causes
// it (one per reservation, so each settles once) and drained by the worker.
import type { BudgetSettlementKind, PrismaClient } from "@benefits-hub/platform/db/client";
import type { Tx } from "./event.repository";

export interface NewSettlement {
  reservationId: string;
  tenantId: string;
  entitlementId: string;
  kind: BudgetSettlementKind;
}

export interface DueSettlement {
  reservationId: string;
  tenantId: string;
  entitlementId: string;
  kind: BudgetSettlementKind;
  attempts: number;
}

interface DueRow {
  reservation_id: string;
  tenant_id: string;
  entitlement_id: string;
  kind: BudgetSettlementKind;
  attempts: number;
}

export class SettlementRepository {
  constructor(private readonly db: PrismaClient) {}

  /** In the state change's transaction; a reservation already queued stays as it is. */
  async enqueue(tx: Tx, s: NewSettlement): Promise<void> {
    await tx.$executeRaw`
      INSERT INTO entitlements.budget_settlement (reservation_id, tenant_id, entitlement_id, kind)
      VALUES (${s.reservationId}::uuid, ${s.tenantId}::uuid, ${s.entitlementId}::uuid,
              ${s.kind}::entitlements."BudgetSettlementKind")
      ON CONFLICT (reservation_id) DO NOTHING`;
  }

  /**
   * Claims up to `limit` due rows for `leaseMs` (their next attempt moves past
   * the lease, and the attempt is counted), skipping rows another worker is
   * claiming: two instances never send the same row at once.
   */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<DueSettlement[]> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const rows = await this.db.$queryRaw<DueRow[]>`
      UPDATE entitlements.budget_settlement s
      SET next_attempt_at = ${leaseUntil}, attempts = s.attempts + 1
      WHERE s.reservation_id IN (
        SELECT reservation_id FROM entitlements.budget_settlement
        WHERE done_at IS NULL AND next_attempt_at <= ${now}
        ORDER BY next_attempt_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING s.reservation_id::text AS reservation_id, s.tenant_id::text AS tenant_id,
                s.entitlement_id::text AS entitlement_id, s.kind::text AS kind, s.attempts`;
    return rows.map((r) => ({
      reservationId: r.reservation_id,
      tenantId: r.tenant_id,
      entitlementId: r.entitlement_id,
      kind: r.kind,
      attempts: r.attempts,
    }));
  }

  async markDone(reservationId: string): Promise<void> {
    await this.db.budgetSettlement.updateMany({
      where: { reservationId, doneAt: null },
      data: { doneAt: new Date(), lastError: null },
    });
  }

  async markFailed(reservationId: string, error: string, nextAttemptAt: Date): Promise<void> {
    await this.db.budgetSettlement.updateMany({
      where: { reservationId, doneAt: null },
      data: { lastError: error.slice(0, 500), nextAttemptAt },
    });
  }
}
