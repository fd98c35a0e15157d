import type { PrismaClient, AuditEntry } from "@benefits-hub/platform/db/client";

export type AuditEntryRow = AuditEntry;

export interface AuditFilter {
  tenantId: string;
  action?: string | null;
  targetType?: string | null;
}

export class AuditLogRepository {
  constructor(private readonly db: PrismaClient) {}

  /** Newest first, after the (createdAt, id) cursor. */
  page(filter: AuditFilter, first: number, after: { createdAt: Date; id: string } | null): Promise<AuditEntryRow[]> {
    return this.db.auditEntry.findMany({
      where: {
        tenantId: filter.tenantId,
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.targetType ? { targetType: filter.targetType } : {}),
        ...(after
          ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
          : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: first,
    });
  }
}
