import type { PrismaClient, Entitlement, EntitlementState } from "@benefits-hub/platform/db/client";

export type EntitlementRow = Entitlement;

export interface OwnerScope {
  tenantId: string;
  memberId: string;
}

export class EntitlementRepository {
  constructor(private readonly db: PrismaClient) {}

  findByIds(ids: readonly string[]): Promise<EntitlementRow[]> {
    return this.db.entitlement.findMany({ where: { id: { in: [...ids] } } });
  }

  listForMember({ tenantId, memberId }: OwnerScope): Promise<EntitlementRow[]> {
    return this.db.entitlement.findMany({
      where: { tenantId, memberId },
      orderBy: [{ issuedAt: "desc" }, { id: "asc" }],
      take: 500,
    });
  }

  /**
   * Redeems in one transaction: a guarded update (only from `from` states,
   * only the owner's row) and its outbox event. Null when the guard refused.
   */
  redeem(id: string, owner: OwnerScope, from: readonly EntitlementState[]): Promise<EntitlementRow | null> {
    return this.db.$transaction(async (tx) => {
      const updated = await tx.entitlement.updateManyAndReturn({
        where: { id, tenantId: owner.tenantId, memberId: owner.memberId, state: { in: [...from] } },
        data: { state: "REDEEMED", redeemedAt: new Date() },
      });
      const row = updated[0];
      if (!row) return null;
      await tx.entitlementEvent.create({
        data: {
          tenantId: row.tenantId,
          entitlementId: row.id,
          type: "entitlement.redeemed",
          payload: { memberId: row.memberId, benefitId: row.benefitId, redeemedAt: row.redeemedAt!.toISOString() },
        },
      });
      return row;
    });
  }
}
