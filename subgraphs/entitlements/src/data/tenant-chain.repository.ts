// The tenant anchor as stored: the head, the links (one per anchored event,
// kept apart from the events), the daily anchors; what verification reads,
// what the start-up sealing writes (events older than the anchor), and the
// pages operators and admins export. New events are linked by the database
// trigger at commit; the sealing takes the same head row lock.
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { Anchor, TenantLinkRow } from "../domain/events/tenant-chain";
import type { Tx } from "./event.repository";

export interface UnanchoredEvent {
  id: string;
  entitlementId: string;
  chainSeq: number;
  hash: string;
}

export interface NewLink extends UnanchoredEvent {
  tenantSeq: number;
  tenantHash: string;
}

export interface AnchorDay {
  day: Date;
  firstSeq: number;
  lastSeq: number;
  hash: string;
}

/** An event of one entitlement and what the tenant chain recorded of it (null: not anchored). */
export interface EventAnchorRow {
  id: string;
  chainSeq: number;
  hash: string | null;
  tenantSeq: number | null;
  anchoredHash: string | null;
}

const TX = { timeout: 60_000, maxWait: 15_000 } as const;

export class TenantChainRepository {
  constructor(private readonly db: PrismaClient) {}

  /** The tenant's head: position 0 and "" before its first event. */
  async head(tenantId: string): Promise<Anchor & { updatedAt: Date | null }> {
    const row = await this.db.tenantChainHead.findUnique({ where: { tenantId } });
    return row
      ? { tenantSeq: Number(row.seq), hash: row.hash, updatedAt: row.updatedAt }
      : { tenantSeq: 0, hash: "", updatedAt: null };
  }

  /** Links after `afterSeq` up to `uptoSeq`, in position order, each with its event as it is now. */
  async links(tenantId: string, afterSeq: number, uptoSeq: number, limit: number): Promise<TenantLinkRow[]> {
    const rows = await this.db.$queryRaw<
      {
        tenant_seq: bigint;
        event_id: string;
        entitlement_id: string;
        chain_seq: number;
        event_hash: string;
        tenant_hash: string;
        current_hash: string | null;
        present: boolean;
      }[]
    >`
      SELECT l.tenant_seq, l.event_id::text AS event_id, l.entitlement_id::text AS entitlement_id, l.chain_seq,
             l.event_hash, l.tenant_hash, e.hash AS current_hash, e.id IS NOT NULL AS present
      FROM entitlements.tenant_chain_link l
      LEFT JOIN entitlements.entitlement_event e ON e.id = l.event_id
      WHERE l.tenant_id = ${tenantId}::uuid AND l.tenant_seq > ${afterSeq} AND l.tenant_seq <= ${uptoSeq}
      ORDER BY l.tenant_seq
      LIMIT ${limit}`;
    return rows.map((r) => ({
      tenantSeq: Number(r.tenant_seq),
      eventId: r.event_id,
      entitlementId: r.entitlement_id,
      chainSeq: r.chain_seq,
      eventHash: r.event_hash,
      tenantHash: r.tenant_hash,
      currentHash: r.current_hash,
      present: r.present,
    }));
  }

  /** The stored daily anchors of the tenant, newest first, before `beforeDay`. */
  async days(tenantId: string, beforeDay: Date | null, limit: number): Promise<AnchorDay[]> {
    const rows = await this.db.tenantChainDay.findMany({
      where: { tenantId, ...(beforeDay ? { day: { lt: beforeDay } } : {}) },
      orderBy: { day: "desc" },
      take: limit,
    });
    return rows.map((r) => ({ day: r.day, firstSeq: Number(r.firstSeq), lastSeq: Number(r.lastSeq), hash: r.hash }));
  }

  /** A sealed event of the tenant that no link names (the anchor was bypassed), if any. */
  async firstUnanchored(tenantId: string): Promise<UnanchoredEvent | null> {
    const [row] = await this.db.$queryRaw<UnanchoredRaw[]>`
      SELECT e.id::text AS id, e.entitlement_id::text AS entitlement_id, e.chain_seq, e.hash
      FROM entitlements.entitlement_event e
      WHERE e.tenant_id = ${tenantId}::uuid AND e.hash IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM entitlements.tenant_chain_link l WHERE l.event_id = e.id)
      ORDER BY e.seq LIMIT 1`;
    return row ? fromRaw(row) : null;
  }

  /** One entitlement's events in chain order, each with the hash its tenant link recorded. */
  async eventsWithAnchors(tenantId: string, entitlementId: string): Promise<EventAnchorRow[]> {
    const rows = await this.db.$queryRaw<
      {
        id: string;
        chain_seq: number | null;
        hash: string | null;
        tenant_seq: bigint | null;
        event_hash: string | null;
      }[]
    >`
      SELECT e.id::text AS id, e.chain_seq, e.hash, l.tenant_seq, l.event_hash
      FROM entitlements.entitlement_event e
      LEFT JOIN entitlements.tenant_chain_link l ON l.event_id = e.id
      WHERE e.tenant_id = ${tenantId}::uuid AND e.entitlement_id = ${entitlementId}::uuid
      ORDER BY e.chain_seq NULLS LAST, e.seq`;
    return rows.map((r) => ({
      id: r.id,
      chainSeq: r.chain_seq ?? 0,
      hash: r.hash,
      tenantSeq: r.tenant_seq === null ? null : Number(r.tenant_seq),
      anchoredHash: r.event_hash,
    }));
  }

  // --- sealing older events ----------------------------------------------------

  /** Tenants with sealed events that are not anchored yet (written before the anchor existed). */
  async tenantsWithUnanchored(limit: number): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ tenant_id: string }[]>`
      SELECT DISTINCT e.tenant_id::text AS tenant_id FROM entitlements.entitlement_event e
      WHERE e.hash IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM entitlements.tenant_chain_link l WHERE l.event_id = e.id)
      LIMIT ${limit}`;
    return rows.map((r) => r.tenant_id);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.$transaction(fn, TX);
  }

  /** The head under its row lock, the lock the trigger takes at every commit of events. */
  async lockedHead(tx: Tx, tenantId: string): Promise<Anchor> {
    await tx.$executeRaw`
      INSERT INTO entitlements.tenant_chain_head (tenant_id) VALUES (${tenantId}::uuid) ON CONFLICT DO NOTHING`;
    const [row] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
      SELECT seq, hash FROM entitlements.tenant_chain_head WHERE tenant_id = ${tenantId}::uuid FOR UPDATE`;
    return { tenantSeq: Number(row!.seq), hash: row!.hash };
  }

  /** The tenant's oldest unanchored sealed events, in the order they were written. */
  async unanchored(tx: Tx, tenantId: string, limit: number): Promise<UnanchoredEvent[]> {
    const rows = await tx.$queryRaw<UnanchoredRaw[]>`
      SELECT e.id::text AS id, e.entitlement_id::text AS entitlement_id, e.chain_seq, e.hash
      FROM entitlements.entitlement_event e
      WHERE e.tenant_id = ${tenantId}::uuid AND e.hash IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM entitlements.tenant_chain_link l WHERE l.event_id = e.id)
      ORDER BY e.seq LIMIT ${limit}`;
    return rows.map(fromRaw);
  }

  /** Appends links (in position order, right after the head) and moves the head and today's anchor to the last. */
  async appendLinks(tx: Tx, tenantId: string, links: readonly NewLink[]): Promise<void> {
    const last = links.at(-1);
    if (!last) return;
    await tx.$executeRaw`
      INSERT INTO entitlements.tenant_chain_link
        (tenant_id, tenant_seq, event_id, entitlement_id, chain_seq, event_hash, tenant_hash)
      SELECT ${tenantId}::uuid, v.seq, v.event_id, v.entitlement_id, v.chain_seq, v.event_hash, v.tenant_hash
      FROM unnest(${links.map((l) => l.tenantSeq)}::bigint[], ${links.map((l) => l.id)}::uuid[],
                  ${links.map((l) => l.entitlementId)}::uuid[], ${links.map((l) => l.chainSeq)}::int[],
                  ${links.map((l) => l.hash)}::text[], ${links.map((l) => l.tenantHash)}::text[])
        AS v(seq, event_id, entitlement_id, chain_seq, event_hash, tenant_hash)`;
    await tx.$executeRaw`
      UPDATE entitlements.tenant_chain_head SET seq = ${last.tenantSeq}, hash = ${last.tenantHash}, updated_at = now()
      WHERE tenant_id = ${tenantId}::uuid`;
    await tx.$executeRaw`
      INSERT INTO entitlements.tenant_chain_day AS d (tenant_id, day, first_seq, last_seq, hash)
      VALUES (${tenantId}::uuid, (now() AT TIME ZONE 'UTC')::date, ${links[0]!.tenantSeq}, ${last.tenantSeq},
              ${last.tenantHash})
      ON CONFLICT (tenant_id, day) DO UPDATE SET last_seq = EXCLUDED.last_seq, hash = EXCLUDED.hash`;
  }
}

interface UnanchoredRaw {
  id: string;
  entitlement_id: string;
  chain_seq: number | null;
  hash: string;
}

const fromRaw = (r: UnanchoredRaw): UnanchoredEvent => ({
  id: r.id,
  entitlementId: r.entitlement_id,
  chainSeq: r.chain_seq ?? 0,
  hash: r.hash,
});
