// budget_settlement: the outbox of commits and releases for membership's
// budget reservations. A row is written with the state change that causes
// it (one per reservation, or per part of one: a pack option's share, so
// each settles once) and drained by the worker.
import type { BudgetSettlementKind, PrismaClient } from "@benefits-hub/platform/db/client";
import type { Tx } from "./event.repository";
import { claimDue, type LeasedTable } from "./leased-outbox";

export interface NewSettlement {
  reservationId: string;
  /** A part of the reservation: its key and how much of it (a pack option's share). */
  part?: { key: string; amountFen: number } | null;
  tenantId: string;
  entitlementId: string;
  kind: BudgetSettlementKind;
}

export interface DueSettlement {
  reservationId: string;
  part: { key: string; amountFen: number } | null;
  tenantId: string;
  entitlementId: string;
  kind: BudgetSettlementKind;
  attempts: number;
}

interface DueRow {
  reservation_id: string;
  part: string;
  amount_fen: number | null;
  tenant_id: string;
  entitlement_id: string;
  kind: BudgetSettlementKind;
  attempts: number;
}

const SETTLEMENTS: LeasedTable = {
  table: "budget_settlement",
  key: ["reservation_id", "part"],
  returning: `t.reservation_id::text AS reservation_id, t.part, t.amount_fen, t.tenant_id::text AS tenant_id,
    t.entitlement_id::text AS entitlement_id, t.kind::text AS kind, t.attempts`,
};

export class SettlementRepository {
  constructor(private readonly db: PrismaClient) {}

  /** In the state change's transaction; a reservation (or part) already queued stays as it is. */
  async enqueue(tx: Tx, s: NewSettlement): Promise<void> {
    const part = s.part?.key ?? "";
    const amount = s.part?.amountFen ?? null;
    await tx.$executeRaw`
      INSERT INTO entitlements.budget_settlement (reservation_id, part, amount_fen, tenant_id, entitlement_id, kind)
      VALUES (${s.reservationId}::uuid, ${part}, ${amount}::int, ${s.tenantId}::uuid, ${s.entitlementId}::uuid,
              ${s.kind}::entitlements."BudgetSettlementKind")
      ON CONFLICT (reservation_id, part) DO NOTHING`;
  }

  /** Claims up to `limit` due rows for `leaseMs` (see leased-outbox.ts). */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<DueSettlement[]> {
    const rows = await claimDue<DueRow>(this.db, SETTLEMENTS, now, limit, leaseMs);
    return rows.map((r) => ({
      reservationId: r.reservation_id,
      part: r.part ? { key: r.part, amountFen: r.amount_fen ?? 0 } : null,
      tenantId: r.tenant_id,
      entitlementId: r.entitlement_id,
      kind: r.kind,
      attempts: r.attempts,
    }));
  }

  async markDone(s: { reservationId: string; part: { key: string } | null }): Promise<void> {
    await this.db.budgetSettlement.updateMany({
      where: { reservationId: s.reservationId, part: s.part?.key ?? "", doneAt: null },
      data: { doneAt: new Date(), lastError: null },
    });
  }

  async markFailed(s: { reservationId: string; part: { key: string } | null }, error: string, nextAttemptAt: Date) {
    await this.db.budgetSettlement.updateMany({
      where: { reservationId: s.reservationId, part: s.part?.key ?? "", doneAt: null },
      data: { lastError: error.slice(0, 500), nextAttemptAt },
    });
  }
}
