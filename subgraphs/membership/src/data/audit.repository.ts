// The audit trail: append-only, written inside the caller's transaction so an
// entry exists exactly when its change committed.
import { currentOrigin } from "@benefits-hub/platform";
import type { Prisma } from "@benefits-hub/platform/db/client";
import type { AuditRecord } from "../domain/audit";

export class AuditRepository {
  async record(tx: Prisma.TransactionClient, entry: AuditRecord): Promise<void> {
    await tx.auditEntry.create({
      data: {
        tenantId: entry.tenantId,
        actorKind: entry.actorKind,
        actorId: entry.actorId,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        details: entry.details,
        ip: entry.ip ?? currentOrigin()?.ip ?? null,
        userAgent: entry.userAgent ?? currentOrigin()?.userAgent ?? null,
      },
    });
  }
}
