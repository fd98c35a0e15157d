// The entitlements audit trail for administrative changes to entitlements
// (revocations): written in the change's own transaction, with the caller's
// address and user agent, so an entry exists exactly when its change committed.
import { currentOrigin, type MemberIdentity } from "@benefits-hub/platform";
import type { Prisma } from "@benefits-hub/platform/db/client";
import type { Tx } from "./event.repository";

export interface EntitlementAuditRecord {
  action: string;
  entitlementId: string;
  details: Prisma.InputJsonValue;
}

export class EntitlementAuditRepository {
  async record(tx: Tx, actor: MemberIdentity, entry: EntitlementAuditRecord): Promise<void> {
    const origin = currentOrigin();
    await tx.entitlementsAuditEntry.create({
      data: {
        tenantId: actor.tenantId,
        actorKind: "member",
        actorId: actor.memberId,
        action: entry.action,
        targetType: "entitlement",
        targetId: entry.entitlementId,
        details: entry.details,
        ip: origin?.ip ?? null,
        userAgent: origin?.userAgent ?? null,
      },
    });
  }
}
