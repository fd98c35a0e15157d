// Segments: named targeting rules of a tenant, evaluated to members on
// demand. Tenant admins see and change all of them; unit managers change
// only segments that name units of their subtree, and whatever segment they
// evaluate yields only the members of their subtree. Services (targeting in
// entitlements) read any segment in full.
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import { isUniqueViolation } from "../data/member-admin.repository";
import type { MemberRow } from "../data/member.repository";
import type { SegmentMembersRepository } from "../data/segment-members.repository";
import type { SegmentRepository, SegmentRow } from "../data/segment.repository";
import { auditActor, type AuditRecord } from "./audit";
import { isUuid } from "./ids";
import { canManageUnit } from "./org-scope";
import {
  criteriaOf,
  normaliseRules,
  rulesFromJson,
  type MemberCriteria,
  type RuleProblem,
  type SegmentRules,
  type SegmentRulesInput,
} from "./segment-rules";

export type SegmentErrorCode = "NOT_FOUND" | "INVALID_NAME" | "NAME_TAKEN" | "INVALID_RULES" | "OUTSIDE_SCOPE";
export interface SegmentError {
  code: SegmentErrorCode;
  field: string | null;
  message: string;
}
export type SegmentResult = { segment: SegmentRow; errors: [] } | { segment: null; errors: SegmentError[] };

export interface MemberPage {
  members: MemberRow[];
  nextCursor: string | null;
  /** Counted only when asked for (GraphQL calls a function-valued field). */
  totalCount: () => Promise<number>;
}

const MAX_PAGE = 500;
const segmentError = (code: SegmentErrorCode, message: string, field: string | null = null): SegmentError => ({
  code,
  field,
  message,
});
const refuse = (...errors: SegmentError[]): SegmentResult => ({ segment: null, errors });
const notFound = () => segmentError("NOT_FOUND", "No such segment");
const outsideScope = () =>
  segmentError("OUTSIDE_SCOPE", "Unit managers' segments name only units of their subtree", "rules.orgUnitIds");

class Refusal extends Error {
  constructor(readonly error: SegmentError) {
    super("refused");
  }
}

const isAdminOrManager = (viewer: Identity): viewer is MemberIdentity =>
  viewer.kind === "member" && (viewer.role === "TENANT_ADMIN" || viewer.role === "UNIT_MANAGER");

export class SegmentService {
  constructor(
    private readonly segments: SegmentRepository,
    private readonly matches: SegmentMembersRepository,
  ) {}

  list(viewer: Identity): Promise<SegmentRow[]> {
    return isAdminOrManager(viewer) ? this.segments.list(viewer.tenantId) : Promise.resolve([]);
  }

  async byId(viewer: Identity, id: string): Promise<SegmentRow | null> {
    if (!isUuid(id)) return null;
    const segment = await this.segments.find(id.toLowerCase());
    if (!segment) return null;
    if (viewer.kind === "service") return segment;
    return isAdminOrManager(viewer) && viewer.tenantId === segment.tenantId ? segment : null;
  }

  rulesOf(segment: SegmentRow): SegmentRules {
    return rulesFromJson(segment.rules);
  }

  async create(viewer: Identity, input: { name: string; rules: SegmentRulesInput }): Promise<SegmentResult> {
    if (!isAdminOrManager(viewer)) return refuse(notFound());
    const name = cleanName(input.name);
    if (!name) return refuse(segmentError("INVALID_NAME", "A segment name has 1 to 100 characters", "name"));
    const checked = await this.checkRules(viewer, input.rules);
    if ("errors" in checked) return refuse(...checked.errors);
    return this.change(() =>
      this.segments.create(viewer.tenantId, name, checked.rules, (s) => this.audit(viewer, "segment.create", s)),
    );
  }

  async update(
    viewer: Identity,
    input: { id: string; name?: string | null; rules?: SegmentRulesInput | null },
  ): Promise<SegmentResult> {
    if (!isAdminOrManager(viewer) || !isUuid(input.id)) return refuse(notFound());
    const name = input.name == null ? undefined : cleanName(input.name);
    if (name === null) return refuse(segmentError("INVALID_NAME", "A segment name has 1 to 100 characters", "name"));
    let rules: SegmentRules | undefined;
    if (input.rules) {
      const checked = await this.checkRules(viewer, input.rules);
      if ("errors" in checked) return refuse(...checked.errors);
      rules = checked.rules;
    }
    const guard = await this.scopeGuard(viewer, input.id.toLowerCase());
    if (!guard) return refuse(notFound());
    return this.change(async () => {
      const segment = await this.segments.update(
        viewer.tenantId,
        input.id.toLowerCase(),
        (current) => {
          guard(current);
          return { name, rules };
        },
        (s) => this.audit(viewer, "segment.update", s),
      );
      if (!segment) throw new Refusal(notFound());
      return segment;
    });
  }

  async delete(viewer: Identity, id: string): Promise<{ deletedSegmentId: string | null; errors: SegmentError[] }> {
    const guard = isAdminOrManager(viewer) && isUuid(id) ? await this.scopeGuard(viewer, id.toLowerCase()) : null;
    if (!guard || viewer.kind !== "member") return { deletedSegmentId: null, errors: [notFound()] };
    try {
      const deleted = await this.segments.delete(viewer.tenantId, id.toLowerCase(), guard, (s) =>
        this.audit(viewer, "segment.delete", s),
      );
      return deleted
        ? { deletedSegmentId: id.toLowerCase(), errors: [] }
        : { deletedSegmentId: null, errors: [notFound()] };
    } catch (error) {
      if (error instanceof Refusal) return { deletedSegmentId: null, errors: [error.error] };
      throw error;
    }
  }

  /** A page of the segment's members, as far as the viewer may see them (problems: a bad cursor). */
  members(viewer: Identity, segment: SegmentRow, first?: number | null, after?: string | null) {
    return this.page(this.criteriaFor(viewer, segment.tenantId, this.rulesOf(segment)), first, after);
  }

  memberCount(viewer: Identity, segment: SegmentRow): Promise<number> {
    const criteria = this.criteriaFor(viewer, segment.tenantId, this.rulesOf(segment));
    return criteria ? this.matches.count(criteria) : Promise.resolve(0);
  }

  /** Members matching rules that are not saved as a segment (no rules: every member in view). */
  async preview(
    viewer: Identity,
    input: SegmentRulesInput | null | undefined,
    first?: number | null,
    after?: string | null,
  ): Promise<{ page: MemberPage } | { problems: RuleProblem[] }> {
    if (!isAdminOrManager(viewer)) return { page: emptyPage() };
    const { rules, problems } = normaliseRules(input ?? {});
    const unknownUnits = await this.unknownUnits(viewer.tenantId, rules.orgUnitIds);
    if (unknownUnits) problems.push({ field: "orgUnitIds", message: "No such org unit" });
    if (problems.length > 0) return { problems };
    const page = await this.page(this.criteriaFor(viewer, viewer.tenantId, rules), first, after);
    return "problems" in page ? page : { page };
  }

  private async page(
    criteria: MemberCriteria | null,
    first?: number | null,
    after?: string | null,
  ): Promise<MemberPage | { problems: RuleProblem[] }> {
    if (!criteria) return emptyPage();
    if (after && !isUuid(after)) return { problems: [{ field: "after", message: "Not a cursor of this list" }] };
    const size = Math.min(Math.max(first ?? 50, 1), MAX_PAGE);
    const rows = await this.matches.page(criteria, size + 1, after?.toLowerCase() ?? null);
    const members = rows.slice(0, size);
    const last = members.at(-1);
    return {
      members,
      nextCursor: rows.length > size && last ? last.id : null,
      totalCount: () => this.matches.count(criteria),
    };
  }

  /** Criteria for what `viewer` may see of a tenant's members; null for nothing. */
  private criteriaFor(viewer: Identity, tenantId: string, rules: SegmentRules): MemberCriteria | null {
    if (viewer.kind === "service") return criteriaOf(tenantId, rules, null);
    if (!isAdminOrManager(viewer) || viewer.tenantId !== tenantId) return null;
    return criteriaOf(tenantId, rules, viewer.role === "UNIT_MANAGER" ? viewer.orgUnitId : null);
  }

  private async checkRules(
    viewer: MemberIdentity,
    input: SegmentRulesInput,
  ): Promise<{ rules: SegmentRules } | { errors: SegmentError[] }> {
    const { rules, problems } = normaliseRules(input);
    const errors = problems.map((p) => segmentError("INVALID_RULES", p.message, `rules.${p.field}`));
    if (errors.length > 0) return { errors };
    if (await this.unknownUnits(viewer.tenantId, rules.orgUnitIds)) {
      return { errors: [segmentError("INVALID_RULES", "No such org unit", "rules.orgUnitIds")] };
    }
    if (viewer.role === "UNIT_MANAGER" && !(await this.withinScope(viewer, rules.orgUnitIds))) {
      return { errors: [outsideScope()] };
    }
    return { rules };
  }

  private async unknownUnits(tenantId: string, ids: string[] | undefined): Promise<boolean> {
    if (!ids) return false;
    return (await this.matches.unitsOfTenant(tenantId, ids)).length !== ids.length;
  }

  /** A unit manager's segment names units, all inside their subtree. */
  private async withinScope(viewer: MemberIdentity, ids: string[] | undefined): Promise<boolean> {
    if (!ids || ids.length === 0) return false;
    const units = await this.matches.unitsOfTenant(viewer.tenantId, ids);
    return (
      units.length === ids.length && units.every((u) => canManageUnit(viewer, { tenantId: viewer.tenantId, ...u }))
    );
  }

  /**
   * Checks, before a change, that the viewer may change the segment; returns a
   * guard the change runs on the row it locks, refusing if its units changed
   * meanwhile. Null when the segment does not exist for the viewer.
   */
  private async scopeGuard(viewer: MemberIdentity, id: string): Promise<((current: SegmentRow) => void) | null> {
    const segment = await this.segments.find(id);
    if (!segment || segment.tenantId !== viewer.tenantId) return null;
    if (viewer.role === "TENANT_ADMIN") return () => {};
    const units = this.rulesOf(segment).orgUnitIds;
    const key = JSON.stringify(units ?? []);
    if (!(await this.withinScope(viewer, units))) return () => void failWith(outsideScope());
    return (current) => {
      if (JSON.stringify(this.rulesOf(current).orgUnitIds ?? []) !== key) failWith(outsideScope());
    };
  }

  private async change(work: () => Promise<SegmentRow>): Promise<SegmentResult> {
    try {
      return { segment: await work(), errors: [] };
    } catch (error) {
      if (error instanceof Refusal) return refuse(error.error);
      if (isUniqueViolation(error)) {
        return refuse(segmentError("NAME_TAKEN", "The tenant already has a segment of this name", "name"));
      }
      throw error;
    }
  }

  private audit(viewer: MemberIdentity, action: string, segment: SegmentRow): AuditRecord {
    return {
      tenantId: viewer.tenantId,
      ...auditActor(viewer),
      action,
      targetType: "Segment",
      targetId: segment.id,
      details: { name: segment.name, rules: JSON.stringify(segment.rules) },
    };
  }
}

function failWith(error: SegmentError): never {
  throw new Refusal(error);
}

function cleanName(name: string): string | null {
  const trimmed = name.trim();
  return trimmed.length >= 1 && trimmed.length <= 100 ? trimmed : null;
}

const emptyPage = (): MemberPage => ({ members: [], nextCursor: null, totalCount: () => Promise.resolve(0) });
