import type { PrismaClient, ApiKey } from "@benefits-hub/platform/db/client";
import type { AuditRepository } from "./audit.repository";
import type { AuditRecord } from "../domain/audit";

export type ApiKeyRow = ApiKey;

export class ApiKeyRepository {
  constructor(
    private readonly db: PrismaClient,
    private readonly audit: AuditRepository,
  ) {}

  listForTenant(tenantId: string): Promise<ApiKeyRow[]> {
    return this.db.apiKey.findMany({ where: { tenantId }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], take: 500 });
  }

  findById(id: string): Promise<ApiKeyRow | null> {
    return this.db.apiKey.findUnique({ where: { id } });
  }

  findByPrefix(prefix: string): Promise<ApiKeyRow | null> {
    return this.db.apiKey.findUnique({ where: { prefix } });
  }

  create(
    data: Pick<ApiKeyRow, "tenantId" | "name" | "prefix" | "secretHash" | "permissions" | "createdById">,
    audit: Omit<AuditRecord, "targetId">,
  ): Promise<ApiKeyRow> {
    return this.db.$transaction(async (tx) => {
      const key = await tx.apiKey.create({ data });
      await this.audit.record(tx, { ...audit, targetId: key.id });
      return key;
    });
  }

  /** Revokes a live key of the tenant; null when there is none to revoke. */
  revoke(tenantId: string, id: string, audit: AuditRecord): Promise<ApiKeyRow | null> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.apiKey.updateMany({
        where: { id, tenantId, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (count === 0) return null;
      await this.audit.record(tx, audit);
      return tx.apiKey.findUniqueOrThrow({ where: { id } });
    });
  }

  /** Notes a use, at most once a minute per key, so verification does not write on every call. */
  async touch(id: string): Promise<void> {
    await this.db.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(Date.now() - 60_000) } }] },
      data: { lastUsedAt: new Date() },
    });
  }
}
