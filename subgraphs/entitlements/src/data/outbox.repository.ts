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
  xid_text: string;
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
      SELECT e.id, e.seq, e.xid::text AS xid_text, e.tenant_id, e.entitlement_id, e.type, e.payload, e.occurred_at
      FROM entitlements.entitlement_event e
      WHERE (e.xid, e.seq) > (${after.xid}::xid8, ${BigInt(after.seq)})
        AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY e.xid, e.seq
      LIMIT ${limit}`;
    return rows.map((r) => ({
      id: r.id,
      seq: r.seq.toString(),
      xid: r.xid_text,
      tenantId: r.tenant_id,
      entitlementId: r.entitlement_id,
      type: r.type,
      payload: r.payload,
      occurredAt: r.occurred_at.toISOString(),
    }));
  }
}
