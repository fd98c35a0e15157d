// The org tree: create, rename, move a subtree, archive, under a per-tenant
// tree lock so that concurrent moves can never make a cycle. Every unit a
// change touched (a move or an archive: the whole subtree) gets an
// org.unit_changed event in the change's transaction.
import { randomUUID } from "node:crypto";
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import type { OrgUnitRepository, OrgUnitRow } from "../data/org-unit.repository";
import type { MembershipLoaders } from "../loaders";
import { canManageUnit, canReadUnit, validUnitName } from "./org-scope";
import { isUuid } from "./ids";
import type { MembershipEvents, OrgUnitChange } from "./membership-events";

export type OrgErrorCode =
  "NOT_FOUND" | "INVALID_NAME" | "ARCHIVED" | "CYCLE" | "ROOT" | "HAS_MEMBERS" | "OUTSIDE_SCOPE";
export type OrgResult =
  { orgUnit: OrgUnitRow; errors: [] } | { orgUnit: null; errors: { code: OrgErrorCode; message: string }[] };

const fail = (code: OrgErrorCode, message: string): OrgResult => ({ orgUnit: null, errors: [{ code, message }] });
const notFound = () => fail("NOT_FOUND", "No such org unit");
const MAX_PAGE = 500;

/** What a tree change left: the unit it answers with, and every unit it changed (their events). */
interface TreeChange {
  unit: OrgUnitRow;
  changed: OrgUnitRow[];
  change: OrgUnitChange;
}

class Refusal extends Error {
  constructor(readonly result: OrgResult) {
    super("refused");
  }
}

export class OrgService {
  constructor(
    private readonly units: OrgUnitRepository,
    private readonly loaders: MembershipLoaders,
    private readonly events: MembershipEvents,
  ) {}

  async byId(viewer: Identity, id: string): Promise<OrgUnitRow | null> {
    if (!isUuid(id)) return null;
    const unit = await this.loaders.orgUnitById.load(id);
    return unit && canReadUnit(viewer, unit) ? unit : null;
  }

  tree(viewer: Identity): Promise<OrgUnitRow | null> {
    return viewer.kind === "member" ? this.units.findRoot(viewer.tenantId) : Promise.resolve(null);
  }

  async ancestors(unit: OrgUnitRow): Promise<OrgUnitRow[]> {
    const rows = await this.loaders.orgUnitById.loadMany(unit.path.slice(0, -1));
    return rows.filter((r): r is OrgUnitRow => r !== null && !(r instanceof Error));
  }

  parent(unit: OrgUnitRow): Promise<OrgUnitRow | null> {
    return unit.parentId ? this.loaders.orgUnitById.load(unit.parentId) : Promise.resolve(null);
  }

  children(unit: OrgUnitRow, includeArchived: boolean): Promise<OrgUnitRow[]> {
    return (includeArchived ? this.loaders.allChildrenOf : this.loaders.activeChildrenOf).load(unit.id);
  }

  memberCount(unit: OrgUnitRow): Promise<number> {
    return this.loaders.memberCountOf.load(unit.id);
  }

  async descendants(
    unit: OrgUnitRow,
    first: number | null | undefined,
    after: string | null | undefined,
    includeArchived: boolean,
  ) {
    const size = Math.min(Math.max(first ?? 100, 1), MAX_PAGE);
    const cursor = decodeCursor(after);
    const [rows, totalCount] = await Promise.all([
      this.units.descendants(unit, size + 1, cursor, includeArchived),
      this.units.countDescendants(unit, includeArchived),
    ]);
    const page = rows.slice(0, size);
    const last = page.at(-1);
    return { units: page, totalCount, nextCursor: rows.length > size && last ? encodeCursor(last) : null };
  }

  create(viewer: Identity, parentId: string, name: string): Promise<OrgResult> {
    const clean = validUnitName(name);
    if (!clean) return Promise.resolve(fail("INVALID_NAME", "A unit name has 1 to 100 characters"));
    return this.change(viewer, "org_unit.create", async (tx, member) => {
      const parent = await this.manageable(tx, member, parentId);
      if (parent.archivedAt) throw new Refusal(fail("ARCHIVED", "The parent unit is archived"));
      const unit = await this.units.create(tx, parent, randomUUID(), clean);
      return { unit, changed: [unit], change: "CREATED" };
    });
  }

  rename(viewer: Identity, id: string, name: string): Promise<OrgResult> {
    const clean = validUnitName(name);
    if (!clean) return Promise.resolve(fail("INVALID_NAME", "A unit name has 1 to 100 characters"));
    return this.change(viewer, "org_unit.rename", async (tx, member) => {
      const unit = await this.manageable(tx, member, id);
      const renamed = await this.units.rename(tx, unit.id, clean);
      return { unit: renamed, changed: [renamed], change: "RENAMED" };
    });
  }

  move(viewer: Identity, id: string, newParentId: string): Promise<OrgResult> {
    return this.change(viewer, "org_unit.move", async (tx, member) => {
      const unit = await this.manageable(tx, member, id);
      const parent = await this.manageable(tx, member, newParentId);
      if (!unit.parentId) throw new Refusal(fail("ROOT", "The root unit cannot move"));
      if (member.role === "UNIT_MANAGER" && unit.id === member.orgUnitId) {
        throw new Refusal(fail("OUTSIDE_SCOPE", "A unit manager cannot move their own unit"));
      }
      if (parent.path.includes(unit.id)) throw new Refusal(fail("CYCLE", "A unit cannot move below itself"));
      if (parent.archivedAt) throw new Refusal(fail("ARCHIVED", "The new parent unit is archived"));
      if (unit.parentId === parent.id) return { unit, changed: [], change: "MOVED" };
      await this.units.move(tx, unit, parent);
      // Every path below the unit changed too.
      const changed = await this.units.subtreeInTx(tx, unit);
      return { unit: changed.find((u) => u.id === unit.id)!, changed, change: "MOVED" };
    });
  }

  archive(viewer: Identity, id: string): Promise<OrgResult> {
    return this.change(viewer, "org_unit.archive", async (tx, member) => {
      const unit = await this.manageable(tx, member, id);
      if (!unit.parentId) throw new Refusal(fail("ROOT", "The root unit cannot be archived"));
      if ((await this.units.countMembersInSubtree(tx, unit)) > 0) {
        throw new Refusal(fail("HAS_MEMBERS", "Move the members of this subtree elsewhere first"));
      }
      await this.units.archive(tx, unit);
      const changed = await this.units.subtreeInTx(tx, unit);
      return { unit: changed.find((u) => u.id === unit.id)!, changed, change: "ARCHIVED" };
    });
  }

  /** Runs a tree change in one transaction under the tenant's tree lock, with its audit entry and events. */
  private async change(
    viewer: Identity,
    action: string,
    work: (tx: Parameters<OrgUnitRepository["lockTree"]>[0], member: MemberIdentity) => Promise<TreeChange>,
  ): Promise<OrgResult> {
    if (viewer.kind !== "member") return notFound();
    try {
      const { unit: orgUnit, changed } = await this.units.db.$transaction(async (tx) => {
        await this.units.lockTree(tx, viewer.tenantId);
        const done = await work(tx, viewer);
        await this.units.recordAudit(tx, viewer, action, done.unit);
        await this.events.unitsChanged(tx, done.changed, done.change);
        return done;
      });
      if (changed.length > 0) this.events.wake();
      return { orgUnit, errors: [] };
    } catch (error) {
      if (error instanceof Refusal) return error.result;
      throw error;
    }
  }

  private async manageable(tx: Parameters<OrgUnitRepository["lockTree"]>[0], viewer: MemberIdentity, id: string) {
    const unit = isUuid(id) ? await this.units.findInTx(tx, viewer.tenantId, id) : null;
    if (!unit) throw new Refusal(notFound());
    if (!canManageUnit(viewer, unit)) throw new Refusal(fail("OUTSIDE_SCOPE", "This unit is outside what you manage"));
    return unit;
  }
}

function encodeCursor(unit: OrgUnitRow): string {
  return Buffer.from(`${unit.depth}:${unit.id}`).toString("base64url");
}

function decodeCursor(cursor: string | null | undefined): { depth: number; id: string } | null {
  if (!cursor) return null;
  const [depth, id] = Buffer.from(cursor, "base64url").toString().split(":");
  return depth && id && /^\d+$/.test(depth) && isUuid(id) ? { depth: Number(depth), id } : null;
}
