// Reads the entitlement outbox for consumers in (xid, seq) order. Only events
// of transactions older than every running one are returned, so a consumer
// that checkpoints the last (xid, seq) it saw can never skip an event that
// commits later with a smaller seq.
import type { PrismaClient } from "@benefits-hub/platform/db/client";

export interface OutboxEvent {
  id: string;
  seq: string;
  xid: string;
  tenantId: string;
  entitlementId: string;
  type: string;
  payload: unknown;
  occurredAt: string;
}

export interface OutboxPosition {
  xid: string;
  seq: string;
}

interface Row {
  id: string;
  seq: bigint;
  xid: string;
  tenant_id: string;
  entitlement_id: string;
  type: string;
  payload: unknown;
  occurred_at: Date;
}

export class OutboxRepository {
  constructor(private readonly db: PrismaClient) {}

  async readAfter(after: OutboxPosition, limit: number): Promise<OutboxEvent[]> {
    const rows = await this.db.$queryRaw<Row[]>`
      SELECT id, seq, xid::text AS xid, tenant_id, entitlement_id, type, payload, occurred_at
      FROM entitlements.entitlement_event
      WHERE (xid, seq) > (${after.xid}::xid8, ${BigInt(after.seq)})
        AND xid < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY xid, seq
      LIMIT ${limit}`;
    return rows.map((r) => ({
      id: r.id,
      seq: r.seq.toString(),
      xid: r.xid,
      tenantId: r.tenant_id,
      entitlementId: r.entitlement_id,
      type: r.type,
      payload: r.payload,
      occurredAt: r.occurred_at.toISOString(),
    }));
  }
}
