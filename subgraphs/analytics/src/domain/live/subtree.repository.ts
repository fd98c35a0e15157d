// The one read the live subscription needs of its own: whether a change's org
// units lie in a unit manager's subtree (analytics' copy of the org tree, kept
// current by membership's org.unit_changed events).
import type { PrismaClient } from "@benefits-hub/platform/db/client";

export class SubtreeRepository {
  constructor(private readonly db: PrismaClient) {}

  /** True when one of `orgUnitIds` is `rootId` or lies under it, in `tenantId`'s tree. */
  async anyWithin(tenantId: string, rootId: string, orgUnitIds: readonly string[]): Promise<boolean> {
    const ids = orgUnitIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return false;
    if (ids.includes(rootId)) return true;
    const [row] = await this.db.$queryRaw<{ found: boolean }[]>`
      SELECT EXISTS (
        SELECT 1 FROM analytics.org_unit
         WHERE tenant_id = ${tenantId}::uuid
           AND org_unit_id = ANY(${ids}::uuid[])
           AND ${rootId}::uuid = ANY(path)
      ) AS found`;
    return row?.found === true;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
