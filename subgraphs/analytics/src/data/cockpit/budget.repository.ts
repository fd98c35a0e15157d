// Budget burn: org units from analytics' copy of the tree, and the ledger's
// movements per unit and day from budget_daily.
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { CockpitScope } from "../../domain/cockpit/scope";
import { tenantCondition } from "./conditions";

export interface OrgUnitRow {
  tenantId: string;
  orgUnitId: string;
  name: string;
  parentId: string | null;
}

export interface BudgetDayRow {
  orgUnitId: string;
  day: string;
  fundedFen: bigint;
  allocatedInFen: bigint;
  allocatedOutFen: bigint;
  reservedFen: bigint;
  committedFen: bigint;
  releasedFen: bigint;
}

const UNIT_COLUMNS = `ou.tenant_id::text AS "tenantId", ou.org_unit_id::text AS "orgUnitId", ou.name,
  ou.parent_id::text AS "parentId"`;

export class CockpitBudgetRepository {
  constructor(private readonly db: PrismaClient) {}

  /** The unit, when it lies in scope (a unit manager's subtree, the viewer's tenants). */
  async unitInScope(orgUnitId: string, scope: CockpitScope): Promise<OrgUnitRow | null> {
    const [row] = await this.db.$queryRawUnsafe<OrgUnitRow[]>(
      `SELECT ${UNIT_COLUMNS} FROM analytics.org_unit ou
       WHERE ou.org_unit_id = $1::uuid AND ($2::uuid IS NULL OR $2::uuid = ANY(ou.path))
         AND ($3::uuid[] IS NULL OR ou.tenant_id = ANY($3::uuid[]))
       LIMIT 1`,
      orgUnitId,
      scope.subtreeOf,
      scope.tenantIds,
    );
    return row ?? null;
  }

  /** A tenant's root units (usually one). */
  roots(tenantId: string): Promise<OrgUnitRow[]> {
    return this.db.$queryRawUnsafe<OrgUnitRow[]>(
      `SELECT ${UNIT_COLUMNS} FROM analytics.org_unit ou
       WHERE ou.tenant_id = $1::uuid AND ou.parent_id IS NULL ORDER BY ou.name COLLATE "C", ou.org_unit_id`,
      tenantId,
    );
  }

  children(tenantId: string, parentId: string): Promise<OrgUnitRow[]> {
    return this.db.$queryRawUnsafe<OrgUnitRow[]>(
      `SELECT ${UNIT_COLUMNS} FROM analytics.org_unit ou
       WHERE ou.tenant_id = $1::uuid AND ou.parent_id = $2::uuid ORDER BY ou.name COLLATE "C", ou.org_unit_id`,
      tenantId,
      parentId,
    );
  }

  /** Each unit's movements in the period, per day, oldest first. */
  async days(tenantId: string, period: string, orgUnitIds: string[], scope: CockpitScope): Promise<BudgetDayRow[]> {
    if (orgUnitIds.length === 0) return [];
    return this.db.$queryRaw<BudgetDayRow[]>`
      SELECT b.org_unit_id::text AS "orgUnitId", b.day::text AS day,
             b.funded_fen AS "fundedFen", b.allocated_in_fen AS "allocatedInFen",
             b.allocated_out_fen AS "allocatedOutFen", b.reserved_fen AS "reservedFen",
             b.committed_fen AS "committedFen", b.released_fen AS "releasedFen"
      FROM analytics.budget_daily b
      WHERE b.tenant_id = ${tenantId}::uuid AND ${tenantCondition("b.tenant_id", scope)}
        AND b.period = ${period} AND b.org_unit_id = ANY(${orgUnitIds}::uuid[])
      ORDER BY b.day`;
  }
}
