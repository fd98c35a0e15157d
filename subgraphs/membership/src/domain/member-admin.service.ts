// Administering members one at a time: tenant admins anywhere in their
// tenant, unit managers for the plain members of their subtree. Each change
// is one transaction under the tenant's tree lock, with its audit entry.
import type { Identity, MemberIdentity, MemberRole } from "@benefits-hub/platform";
import {
  isUniqueViolation,
  type MemberAdminRepository,
  type MemberFields,
  type Tx,
} from "../data/member-admin.repository";
import type { MemberRow } from "../data/member.repository";
import type { MembershipLoaders } from "../loaders";
import { auditActor } from "./audit";
import { isUuid } from "./ids";
import {
  checkAttributes,
  checkDate,
  checkDisplayName,
  checkEmail,
  checkTags,
  checkTier,
  formatDate,
  type Check,
} from "./member-admin-rules";
import { canManageMember, canSeeProfile, roleRefusal } from "./member-admin-scope";
import { canManageUnit } from "./org-scope";

export type MemberErrorCode =
  "NOT_FOUND" | "OUTSIDE_SCOPE" | "INVALID_INPUT" | "EMAIL_TAKEN" | "ARCHIVED" | "FORBIDDEN_ROLE";
export interface MemberError {
  code: MemberErrorCode;
  field: string | null;
  message: string;
}
export type MemberResult = { member: MemberRow; errors: [] } | { member: null; errors: MemberError[] };

export interface CreateMemberInput {
  email: string;
  displayName: string;
  orgUnitId: string;
  tier?: string | null;
  tags?: string[] | null;
  attributes?: unknown;
  joinedAt?: string | null;
  role?: MemberRole | null;
}

/** Absent fields stay as they are; `joinedAt: null` clears the date. */
export interface UpdateMemberInput {
  id: string;
  displayName?: string | null;
  tier?: string | null;
  tags?: string[] | null;
  attributes?: unknown;
  joinedAt?: string | null;
  orgUnitId?: string | null;
  role?: MemberRole | null;
}

export const memberError = (code: MemberErrorCode, message: string, field: string | null = null): MemberError => ({
  code,
  field,
  message,
});
const refuse = (...errors: MemberError[]): MemberResult => ({ member: null, errors });
const notFound = () => memberError("NOT_FOUND", "No such member");

class Refusal extends Error {
  constructor(readonly error: MemberError) {
    super("refused");
  }
}

export class MemberAdminService {
  constructor(
    private readonly members: MemberAdminRepository,
    private readonly loaders: MembershipLoaders,
  ) {}

  async create(viewer: Identity, input: CreateMemberInput): Promise<MemberResult> {
    if (viewer.kind !== "member") return refuse(notFound());
    const errors: MemberError[] = [];
    const take = <T>(field: string, check: Check<T>): T | undefined => {
      if (check.ok) return check.value;
      errors.push(memberError("INVALID_INPUT", check.message, field));
      return undefined;
    };
    const email = take("email", checkEmail(input.email));
    const displayName = take("displayName", checkDisplayName(input.displayName));
    const tier = take("tier", checkTier(input.tier ?? "standard"));
    const tags = take("tags", checkTags(input.tags ?? []));
    const attributes = take("attributes", checkAttributes(input.attributes ?? {}));
    const joinedAt = input.joinedAt ? take("joinedAt", checkDate(input.joinedAt)) : null;
    const role = input.role ?? "MEMBER";
    const roleProblem = roleRefusal(viewer, null, role);
    if (roleProblem) errors.push(memberError("FORBIDDEN_ROLE", roleProblem, "role"));
    if (errors.length > 0) return refuse(...errors);
    return this.change(viewer, async (tx) => {
      const unit = await this.placeableUnit(tx, viewer, input.orgUnitId);
      const fields: MemberFields = {
        orgUnitId: unit,
        displayName: displayName!,
        role,
        tier: tier!,
        tags: tags!,
        attributes: attributes!,
        joinedAt: joinedAt ?? null,
      };
      const member = await this.members.create(tx, viewer.tenantId, email!, fields);
      await this.audit(tx, viewer, "member.create", member, { orgUnitId: unit, role, tier: fields.tier });
      return member;
    });
  }

  async update(viewer: Identity, input: UpdateMemberInput): Promise<MemberResult> {
    if (viewer.kind !== "member" || !isUuid(input.id)) return refuse(notFound());
    const errors: MemberError[] = [];
    const fields: Partial<MemberFields> = {};
    const take = <K extends keyof MemberFields>(key: K, check: Check<MemberFields[K]>) => {
      if (check.ok) fields[key] = check.value;
      else errors.push(memberError("INVALID_INPUT", check.message, key));
    };
    if (input.displayName != null) take("displayName", checkDisplayName(input.displayName));
    if (input.tier != null) take("tier", checkTier(input.tier));
    if (input.tags != null) take("tags", checkTags(input.tags));
    if (input.attributes != null) take("attributes", checkAttributes(input.attributes));
    if (input.joinedAt === null) fields.joinedAt = null;
    else if (input.joinedAt !== undefined) take("joinedAt", checkDate(input.joinedAt));
    if (errors.length > 0) return refuse(...errors);
    return this.change(viewer, async (tx) => {
      const member = await this.members.findMember(tx, viewer.tenantId, input.id);
      if (!member) throw new Refusal(notFound());
      const unit = await this.members.findUnit(tx, viewer.tenantId, member.orgUnitId);
      if (!unit || !canManageMember(viewer, member, unit)) {
        throw new Refusal(memberError("OUTSIDE_SCOPE", "This member is outside what you manage"));
      }
      if (input.role != null && input.role !== member.role) {
        const problem = roleRefusal(viewer, member, input.role);
        if (problem) throw new Refusal(memberError("FORBIDDEN_ROLE", problem, "role"));
        fields.role = input.role;
      }
      if (input.orgUnitId != null && input.orgUnitId !== member.orgUnitId) {
        fields.orgUnitId = await this.placeableUnit(tx, viewer, input.orgUnitId);
      }
      const changed = Object.keys(fields).sort();
      const updated = changed.length > 0 ? await this.members.update(tx, member.id, fields) : member;
      await this.audit(tx, viewer, "member.update", updated, {
        changed: changed.join(","),
        orgUnitId: updated.orgUnitId,
        role: updated.role,
        previousRole: member.role,
      });
      return updated;
    });
  }

  /** A member's tags, attributes and join date: for themselves, their admins and the managers above them. */
  async profileOf(viewer: Identity, member: MemberRow) {
    const managerOfOthers = viewer.kind === "member" && viewer.role === "UNIT_MANAGER" && viewer.memberId !== member.id;
    const unit = managerOfOthers ? await this.loaders.orgUnitById.load(member.orgUnitId) : null;
    if (!canSeeProfile(viewer, member, unit)) return null;
    return {
      tags: member.tags,
      attributes: member.attributes,
      joinedAt: member.joinedAt ? formatDate(member.joinedAt) : null,
    };
  }

  /** A unit the viewer may put a member into: in their tenant and scope, not archived. */
  private async placeableUnit(tx: Tx, viewer: MemberIdentity, id: string): Promise<string> {
    const unit = isUuid(id) ? await this.members.findUnit(tx, viewer.tenantId, id.toLowerCase()) : null;
    if (!unit) throw new Refusal(memberError("NOT_FOUND", "No such org unit", "orgUnitId"));
    if (!canManageUnit(viewer, unit)) {
      throw new Refusal(memberError("OUTSIDE_SCOPE", "This unit is outside what you manage", "orgUnitId"));
    }
    if (unit.archivedAt) throw new Refusal(memberError("ARCHIVED", "The unit is archived", "orgUnitId"));
    return unit.id;
  }

  private async change(viewer: MemberIdentity, work: (tx: Tx) => Promise<MemberRow>): Promise<MemberResult> {
    try {
      const member = await this.members.inTreeTransaction(viewer.tenantId, work);
      this.loaders.memberById.clear(member.id).prime(member.id, member);
      return { member, errors: [] };
    } catch (error) {
      if (error instanceof Refusal) return refuse(error.error);
      if (isUniqueViolation(error)) return refuse(memberError("EMAIL_TAKEN", "This email is already in use", "email"));
      throw error;
    }
  }

  private audit(tx: Tx, viewer: MemberIdentity, action: string, member: MemberRow, details: Record<string, string>) {
    return this.members.record(tx, {
      tenantId: viewer.tenantId,
      ...auditActor(viewer),
      action,
      targetType: "Member",
      targetId: member.id,
      details,
    });
  }
}
