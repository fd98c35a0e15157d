// Data access of stored risk decisions: searching them, the review queue,
// the guarded review update, and the history a replay walks in time order.
import type { Prisma, PrismaClient, ReviewState, RiskOutcome } from "@benefits-hub/platform/db/client";
import type { Keyset } from "../domain/risk/cursor";
import type { RiskDecisionRow } from "./risk.repository";

export interface DecisionFilter {
  action?: string | null;
  outcome?: RiskOutcome | null;
  memberId?: string | null;
  deviceId?: string | null;
  since?: Date | null;
  until?: Date | null;
}

/** What a replay needs of a decision. */
export interface HistoryRow {
  id: string;
  action: string;
  memberId: string;
  deviceId: string | null;
  ip: string | null;
  region: string | null;
  outcome: RiskOutcome;
  createdAt: Date;
}

const after = (k: Keyset | null, direction: "lt" | "gt"): Prisma.RiskDecisionWhereInput | null =>
  k
    ? { OR: [{ createdAt: { [direction]: k.createdAt } }, { createdAt: k.createdAt, id: { [direction]: k.id } }] }
    : null;

export class RiskDecisionRepository {
  constructor(private readonly db: PrismaClient) {}

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.db.$transaction(fn);
  }

  find(tenantId: string, id: string): Promise<RiskDecisionRow | null> {
    return this.db.riskDecision.findFirst({ where: { id, tenantId } });
  }

  findMany(tenantId: string, ids: string[]): Promise<RiskDecisionRow[]> {
    return this.db.riskDecision.findMany({ where: { tenantId, id: { in: ids } } });
  }

  /** Newest first. */
  search(tenantId: string, filter: DecisionFilter, take: number, cursor: Keyset | null): Promise<RiskDecisionRow[]> {
    const where: Prisma.RiskDecisionWhereInput = {
      tenantId,
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.outcome ? { outcome: filter.outcome } : {}),
      ...(filter.memberId ? { memberId: filter.memberId } : {}),
      ...(filter.deviceId ? { deviceId: filter.deviceId } : {}),
      ...(filter.since || filter.until
        ? {
            createdAt: {
              ...(filter.since ? { gte: filter.since } : {}),
              ...(filter.until ? { lt: filter.until } : {}),
            },
          }
        : {}),
    };
    const keyset = after(cursor, "lt");
    return this.db.riskDecision.findMany({
      where: keyset ? { AND: [where, keyset] } : where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
    });
  }

  /** Pending reviews, oldest first. */
  pending(tenantId: string, take: number, cursor: Keyset | null): Promise<RiskDecisionRow[]> {
    const where: Prisma.RiskDecisionWhereInput = { tenantId, reviewState: "PENDING" };
    const keyset = after(cursor, "gt");
    return this.db.riskDecision.findMany({
      where: keyset ? { AND: [where, keyset] } : where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take,
    });
  }

  /** PENDING -> `state`, once: null when the decision is not pending (any more) or not the tenant's. */
  async review(
    tx: Prisma.TransactionClient,
    q: { tenantId: string; id: string; state: ReviewState; reviewedBy: string; note: string | null },
  ): Promise<RiskDecisionRow | null> {
    const rows = await tx.riskDecision.updateManyAndReturn({
      where: { id: q.id, tenantId: q.tenantId, reviewState: "PENDING" },
      data: { reviewState: q.state, reviewedBy: q.reviewedBy, reviewedAt: new Date(), reviewNote: q.note },
    });
    return rows[0] ?? null;
  }

  /** A batch of the tenant's decisions for `actions` in [from, until), in time order, after the keyset. */
  history(
    tenantId: string,
    q: { actions: string[]; from: Date; until: Date; after: Keyset | null; take: number },
  ): Promise<HistoryRow[]> {
    const where: Prisma.RiskDecisionWhereInput = {
      tenantId,
      action: { in: q.actions },
      createdAt: { gte: q.from, lt: q.until },
    };
    const keyset = after(q.after, "gt");
    return this.db.riskDecision.findMany({
      where: keyset ? { AND: [where, keyset] } : where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: q.take,
      select: {
        id: true,
        action: true,
        memberId: true,
        deviceId: true,
        ip: true,
        region: true,
        outcome: true,
        createdAt: true,
      },
    });
  }

  /** The tenant's whole blacklist, by subject. */
  async blacklist(tenantId: string): Promise<{ subject: string; value: string }[]> {
    return this.db.riskListEntry.findMany({ where: { tenantId }, select: { subject: true, value: true } });
  }
}
