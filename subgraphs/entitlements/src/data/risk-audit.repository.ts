// The entitlements audit trail for risk administration (rules, blacklist,
// reviews): written inside the change's transaction, with the caller's
// address and user agent, so an entry exists exactly when its change committed.
import { currentOrigin, type MemberIdentity } from "@benefits-hub/platform";
import type { Prisma } from "@benefits-hub/platform/db/client";

export interface RiskAuditRecord {
  action: string;
  targetType: "risk_rule" | "risk_list_entry" | "risk_decision";
  targetId: string;
  details: Prisma.InputJsonValue;
}

export class RiskAuditRepository {
  async record(tx: Prisma.TransactionClient, actor: MemberIdentity, entry: RiskAuditRecord): Promise<void> {
    const origin = currentOrigin();
    await tx.entitlementsAuditEntry.create({
      data: {
        tenantId: actor.tenantId,
        actorKind: "member",
        actorId: actor.memberId,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        details: entry.details,
        ip: origin?.ip ?? null,
        userAgent: origin?.userAgent ?? null,
      },
    });
  }
}
