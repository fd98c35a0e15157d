// Which of a list of ids are a tenant's members, segments and org units (and
// in one unit's subtree): one indexed lookup per kind, whatever the list.
import type { PrismaClient } from "@benefits-hub/platform/db/client";

export class TenantIdsRepository {
  constructor(private readonly db: PrismaClient) {}

  /** The tenant's members among `ids`; with `within`, only those whose unit lies in its subtree. */
  async members(tenantId: string, ids: string[], within: string | null): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.member.findMany({
      where: { tenantId, id: { in: ids }, ...(within ? { orgUnit: { path: { has: within } } } : {}) },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  /** The tenant's org units among `ids` (archived ones too), with their paths. */
  units(tenantId: string, ids: string[]): Promise<{ id: string; path: string[] }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.orgUnit.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, path: true } });
  }

  /** The tenant's segments among `ids`, with their rules. */
  segments(tenantId: string, ids: string[]): Promise<{ id: string; rules: unknown }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.segment.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true, rules: true } });
  }
}
