// Reads the hash chains back for verification (entitlements page by page,
// with their events), and seals what was written before the chain existed:
// legacy events without a hash and entitlements without a code hash.
import type { EntitlementState, PrismaClient } from "@benefits-hub/platform/db/client";
import type { StoredLink } from "../domain/event-chain";
import type { Tx } from "./event.repository";
import { TenantChainRepository } from "./tenant-chain.repository";

export interface EntitlementStateRow {
  id: string;
  state: EntitlementState;
}

export interface LinkUpdate {
  id: string;
  chainSeq: number;
  prevHash: string | null;
  hash: string;
}

export type EventRow = Parameters<typeof toLink>[0];

export class ChainRepository {
  /** The tenant chains these entitlement chains are anchored in. */
  readonly tenants: TenantChainRepository;

  constructor(private readonly db: PrismaClient) {
    this.tenants = new TenantChainRepository(db);
  }

  /** The tenant's entitlements (or the one named) in id order, after `afterId`. */
  statesPage(tenantId: string, afterId: string | null, limit: number, onlyId?: string): Promise<EntitlementStateRow[]> {
    return this.db.entitlement.findMany({
      where: { tenantId, ...(onlyId ? { id: onlyId } : afterId ? { id: { gt: afterId } } : {}) },
      select: { id: true, state: true },
      orderBy: { id: "asc" },
      take: limit,
    });
  }

  /** Every event of these entitlements, by entitlement and chain position. */
  async eventsOf(entitlementIds: readonly string[]): Promise<StoredLink[]> {
    if (entitlementIds.length === 0) return [];
    const rows = await this.db.entitlementEvent.findMany({
      where: { entitlementId: { in: [...entitlementIds] } },
      orderBy: [{ entitlementId: "asc" }, { chainSeq: { sort: "asc", nulls: "last" } }, { seq: "asc" }],
    });
    return rows.map(toLink);
  }

  /** The tenant's events of one entitlement, oldest first (for display). */
  history(tenantId: string, entitlementId: string) {
    return this.db.entitlementEvent.findMany({
      where: { tenantId, entitlementId },
      orderBy: [{ chainSeq: { sort: "asc", nulls: "last" } }, { seq: "asc" }],
    });
  }

  /** Entitlements that have events without a hash (written before the chain). */
  async withUnsealedEvents(limit: number): Promise<string[]> {
    const rows = await this.db.$queryRaw<{ entitlement_id: string }[]>`
      SELECT DISTINCT entitlement_id::text AS entitlement_id FROM entitlements.entitlement_event
      WHERE hash IS NULL LIMIT ${limit}`;
    return rows.map((r) => r.entitlement_id);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.$transaction(fn);
  }

  /** One chain for sealing, under the entitlement's row lock (the lock every appender takes first). */
  async lockedChain(tx: Tx, entitlementId: string): Promise<EventRow[]> {
    await tx.$queryRaw`SELECT id FROM entitlements.entitlement WHERE id = ${entitlementId}::uuid FOR UPDATE`;
    return tx.entitlementEvent.findMany({
      where: { entitlementId },
      orderBy: [{ chainSeq: { sort: "asc", nulls: "last" } }, { seq: "asc" }],
    });
  }

  async updateLink(tx: Tx, link: LinkUpdate): Promise<void> {
    await tx.entitlementEvent.update({
      where: { id: link.id },
      data: { chainSeq: link.chainSeq, prevHash: link.prevHash, hash: link.hash },
    });
  }

  async withoutCodeHash(limit: number): Promise<string[]> {
    const rows = await this.db.entitlement.findMany({ where: { codeHash: null }, select: { id: true }, take: limit });
    return rows.map((r) => r.id);
  }

  async setCodeHashes(ids: readonly string[], hashes: readonly string[]): Promise<void> {
    await this.db.$executeRaw`
      UPDATE entitlements.entitlement e SET code_hash = v.hash
      FROM unnest(${[...ids]}::uuid[], ${[...hashes]}::text[]) AS v(id, hash)
      WHERE e.id = v.id AND e.code_hash IS NULL`;
  }
}

function toLink(row: {
  id: string;
  tenantId: string;
  entitlementId: string;
  chainSeq: number | null;
  type: string;
  payload: unknown;
  occurredAt: Date;
  prevHash: string | null;
  hash: string | null;
}): StoredLink {
  return {
    id: row.id,
    tenantId: row.tenantId,
    entitlementId: row.entitlementId,
    chainSeq: row.chainSeq ?? 0,
    type: row.type,
    payload: row.payload,
    occurredAt: row.occurredAt,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
