// Ingesting an external system's event ("first order", "daily check-in"):
// recorded once per (tenant, eventId), then the tenant's enabled rules for
// its type are evaluated and their awards issued through the issuance saga.
// A duplicate changes nothing new: it re-runs the evaluation, and issue() is
// idempotent by key, so an award lost to a crash after the event was recorded
// is issued by the retry, and nothing is issued twice.
import type { Identity, Logger } from "@benefits-hub/platform";
import type { Entitlement } from "@benefits-hub/platform/db/client";
import type { MemberFacts } from "../../clients/audience.client";
import { UnavailableError } from "../../clients/graph.client";
import type { CampaignWithItems } from "../../data/campaign.repository";
import type { IngestedEventRow, IssuanceRuleRow, RulesRepository } from "../../data/rules.repository";
import { inAudience, parseAudience } from "../campaigns/campaign-rules";
import { canonicalJson } from "../event-chain";
import type { FactsChannel } from "../facts/entitlement-facts";
import { isUuid } from "../ids";
import type { IssueRequest, IssueResult } from "../issuance/issuance.service";
import { validateEvent, type IngestEventInput, type ValidEvent } from "./ingest-input";
import { ruleError, type RuleError } from "./rule-errors";
import type { RuleEvaluator } from "./rule-evaluator";

/** What ingest needs of the issuance saga and of campaigns. */
export interface RuleIssuer {
  issue(req: IssueRequest, campaign?: CampaignWithItems | null): Promise<IssueResult>;
}
export interface RuleCampaigns {
  withItems(tenantId: string, id: string): Promise<CampaignWithItems | null>;
}
export interface RuleAudience {
  factsOf(tenantId: string, memberId: string): Promise<MemberFacts | null>;
}

/** A rule that fired but could not issue (sold out, the member's limit, the budget...). */
export interface RuleFailure {
  ruleId: string;
  code: string;
  message: string;
}

export interface IngestPayload {
  accepted: boolean;
  duplicate: boolean;
  issued: Entitlement[];
  failures: RuleFailure[];
  errors: RuleError[];
}

const refused = (error: RuleError): IngestPayload => ({
  accepted: false,
  duplicate: false,
  issued: [],
  failures: [],
  errors: [error],
});

export class IngestService {
  constructor(
    private readonly repo: RulesRepository,
    private readonly evaluator: RuleEvaluator,
    private readonly audience: RuleAudience,
    private readonly campaigns: RuleCampaigns,
    private readonly issuer: RuleIssuer,
    private readonly log: Logger,
  ) {}

  async ingest(viewer: Identity, input: IngestEventInput): Promise<IngestPayload> {
    const tenantId = tenantOf(viewer, input.tenantId);
    if (typeof tenantId !== "string") return refused(tenantId);
    const valid = validateEvent(input);
    if ("code" in valid) return refused(valid);
    let facts: MemberFacts | null;
    try {
      facts = await this.audience.factsOf(tenantId, valid.memberId);
    } catch (error) {
      if (!(error instanceof UnavailableError)) throw error;
      return refused(ruleError("UNAVAILABLE", "Membership did not answer; nothing was recorded, retry"));
    }
    if (!facts) return refused(ruleError("NOT_FOUND", "No such member", "memberId"));
    const { inserted, event } = await this.repo.insertEvent({ tenantId, ...valid });
    if (!inserted && !sameEvent(event, valid)) {
      return refused(ruleError("IDEMPOTENCY_CONFLICT", "This eventId was used for a different event", "eventId"));
    }
    // A partner's event issues under PARTNER (its own channel in analytics), a service's under RULE.
    const channel = viewer.kind === "partner" ? "PARTNER" : "RULE";
    const { issued, failures } = await this.evaluate(event, facts, channel);
    return { accepted: inserted, duplicate: !inserted, issued, failures, errors: [] };
  }

  /** Every enabled rule of the event's type: what it awards, issued (idempotently) under its key. */
  private async evaluate(event: IngestedEventRow, facts: MemberFacts, channel: FactsChannel) {
    const issued = new Map<string, Entitlement>();
    const failures: RuleFailure[] = [];
    for (const rule of await this.repo.enabledRulesFor(event.tenantId, event.type)) {
      const keys = await this.evaluator.keysFor(rule, event);
      if (keys.length === 0) continue;
      const campaign = await this.campaigns.withItems(event.tenantId, rule.campaignId);
      if (!campaign) {
        failures.push({ ruleId: rule.id, code: "NOT_FOUND", message: "The rule's campaign is gone" });
        continue;
      }
      if (!inAudience(parseAudience(campaign.audience), event.memberId, facts)) {
        failures.push({
          ruleId: rule.id,
          code: "NOT_ELIGIBLE",
          message: "The member is not in the campaign's audience",
        });
        continue;
      }
      for (const key of keys) {
        const result = await this.issue(rule, event, key, campaign, { channel, memberFacts: facts });
        if (result.entitlement) issued.set(result.entitlement.id, result.entitlement);
        for (const e of result.errors) failures.push({ ruleId: rule.id, code: String(e.code), message: e.message });
      }
    }
    return { issued: [...issued.values()], failures };
  }

  private async issue(
    rule: IssuanceRuleRow,
    event: IngestedEventRow,
    idempotencyKey: string,
    campaign: CampaignWithItems,
    how: Pick<IssueRequest, "channel" | "memberFacts">,
  ): Promise<IssueResult> {
    const request: IssueRequest = {
      ...how,
      tenantId: event.tenantId,
      campaignId: rule.campaignId,
      memberId: event.memberId,
      idempotencyKey,
      initialState: "ISSUED",
      channels: ["RULE"],
    };
    try {
      return await this.issuer.issue(request, campaign);
    } catch (error) {
      // The event stays recorded: a retry of it evaluates again and finishes the award.
      this.log.warn(
        { ruleId: rule.id, eventId: event.eventId, err: String(error) },
        "rule award failed; a retry heals",
      );
      return { entitlement: null, errors: [{ code: "UNAVAILABLE", message: "Issuing failed; retry the event" }] };
    }
  }
}

/** The tenant an event is for: a partner's key's tenant, or the one a service names. */
function tenantOf(viewer: Identity, named: string | null | undefined): string | RuleError {
  if (viewer.kind === "partner") {
    return named && named !== viewer.tenantId ? ruleError("NOT_FOUND", "No such tenant", "tenantId") : viewer.tenantId;
  }
  if (viewer.kind === "service") {
    return named && isUuid(named) ? named : ruleError("INVALID_INPUT", "A service names the tenant", "tenantId");
  }
  return ruleError("NOT_FOUND", "No such tenant", "tenantId");
}

/** A retry must describe the same event as the one recorded under its eventId. */
const sameEvent = (stored: IngestedEventRow, e: ValidEvent) =>
  stored.memberId === e.memberId &&
  stored.type === e.type &&
  stored.occurredAt.getTime() === e.occurredAt.getTime() &&
  canonicalJson(stored.data) === canonicalJson(e.data);
