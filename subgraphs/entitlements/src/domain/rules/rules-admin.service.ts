// Tenant admins keep their issuance rules ("first order earns voucher X",
// "seven consecutive check-ins earn pack Y") and read what was ingested.
// Input is checked before anything is written; each change is audited in
// its own transaction. Another tenant's rule or campaign is NOT_FOUND.
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import type { Campaign, IssuanceTrigger } from "@benefits-hub/platform/db/client";
import { z } from "zod";
import type { IngestedEventRow, IssuanceRuleRow, RulesRepository } from "../../data/rules.repository";
import { isUuid } from "../ids";
import { EVENT_TYPE } from "./ingest-input";
import { ruleError, type RuleError } from "./rule-errors";

export interface CreateIssuanceRuleInput {
  name: string;
  eventType: string;
  trigger: IssuanceTrigger;
  streakDays?: number | null;
  campaignId: string;
}

export interface SetIssuanceRuleEnabledInput {
  id: string;
  enabled: boolean;
}

export interface IssuanceRulePayload {
  rule: IssuanceRuleRow | null;
  errors: RuleError[];
}

export const MAX_STREAK_DAYS = 366;

const createSchema = z
  .object({
    name: z.string().trim().min(1, "name is empty").max(100, "name is at most 100 characters"),
    eventType: z.string().regex(EVENT_TYPE, "eventType is 1 to 64 letters, digits, _ . : or -"),
    trigger: z.enum(["FIRST_EVENT", "STREAK"]),
    streakDays: z.number().int().min(2, "streakDays is at least 2").max(MAX_STREAK_DAYS).nullish(),
    campaignId: z.string(),
  })
  .superRefine((r, ctx) => {
    if (r.trigger === "STREAK" && r.streakDays == null) {
      ctx.addIssue({ code: "custom", path: ["streakDays"], message: "a STREAK rule needs streakDays" });
    }
    if (r.trigger === "FIRST_EVENT" && r.streakDays != null) {
      ctx.addIssue({ code: "custom", path: ["streakDays"], message: "only a STREAK rule has streakDays" });
    }
  });

const failure = (error: RuleError): IssuanceRulePayload => ({ rule: null, errors: [error] });
const noSuchRule = () => failure(ruleError("NOT_FOUND", "No such issuance rule", "id"));
const asAdmin = (viewer: Identity): MemberIdentity | null =>
  viewer.kind === "member" && viewer.role === "TENANT_ADMIN" ? viewer : null;

export class RulesAdminService {
  constructor(private readonly repo: RulesRepository) {}

  rules(viewer: Identity): Promise<IssuanceRuleRow[]> {
    const admin = asAdmin(viewer);
    return admin ? this.repo.listRules(admin.tenantId) : Promise.resolve([]);
  }

  /** A member's ingested events, newest first (1 to 100, default 50). */
  events(viewer: Identity, memberId: string, first: number | null | undefined): Promise<IngestedEventRow[]> {
    const admin = asAdmin(viewer);
    if (!admin || !isUuid(memberId)) return Promise.resolve([]);
    return this.repo.listEvents(admin.tenantId, memberId, Math.min(Math.max(first ?? 50, 1), 100));
  }

  /** Rules' campaigns by id (the rules were read in the viewer's tenant). */
  campaignsByIds(ids: readonly string[]): Promise<Campaign[]> {
    return this.repo.campaignsByIds(ids);
  }

  async create(viewer: Identity, input: CreateIssuanceRuleInput): Promise<IssuanceRulePayload> {
    const admin = asAdmin(viewer);
    if (!admin) return failure(ruleError("NOT_FOUND", "No such campaign", "campaignId"));
    const parsed = createSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return failure(ruleError("INVALID_INPUT", issue.message, issue.path.join(".") || "input"));
    }
    const r = parsed.data;
    const campaign = isUuid(r.campaignId) ? await this.repo.campaignOf(admin.tenantId, r.campaignId) : null;
    if (!campaign) return failure(ruleError("NOT_FOUND", "No such campaign", "campaignId"));
    if (campaign.channel !== "RULE") {
      return failure(ruleError("INVALID_INPUT", "The campaign's channel must be RULE", "campaignId"));
    }
    if (campaign.state === "ENDED") return failure(ruleError("INVALID_INPUT", "The campaign has ended", "campaignId"));
    const rule = await this.repo.transaction(async (tx) => {
      const row = await this.repo.createRule(tx, {
        tenantId: admin.tenantId,
        name: r.name,
        eventType: r.eventType,
        trigger: r.trigger,
        streakDays: r.trigger === "STREAK" ? (r.streakDays ?? null) : null,
        campaignId: campaign.id,
      });
      await this.repo.audit(tx, admin, {
        action: "issuance_rule.create",
        targetId: row.id,
        details: {
          name: row.name,
          eventType: row.eventType,
          trigger: row.trigger,
          streakDays: row.streakDays,
          campaignId: row.campaignId,
        },
      });
      return row;
    });
    return { rule, errors: [] };
  }

  async setEnabled(viewer: Identity, input: SetIssuanceRuleEnabledInput): Promise<IssuanceRulePayload> {
    const admin = asAdmin(viewer);
    if (!admin || !isUuid(input.id)) return noSuchRule();
    const rule = await this.repo.transaction(async (tx) => {
      const row = await this.repo.setEnabled(tx, admin.tenantId, input.id, input.enabled);
      if (row) {
        await this.repo.audit(tx, admin, {
          action: input.enabled ? "issuance_rule.enable" : "issuance_rule.disable",
          targetId: row.id,
          details: { enabled: input.enabled },
        });
      }
      return row;
    });
    return rule ? { rule, errors: [] } : noSuchRule();
  }
}
