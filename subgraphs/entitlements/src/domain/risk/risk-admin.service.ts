// Tenant admins keep their risk rules and blacklist. Input is validated
// before anything is written (bad input changes nothing); each change is
// audited in its own transaction and drops this process's cached rules.
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import type { Prisma, RiskOutcome, RiskRuleKind } from "@benefits-hub/platform/db/client";
import type { RiskAdminRepository, RiskListEntryRow, RuleData } from "../../data/risk-admin.repository";
import type { RiskAuditRepository } from "../../data/risk-audit.repository";
import type { RiskRuleRow } from "../../data/risk.repository";
import { isUuid } from "../ids";
import { decodeCursor, pageOf, pageSize } from "./cursor";
import { riskError, type RiskError } from "./risk-errors";
import {
  isRiskAction,
  isValidIp,
  normaliseDeviceId,
  normaliseIp,
  parseRuleConfig,
  type RiskSubject,
} from "./risk-rules";
import type { RiskRuleCache } from "./rule-cache";

export interface RiskRuleConfigInput {
  subject?: string | null;
  limit?: number | null;
  windowSeconds?: number | null;
  allowedRegions?: string[] | null;
  maxAccounts?: number | null;
}

export interface CreateRiskRuleInput {
  name: string;
  kind: RiskRuleKind;
  actions: string[];
  outcome: RiskOutcome;
  config?: RiskRuleConfigInput | null;
  enabled?: boolean | null;
}

export interface UpdateRiskRuleInput {
  id: string;
  name?: string | null;
  actions?: string[] | null;
  outcome?: RiskOutcome | null;
  config?: RiskRuleConfigInput | null;
  enabled?: boolean | null;
}

export interface AddRiskListEntryInput {
  subject: RiskSubject;
  value: string;
  reason?: string | null;
}

export interface RiskRulePayload {
  rule: RiskRuleRow | null;
  errors: RiskError[];
}

const MAX_NAME = 100;
const MAX_REASON = 500;
const MAX_ENTRIES_PAGE = 500;
const ruleFailure = (error: RiskError): RiskRulePayload => ({ rule: null, errors: [error] });
const noSuchRule = () => ruleFailure(riskError("NOT_FOUND", "no such risk rule"));

export class RiskAdminService {
  constructor(
    private readonly repo: RiskAdminRepository,
    private readonly audit: RiskAuditRepository,
    private readonly cache: RiskRuleCache,
  ) {}

  rules(viewer: Identity): Promise<RiskRuleRow[]> {
    const admin = asAdmin(viewer);
    return admin ? this.repo.listRules(admin.tenantId) : Promise.resolve([]);
  }

  async createRule(viewer: Identity, input: CreateRiskRuleInput): Promise<RiskRulePayload> {
    const admin = asAdmin(viewer);
    if (!admin) return noSuchRule();
    const name = checkName(input.name);
    if (typeof name !== "string") return ruleFailure(name);
    const actions = checkActions(input.actions);
    if (!Array.isArray(actions)) return ruleFailure(actions);
    const config = parseRuleConfig(input.kind, input.config);
    if (!config.ok) return ruleFailure(riskError("INVALID_INPUT", config.message, "config"));
    const data: RuleData = {
      name,
      kind: input.kind,
      actions,
      outcome: input.outcome,
      config: config.config as Prisma.InputJsonValue,
      enabled: input.enabled ?? true,
    };
    const rule = await this.repo.transaction(async (tx) => {
      const row = await this.repo.createRule(tx, admin.tenantId, data);
      await this.audit.record(tx, admin, ruleAudit("risk.rule_created", row.id, data));
      return row;
    });
    this.cache.invalidate(admin.tenantId);
    return { rule, errors: [] };
  }

  /** Changes name, actions, outcome, config (replaced whole, for the rule's kind) or enabled. */
  async updateRule(viewer: Identity, input: UpdateRiskRuleInput): Promise<RiskRulePayload> {
    const admin = asAdmin(viewer);
    if (!admin || !isUuid(input.id)) return noSuchRule();
    const existing = await this.repo.findRule(admin.tenantId, input.id);
    if (!existing) return noSuchRule();
    const changes: Partial<RuleData> = {};
    if (input.name != null) {
      const name = checkName(input.name);
      if (typeof name !== "string") return ruleFailure(name);
      changes.name = name;
    }
    if (input.actions != null) {
      const actions = checkActions(input.actions);
      if (!Array.isArray(actions)) return ruleFailure(actions);
      changes.actions = actions;
    }
    if (input.config != null) {
      const config = parseRuleConfig(existing.kind, input.config);
      if (!config.ok) return ruleFailure(riskError("INVALID_INPUT", config.message, "config"));
      changes.config = config.config as Prisma.InputJsonValue;
    }
    if (input.outcome != null) changes.outcome = input.outcome;
    if (input.enabled != null) changes.enabled = input.enabled;
    const rule = await this.repo.transaction(async (tx) => {
      const row = await this.repo.updateRule(tx, admin.tenantId, input.id, changes);
      if (row) await this.audit.record(tx, admin, ruleAudit("risk.rule_updated", row.id, changes));
      return row;
    });
    if (!rule) return noSuchRule();
    this.cache.invalidate(admin.tenantId);
    return { rule, errors: [] };
  }

  async deleteRule(viewer: Identity, id: string): Promise<{ deletedId: string | null; errors: RiskError[] }> {
    const admin = asAdmin(viewer);
    const missing = { deletedId: null, errors: [riskError("NOT_FOUND", "no such risk rule")] };
    if (!admin || !isUuid(id)) return missing;
    const deleted = await this.repo.transaction(async (tx) => {
      const row = await this.repo.deleteRule(tx, admin.tenantId, id);
      if (row) {
        const { name, kind, actions, outcome, enabled } = row;
        const details = { name, kind, actions, outcome, enabled, config: row.config as Prisma.InputJsonValue };
        await this.audit.record(tx, admin, ruleAudit("risk.rule_deleted", row.id, details));
      }
      return row;
    });
    if (!deleted) return missing;
    this.cache.invalidate(admin.tenantId);
    return { deletedId: deleted.id, errors: [] };
  }

  async listEntries(
    viewer: Identity,
    args: { subject?: RiskSubject | null; first?: number | null; after?: string | null },
  ): Promise<{ entries: RiskListEntryRow[]; endCursor: string | null }> {
    const admin = asAdmin(viewer);
    if (!admin) return { entries: [], endCursor: null };
    const size = pageSize(args.first, 100, MAX_ENTRIES_PAGE);
    const rows = await this.repo.listEntries(admin.tenantId, args.subject ?? null, size + 1, decodeCursor(args.after));
    const { items, endCursor } = pageOf(rows, size);
    return { entries: items, endCursor };
  }

  /** Lists a member, device or IP; one already listed is returned as it is. */
  async addEntry(
    viewer: Identity,
    input: AddRiskListEntryInput,
  ): Promise<{ entry: RiskListEntryRow | null; errors: RiskError[] }> {
    const admin = asAdmin(viewer);
    if (!admin) return { entry: null, errors: [riskError("NOT_FOUND", "no such tenant")] };
    const value = listValue(input.subject, input.value);
    if (typeof value !== "string") return { entry: null, errors: [value] };
    const reason = (input.reason ?? "").trim();
    if (reason.length > MAX_REASON) {
      return {
        entry: null,
        errors: [riskError("INVALID_INPUT", `a reason is at most ${MAX_REASON} characters`, "reason")],
      };
    }
    const data = { tenantId: admin.tenantId, subject: input.subject, value, reason, createdBy: admin.memberId };
    const added = await this.repo.transaction(async (tx) => {
      const row = await this.repo.addEntry(tx, data);
      if (row) {
        const details = { subject: row.subject, value: row.value, reason: row.reason };
        await this.audit.record(tx, admin, {
          action: "risk.list_entry_added",
          targetType: "risk_list_entry",
          targetId: row.id,
          details,
        });
      }
      return row;
    });
    const entry = added ?? (await this.repo.findEntry(admin.tenantId, input.subject, value));
    return { entry, errors: [] };
  }

  async removeEntry(viewer: Identity, id: string): Promise<{ removedId: string | null; errors: RiskError[] }> {
    const admin = asAdmin(viewer);
    const missing = { removedId: null, errors: [riskError("NOT_FOUND", "no such list entry")] };
    if (!admin || !isUuid(id)) return missing;
    const removed = await this.repo.transaction(async (tx) => {
      const row = await this.repo.removeEntry(tx, admin.tenantId, id);
      if (row) {
        const details = { subject: row.subject, value: row.value, reason: row.reason };
        await this.audit.record(tx, admin, {
          action: "risk.list_entry_removed",
          targetType: "risk_list_entry",
          targetId: row.id,
          details,
        });
      }
      return row;
    });
    return removed ? { removedId: removed.id, errors: [] } : missing;
  }
}

/** The viewer when they are a tenant admin (shield checks it too; this keeps the service safe on its own). */
export const asAdmin = (viewer: Identity): MemberIdentity | null =>
  viewer.kind === "member" && viewer.role === "TENANT_ADMIN" ? viewer : null;

function checkName(raw: string): string | RiskError {
  const name = raw.trim();
  if (!name || name.length > MAX_NAME)
    return riskError("INVALID_INPUT", `a name is 1 to ${MAX_NAME} characters`, "name");
  return name;
}

function checkActions(raw: string[]): string[] | RiskError {
  const actions = [...new Set(raw)];
  if (actions.length === 0 || !actions.every(isRiskAction)) {
    return riskError("INVALID_INPUT", "actions are one or more of CLAIM, REDEEM, TRANSFER", "actions");
  }
  return actions;
}

/** The normalised value of a blacklist entry, as the risk check will compare it. */
function listValue(subject: RiskSubject, raw: string): string | RiskError {
  if (subject === "MEMBER") {
    const id = raw.trim().toLowerCase();
    return isUuid(id) ? id : riskError("INVALID_INPUT", "a MEMBER entry's value is a member id", "value");
  }
  if (subject === "DEVICE") {
    const device = normaliseDeviceId(raw);
    return device && raw.trim().length <= 200
      ? device
      : riskError("INVALID_INPUT", "a DEVICE entry's value is a device id of 1 to 200 characters", "value");
  }
  const ip = normaliseIp(raw);
  return ip && isValidIp(ip)
    ? ip
    : riskError("INVALID_INPUT", "an IP entry's value is an IPv4 or IPv6 address", "value");
}

function ruleAudit(action: string, id: string, details: Partial<RuleData>) {
  return { action, targetType: "risk_rule" as const, targetId: id, details: details as Prisma.InputJsonValue };
}
