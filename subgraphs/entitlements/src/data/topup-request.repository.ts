// topup_request: the durable step between a top-up entitlement leaving its
// usable state (FULFILLING) and the supplier order. Written in the move's
// transaction, sent by the request itself and, when that did not finish
// (a crash, the catalog unreachable), claimed by the worker with a lease
// under FOR UPDATE SKIP LOCKED. Done exactly once, in the transaction that
// moves the entitlement on (REDEEMED, or back where it was).
import type { EntitlementState, PrismaClient } from "@benefits-hub/platform/db/client";
import type { Tx } from "./event.repository";
import { claimDue, type LeasedTable } from "./leased-outbox";

export interface NewTopupRequest {
  entitlementId: string;
  tenantId: string;
  fromState: EntitlementState;
  account: string;
  /** Left to the requesting process until then; the worker takes it after. */
  leaseUntil: Date;
}

export interface DueTopup {
  entitlementId: string;
  tenantId: string;
  fromState: EntitlementState;
  account: string | null;
  attempts: number;
}

interface DueRow {
  entitlement_id: string;
  tenant_id: string;
  from_state: EntitlementState;
  account: string | null;
  attempts: number;
}

const TOPUPS: LeasedTable = {
  table: "topup_request",
  key: ["entitlement_id"],
  returning: `t.entitlement_id::text AS entitlement_id, t.tenant_id::text AS tenant_id,
    t.from_state::text AS from_state, t.account, t.attempts`,
};

export class TopupRequestRepository {
  constructor(private readonly db: PrismaClient) {}

  /** A refused earlier request of the entitlement (done) is started afresh. */
  async enqueue(tx: Tx, r: NewTopupRequest): Promise<void> {
    const written = await tx.$executeRaw`
      INSERT INTO entitlements.topup_request (entitlement_id, tenant_id, from_state, account, attempts, next_attempt_at)
      VALUES (${r.entitlementId}::uuid, ${r.tenantId}::uuid, ${r.fromState}::entitlements."EntitlementState",
              ${r.account}, 1, ${r.leaseUntil})
      ON CONFLICT (entitlement_id) DO UPDATE
      SET from_state = EXCLUDED.from_state, account = EXCLUDED.account, attempts = 1,
          next_attempt_at = EXCLUDED.next_attempt_at, done_at = NULL, outcome = NULL, order_id = NULL, last_error = NULL
      WHERE topup_request.done_at IS NOT NULL`;
    // The entitlement was usable (the guarded move passed), so no request of it can be open.
    if (written !== 1) throw new Error("a top-up request of this entitlement is still open");
  }

  async find(entitlementId: string): Promise<DueTopup | null> {
    const row = await this.db.topupRequest.findUnique({ where: { entitlementId } });
    return row && !row.doneAt ? { ...row } : null;
  }

  /** Claims up to `limit` due requests for `leaseMs` (see leased-outbox.ts). */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<DueTopup[]> {
    const rows = await claimDue<DueRow>(this.db, TOPUPS, now, limit, leaseMs);
    return rows.map((r) => ({
      entitlementId: r.entitlement_id,
      tenantId: r.tenant_id,
      fromState: r.from_state,
      account: r.account,
      attempts: r.attempts,
    }));
  }

  /** Marks it done (in the move's transaction); false when it already was. The account is not kept. */
  async finish(tx: Tx, entitlementId: string, outcome: "ORDERED" | "REFUSED", orderId: string | null) {
    const { count } = await tx.topupRequest.updateMany({
      where: { entitlementId, doneAt: null },
      data: { doneAt: new Date(), outcome, orderId, account: null, lastError: null },
    });
    return count === 1;
  }

  async markFailed(entitlementId: string, error: string, nextAttemptAt: Date): Promise<void> {
    await this.db.topupRequest.updateMany({
      where: { entitlementId, doneAt: null },
      data: { lastError: error.slice(0, 500), nextAttemptAt },
    });
  }
}
