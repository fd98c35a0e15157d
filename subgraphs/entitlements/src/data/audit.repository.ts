// The entitlements audit trail (campaigns, grants, revocations, risk
// administration, issuance rules): written inside the change's transaction,
// with the caller's address and user agent, so an entry exists exactly when
// its change committed.
import { currentOrigin, type MemberIdentity } from "@benefits-hub/platform";
import type { Prisma } from "@benefits-hub/platform/db/client";

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string;
  details: Prisma.InputJsonValue;
}

/** The actor: a member (only their tenant and id are recorded). */
export type AuditActor = Pick<MemberIdentity, "tenantId" | "memberId">;

export async function recordAudit(tx: Prisma.TransactionClient, actor: AuditActor, entry: AuditRecord) {
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
