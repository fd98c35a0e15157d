// Org units. The tree is a materialised path (root..self ids, GIN-indexed),
// so a subtree is one indexed query and a move is one UPDATE.
import type { MemberIdentity } from "@benefits-hub/platform";
import { AuditRepository } from "./audit.repository";
import type { PrismaClient, OrgUnit, Prisma } from "@benefits-hub/platform/db/client";

export type OrgUnitRow = OrgUnit;
type Tx = Prisma.TransactionClient;

export class OrgUnitRepository {
  private readonly audit = new AuditRepository();

  constructor(readonly db: PrismaClient) {}

  findByIds(ids: readonly string[]): Promise<OrgUnitRow[]> {
    return this.db.orgUnit.findMany({ where: { id: { in: [...ids] } } });
  }

  findRoot(tenantId: string): Promise<OrgUnitRow | null> {
    return this.db.orgUnit.findFirst({ where: { tenantId, parentId: null } });
  }

  childrenOf(parentIds: readonly string[], includeArchived: boolean): Promise<OrgUnitRow[]> {
    return this.db.orgUnit.findMany({
      where: { parentId: { in: [...parentIds] }, ...(includeArchived ? {} : { archivedAt: null }) },
      orderBy: [{ name: "asc" }, { id: "asc" }],
    });
  }

  /** Units strictly below `unit`, ordered by (depth, id), after the (depth, id) cursor. */
  descendants(unit: OrgUnitRow, first: number, after: { depth: number; id: string } | null, includeArchived: boolean) {
    return this.db.orgUnit.findMany({
      where: {
        tenantId: unit.tenantId,
        path: { has: unit.id },
        id: { not: unit.id },
        ...(includeArchived ? {} : { archivedAt: null }),
        ...(after ? { OR: [{ depth: { gt: after.depth } }, { depth: after.depth, id: { gt: after.id } }] } : {}),
      },
      orderBy: [{ depth: "asc" }, { id: "asc" }],
      take: first,
    });
  }

  countDescendants(unit: OrgUnitRow, includeArchived: boolean): Promise<number> {
    return this.db.orgUnit.count({
      where: {
        tenantId: unit.tenantId,
        path: { has: unit.id },
        id: { not: unit.id },
        ...(includeArchived ? {} : { archivedAt: null }),
      },
    });
  }

  async memberCounts(unitIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db.member.groupBy({
      by: ["orgUnitId"],
      where: { orgUnitId: { in: [...unitIds] } },
      _count: { _all: true },
    });
    return new Map(rows.map((r) => [r.orgUnitId, r._count._all]));
  }

  /** Serialises changes to one tenant's tree for the rest of the transaction. */
  async lockTree(tx: Tx, tenantId: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`org-tree:${tenantId}`}, 0))`;
  }

  findInTx(tx: Tx, tenantId: string, id: string): Promise<OrgUnitRow | null> {
    return tx.orgUnit.findFirst({ where: { id, tenantId } });
  }

  create(tx: Tx, parent: OrgUnitRow, id: string, name: string): Promise<OrgUnitRow> {
    return tx.orgUnit.create({
      data: {
        id,
        tenantId: parent.tenantId,
        parentId: parent.id,
        name,
        path: [...parent.path, id],
        depth: parent.depth + 1,
      },
    });
  }

  rename(tx: Tx, id: string, name: string): Promise<OrgUnitRow> {
    return tx.orgUnit.update({ where: { id }, data: { name } });
  }

  /** Re-roots the subtree of `unit` under `parent`: one UPDATE of every path below. */
  async move(tx: Tx, unit: OrgUnitRow, parent: OrgUnitRow): Promise<void> {
    const keep = unit.depth + 1; // path elements from the unit downwards start at this 1-based index
    const delta = parent.depth + 1 - unit.depth;
    await tx.$executeRaw`
      UPDATE membership.org_unit
      SET path = ${parent.path}::uuid[] || path[${keep}:array_length(path, 1)],
          depth = depth + ${delta},
          updated_at = now()
      WHERE tenant_id = ${unit.tenantId}::uuid AND path @> ARRAY[${unit.id}::uuid]`;
    await tx.orgUnit.update({ where: { id: unit.id }, data: { parentId: parent.id } });
  }

  /** The unit and every unit below it, read in the transaction (parents before children). */
  subtreeInTx(tx: Tx, unit: OrgUnitRow): Promise<OrgUnitRow[]> {
    return tx.orgUnit.findMany({
      where: { tenantId: unit.tenantId, path: { has: unit.id } },
      orderBy: [{ depth: "asc" }, { id: "asc" }],
    });
  }

  countMembersInSubtree(tx: Tx, unit: OrgUnitRow): Promise<number> {
    return tx.member.count({ where: { tenantId: unit.tenantId, orgUnit: { path: { has: unit.id } } } });
  }

  async archive(tx: Tx, unit: OrgUnitRow): Promise<void> {
    await tx.orgUnit.updateMany({
      where: { tenantId: unit.tenantId, path: { has: unit.id }, archivedAt: null },
      data: { archivedAt: new Date() },
    });
  }

  /** The audit entry of a tree change, in the change's transaction. */
  async recordAudit(tx: Tx, actor: MemberIdentity, action: string, unit: OrgUnitRow): Promise<void> {
    await this.audit.record(tx, {
      tenantId: actor.tenantId,
      actorKind: "member",
      actorId: actor.memberId,
      action,
      targetType: "OrgUnit",
      targetId: unit.id,
      details: { name: unit.name, parentId: unit.parentId, depth: unit.depth, archived: unit.archivedAt !== null },
    });
  }
}
