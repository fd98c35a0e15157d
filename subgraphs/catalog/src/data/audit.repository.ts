// The catalog's audit trail: append-only, written inside the change's
// transaction so an entry exists exactly when its change committed.
import { currentOrigin } from "@benefits-hub/platform";
import type { Prisma, PrismaClient, CatalogAuditEntry } from "@benefits-hub/platform/db/client";
import type { AuditRecord } from "../domain/audit";

export type CatalogAuditRow = CatalogAuditEntry;

export class CatalogAuditRepository {
  async record(tx: Prisma.TransactionClient, entry: AuditRecord): Promise<void> {
    const origin = currentOrigin();
    await tx.catalogAuditEntry.create({
      data: {
        tenantId: entry.tenantId,
        actorKind: entry.actorKind,
        actorId: entry.actorId,
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

export class CatalogAuditLogRepository {
  constructor(private readonly db: PrismaClient) {}

  /** Newest first; `tenantId` undefined reads every entry (platform operators). */
  page(filter: { tenantId?: string }, take: number, after: { createdAt: Date; id: string } | null) {
    const where: Prisma.CatalogAuditEntryWhereInput =
      filter.tenantId === undefined ? {} : { tenantId: filter.tenantId };
    const keyset: Prisma.CatalogAuditEntryWhereInput | undefined = after
      ? {
          OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
        }
      : undefined;
    return this.db.catalogAuditEntry.findMany({
      where: keyset ? { AND: [where, keyset] } : where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
    });
  }
}
