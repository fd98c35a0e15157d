// Test support for the analytics consumers: entitlement events written through
// the entitlements domain's own EventRepository (outbox and hash chain, as the
// services write them), and a feed reading an outbox with the platform's
// reader, the one every source's GET /internal/outbox serves.
import { randomUUID } from "node:crypto";
import { readOutboxAfter, type MemberIdentity, type OutboxEvent } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { EventRepository, type NewEvent } from "../../entitlements/src/data/event.repository";
import { linkHash } from "../../entitlements/src/domain/event-chain";
import { fromWire, type OutboxFeed } from "../src/consumers/outbox-client";

/** Reads `table` as its source's outbox route does (entitlement events also name their entitlement). */
export function directFeed(db: PrismaClient, table: string): OutboxFeed {
  const columns = table === "entitlements.entitlement_event" ? { entitlementId: "entitlement_id" } : undefined;
  return {
    async readAfter(after, limit) {
      const events = await readOutboxAfter(db, table, { xid: String(after.xid), seq: String(after.seq) }, limit, {
        columns,
      });
      return events.map((e: OutboxEvent) => fromWire(e as Parameters<typeof fromWire>[0]));
    },
  };
}

/** Appends entitlement events, `perTx` to a transaction, through the entitlements' EventRepository. */
export async function writeEntitlementEvents(db: PrismaClient, events: NewEvent[], perTx = 500): Promise<void> {
  const repo = new EventRepository(db);
  for (let i = 0; i < events.length; i += perTx) {
    const chunk = events.slice(i, i + perTx);
    await db.$transaction(
      async (tx) => {
        for (const e of chunk) await repo.append(tx, e);
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
  }
}

/** The chain tip of each entitlement written by `writeEventRows` (this process only). */
const tips = new Map<string, { chainSeq: number; hash: string }>();

/**
 * Appends entitlement events as the EventRepository would (each linked into
 * its entitlement's hash chain with the entitlements domain's linkHash), but
 * `perTx` rows to one multi-row INSERT: the repository takes ~20 ms an event
 * on the embedded database, too slow for 20,000 in a test (the same
 * columns in one INSERT, its rows as one jsonb parameter). Only for
 * entitlements written by this function.
 */
export async function writeEventRows(db: PrismaClient, events: NewEvent[], perTx = 2_000): Promise<void> {
  for (let i = 0; i < events.length; i += perTx) {
    const rows = events.slice(i, i + perTx).map((e) => {
      const tip = tips.get(e.entitlementId);
      const link = {
        tenantId: e.tenantId,
        entitlementId: e.entitlementId,
        chainSeq: (tip?.chainSeq ?? 0) + 1,
        type: e.type,
        payload: e.payload,
        occurredAt: e.occurredAt ?? new Date(),
        prevHash: tip?.hash ?? null,
      };
      const hash = linkHash(link);
      tips.set(e.entitlementId, { chainSeq: link.chainSeq, hash });
      return {
        id: randomUUID(),
        tenant_id: link.tenantId,
        entitlement_id: link.entitlementId,
        type: link.type,
        payload: link.payload,
        occurred_at: link.occurredAt.toISOString(),
        chain_seq: link.chainSeq,
        prev_hash: link.prevHash,
        hash,
      };
    });
    await db.$executeRawUnsafe(
      `INSERT INTO entitlements.entitlement_event
         (id, tenant_id, entitlement_id, type, payload, occurred_at, chain_seq, prev_hash, hash)
       SELECT id, tenant_id, entitlement_id, type, payload, occurred_at, chain_seq, prev_hash, hash
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, tenant_id uuid, entitlement_id uuid, type text, payload jsonb,
         occurred_at timestamptz, chain_seq int, prev_hash text, hash text)`,
      JSON.stringify(rows),
    );
  }
}

export interface Dims {
  campaignId: string | null;
  variant: string | null;
  benefitId: string;
  skuId: string | null;
  orgUnitId: string | null;
  channel: string;
  tier: string | null;
  costFen: number;
  faceValueFen: number;
}

/** The payload.facts of a creating event (DESIGN12 §1), with names derived from the ids. */
export function factsOf(memberId: string, d: Dims, orgPath: string[]) {
  return {
    channel: d.channel,
    memberId,
    campaignId: d.campaignId,
    campaignName: d.campaignId ? `Campaign ${d.campaignId.slice(0, 4)}` : null,
    campaignPlannedFen: d.campaignId ? 1_000_000 : null,
    variant: d.variant,
    benefitId: d.benefitId,
    benefitName: `Benefit ${d.benefitId.slice(0, 4)}`,
    skuId: d.skuId,
    skuName: d.skuId ? `SKU ${d.skuId.slice(0, 4)}` : null,
    categoryId: null,
    categoryName: null,
    brandId: null,
    brandName: null,
    supplierId: null,
    supplierName: null,
    fulfilmentKind: "VOUCHER",
    orgUnitId: d.orgUnitId,
    orgUnitName: d.orgUnitId ? `Unit ${d.orgUnitId.slice(0, 4)}` : null,
    orgPath,
    tier: d.tier,
    costFen: d.costFen,
    faceValueFen: d.faceValueFen,
  };
}

/** A creating event for a new entitlement. */
export function created(
  tenantId: string,
  type: "entitlement.issued" | "entitlement.claimed" | "entitlement.transferred_in",
  memberId: string,
  d: Dims,
  occurredAt: Date,
  orgPath: string[] = d.orgUnitId ? [d.orgUnitId] : [],
): NewEvent {
  return {
    tenantId,
    entitlementId: randomUUID(),
    type,
    occurredAt,
    payload: {
      memberId,
      campaignId: d.campaignId,
      benefitId: d.benefitId,
      skuId: d.skuId,
      variant: d.variant,
      costFen: d.costFen,
      facts: factsOf(memberId, d, orgPath),
    },
  };
}

/** A lifecycle event of an entitlement (payload as the entitlements domain writes it: a few ids). */
export const lifecycle = (of: NewEvent, type: string, occurredAt: Date): NewEvent => ({
  tenantId: of.tenantId,
  entitlementId: of.entitlementId,
  type,
  occurredAt,
  payload: { memberId: of.payload.memberId, benefitId: of.payload.benefitId },
});

/** The last (xid, seq) written to an outbox table, committed or not yet visible to readers. */
export async function lastPosition(db: PrismaClient, table: string): Promise<{ xid: bigint; seq: bigint } | null> {
  const [row] = await db.$queryRawUnsafe<{ xid: string; seq: bigint }[]>(
    `SELECT xid::text AS xid, seq FROM ${table} ORDER BY xid DESC, seq DESC LIMIT 1`,
  );
  return row ? { xid: BigInt(row.xid), seq: BigInt(row.seq) } : null;
}

/**
 * Polls `consumer` until it has applied everything in `table`. Readers only see
 * transactions older than every running one (on a shared PostgreSQL server,
 * any database's), so a just-committed batch may take a moment to show.
 */
export async function settle(
  consumer: { pollOnce(): Promise<number>; store: { position(): Promise<{ xid: bigint; seq: bigint }> } },
  db: PrismaClient,
  table: string,
  timeoutMs = 60_000,
): Promise<number> {
  const target = await lastPosition(db, table);
  const deadline = Date.now() + timeoutMs;
  let read = 0;
  for (;;) {
    const at = await consumer.store.position();
    if (!target || at.xid > target.xid || (at.xid === target.xid && at.seq >= target.seq)) return read;
    if (Date.now() > deadline) throw new Error(`the consumer did not reach the end of ${table}`);
    const n = await consumer.pollOnce();
    read += n;
    if (n === 0) await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Two tenants and who looks at them: tenant A's root with a Beijing and a
 * Shanghai unit under it, tenant B's root, and a viewer of each role.
 */
export function twoTenants() {
  const ids = {
    tenantA: randomUUID(),
    tenantB: randomUUID(),
    root: randomUUID(),
    beijing: randomUUID(),
    shanghai: randomUUID(),
    rootB: randomUUID(),
  };
  const viewer = (tenantId: string, role: MemberIdentity["role"], orgUnitId: string): MemberIdentity => ({
    kind: "member",
    memberId: randomUUID(),
    tenantId,
    role,
    orgUnitId,
  });
  return {
    ...ids,
    adminA: viewer(ids.tenantA, "TENANT_ADMIN", ids.root),
    beijingManager: viewer(ids.tenantA, "UNIT_MANAGER", ids.beijing),
    shanghaiManager: viewer(ids.tenantA, "UNIT_MANAGER", ids.shanghai),
    adminB: viewer(ids.tenantB, "TENANT_ADMIN", ids.rootB),
    memberA: viewer(ids.tenantA, "MEMBER", ids.beijing),
    operator: viewer(randomUUID(), "PLATFORM_OPERATOR", randomUUID()),
  };
}
