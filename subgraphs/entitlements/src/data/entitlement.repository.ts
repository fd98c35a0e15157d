// Entitlement rows: reads for wallets, searches, codes and loaders, and the
// guarded updates every lifecycle move is made of (inside the caller's
// transaction, which also appends the move's event).
import type { Entitlement, EntitlementState, Prisma, PrismaClient } from "@benefits-hub/platform/db/client";
import type { Tx } from "./event.repository";

export type EntitlementRow = Entitlement;

export interface OwnerScope {
  tenantId: string;
  memberId: string;
}

/** A position in a newest-first list: (issuedAt, id) of the last row seen. */
export interface EntitlementKeyset {
  issuedAt: Date;
  id: string;
}

export interface EntitlementFilter {
  memberId?: string | null;
  campaignId?: string | null;
  skuId?: string | null;
  states?: readonly EntitlementState[] | null;
}

/** Which row a move may touch: the id, in the tenant (and the member's, if named), from these states. */
export interface MoveGuard {
  id: string;
  tenantId: string;
  memberId?: string;
  from: readonly EntitlementState[];
  /** Refuse a row whose expiresAt is at or before this instant. */
  notExpiredAt?: Date;
  /** Refuse a revealed, received-by-transfer or pack row. */
  transferable?: boolean;
  /** Refuse a row already revealed. */
  unrevealed?: boolean;
}

export type NewEntitlement = Prisma.EntitlementUncheckedCreateInput & { id: string };

export class EntitlementRepository {
  constructor(private readonly db: PrismaClient) {}

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.$transaction(fn);
  }

  findByIds(ids: readonly string[]): Promise<EntitlementRow[]> {
    return this.db.entitlement.findMany({ where: { id: { in: [...ids] } } });
  }

  findById(id: string): Promise<EntitlementRow | null> {
    return this.db.entitlement.findUnique({ where: { id } });
  }

  findByCodeHash(codeHash: string): Promise<EntitlementRow | null> {
    return this.db.entitlement.findUnique({ where: { codeHash } });
  }

  /** The options chosen from these packs, in the order they were made. */
  optionsOfPacks(packIds: readonly string[]): Promise<EntitlementRow[]> {
    return this.db.entitlement.findMany({
      where: { packId: { in: [...packIds] } },
      orderBy: [{ issuedAt: "asc" }, { id: "asc" }],
    });
  }

  listForMember({ tenantId, memberId }: OwnerScope): Promise<EntitlementRow[]> {
    return this.db.entitlement.findMany({
      where: { tenantId, memberId },
      orderBy: [{ issuedAt: "desc" }, { id: "asc" }],
      take: 500,
    });
  }

  /** The tenant's entitlements matching the filter, newest first, `limit` after the keyset. */
  page(
    tenantId: string,
    filter: EntitlementFilter,
    limit: number,
    after: EntitlementKeyset | null,
  ): Promise<EntitlementRow[]> {
    return this.db.entitlement.findMany({
      where: {
        tenantId,
        ...(filter.memberId ? { memberId: filter.memberId } : {}),
        ...(filter.campaignId ? { campaignId: filter.campaignId } : {}),
        ...(filter.skuId ? { skuId: filter.skuId } : {}),
        ...(filter.states?.length ? { state: { in: [...filter.states] } } : {}),
        ...(after
          ? {
              OR: [{ issuedAt: { lt: after.issuedAt } }, { issuedAt: after.issuedAt, id: { lt: after.id } }],
            }
          : {}),
      },
      orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
      take: limit,
    });
  }

  /**
   * The guarded update of one move: changes the row only if the guard still
   * holds, so of concurrent moves exactly one succeeds. Null when it refused.
   */
  async move(
    tx: Tx,
    guard: MoveGuard,
    data: Prisma.EntitlementUpdateManyMutationInput,
  ): Promise<EntitlementRow | null> {
    const where: Prisma.EntitlementWhereInput = {
      id: guard.id,
      tenantId: guard.tenantId,
      state: { in: [...guard.from] },
      ...(guard.memberId ? { memberId: guard.memberId } : {}),
      ...(guard.unrevealed || guard.transferable ? { revealedAt: null } : {}),
      ...(guard.transferable ? { transferredFromId: null, isPack: false } : {}),
    };
    if (guard.notExpiredAt) where.AND = [{ OR: [{ expiresAt: null }, { expiresAt: { gt: guard.notExpiredAt } }] }];
    const [row] = await tx.entitlement.updateManyAndReturn({ where, data });
    return row ?? null;
  }

  create(tx: Tx, data: NewEntitlement): Promise<EntitlementRow> {
    return tx.entitlement.create({ data });
  }

  /** The campaign item's validity snapshot ({ kind, validDays, ... }; it never changes), or null. */
  async itemValidity(campaignItemId: string): Promise<unknown> {
    const item = await this.db.campaignItem.findUnique({ where: { id: campaignItemId }, select: { validity: true } });
    return item?.validity ?? null;
  }

  /**
   * Gives one unit of the campaign's stock and one of the member's quota
   * back, in the transaction whose guarded move decided it (so exactly once).
   */
  async returnStock(tx: Tx, campaignId: string, memberId: string): Promise<void> {
    await tx.$executeRaw`
      UPDATE entitlements.campaign SET issued_count = issued_count - 1
      WHERE id = ${campaignId}::uuid AND issued_count > 0`;
    await tx.$executeRaw`
      UPDATE entitlements.campaign_member SET issued = issued - 1
      WHERE campaign_id = ${campaignId}::uuid AND member_id = ${memberId}::uuid AND issued > 0`;
  }

  /**
   * Locks up to `limit` usable entitlements whose expiry is at or before
   * `now`, skipping rows other sweepers hold, and returns their ids.
   */
  async lockDueForExpiry(tx: Tx, now: Date, limit: number): Promise<string[]> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM entitlements.entitlement
      WHERE state IN ('ISSUED', 'CLAIMED') AND expires_at <= ${now}
      ORDER BY expires_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED`;
    return rows.map((r) => r.id);
  }

  /** Moves the locked, still-usable rows to EXPIRED; the rows that moved. */
  expire(tx: Tx, ids: readonly string[], now: Date): Promise<EntitlementRow[]> {
    return tx.entitlement.updateManyAndReturn({
      where: { id: { in: [...ids] }, state: { in: ["ISSUED", "CLAIMED"] }, expiresAt: { lte: now } },
      data: { state: "EXPIRED", endedAt: now },
    });
  }
}
