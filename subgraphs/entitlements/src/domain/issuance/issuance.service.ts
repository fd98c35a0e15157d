// Issuing a campaign's entitlement to a member: the resumable saga of
// docs/entitlements.md ("Issuance"). Hold stock and quota, reserve budget,
// complete (or give back). Used by claims, grants and issuance rules.
import { randomUUID } from "node:crypto";
import { ENTITLEMENTS_OUTBOX_TOPIC, type HubPubSub, type Logger } from "@benefits-hub/platform";
import type { CampaignChannel, Entitlement, EntitlementState } from "@benefits-hub/platform/db/client";
import type { AudienceClient, MemberFacts } from "../../clients/audience.client";
import type { BudgetClient } from "../../clients/budget.client";
import { UnavailableError } from "../../clients/graph.client";
import type { CampaignRepository, CampaignWithItems } from "../../data/campaign.repository";
import type { HoldRequest, IssuanceRepository, IssuanceRow } from "../../data/issuance.repository";
import type { EntitlementRepository } from "../../data/entitlement.repository";
import { expiryOf, variantFor, type Validity } from "../campaigns/campaign-rules";
import { asFactsChannel, channelOfCampaign, factsOf, type FactsChannel } from "../facts/entitlement-facts";
import { requestHash } from "../idempotency";
import type { RedemptionCodes } from "../redemption-code";
import { issuanceError, type IssuanceError } from "./issuance-errors";

export interface IssueRequest {
  tenantId: string;
  campaignId: string;
  memberId: string;
  /** Unique per tenant, e.g. `claim:<member>:<client key>`, `grant:<job>:<member>`, `rule:<rule>:<event>`. */
  idempotencyKey: string;
  initialState: Extract<EntitlementState, "ISSUED" | "CLAIMED">;
  /** Campaign channels this path may issue from. */
  channels: CampaignChannel[];
  riskDecisionId?: string | null;
  /** The channel of the creating event's facts when it is not the campaign's (a partner's event: PARTNER). */
  channel?: FactsChannel;
  /** The member's audience facts when the caller already asked membership (else issuance asks). */
  memberFacts?: MemberFacts | null;
}

export type IssueResult = { entitlement: Entitlement | null; errors: IssuanceError[] };

export interface IssuanceOptions {
  /** How long a request waits for a pending issuance with its key before answering IN_PROGRESS. */
  waitMs?: number;
}

export class IssuanceService {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly issuances: IssuanceRepository,
    private readonly entitlements: EntitlementRepository,
    private readonly budget: BudgetClient,
    private readonly audience: Pick<AudienceClient, "factsOf">,
    private readonly codes: RedemptionCodes,
    private readonly pubsub: HubPubSub,
    private readonly log: Logger,
    private readonly options: IssuanceOptions = {},
  ) {}

  async issue(req: IssueRequest, campaign?: CampaignWithItems | null): Promise<IssueResult> {
    const existing = await this.issuances.findByKey(req.tenantId, req.idempotencyKey);
    if (existing)
      return this.answerFor(existing, requestHash("issue", { campaignId: req.campaignId, memberId: req.memberId }));
    return this.issueNew(req, campaign);
  }

  /**
   * `issue` for a caller that has just looked the key up itself (a claim does,
   * before asking risk control). A key that appeared meanwhile is still
   * answered with its first result: the hold's insert finds it.
   */
  async issueNew(req: IssueRequest, campaign?: CampaignWithItems | null): Promise<IssueResult> {
    const hash = requestHash("issue", { campaignId: req.campaignId, memberId: req.memberId });
    const c = campaign ?? (await this.campaigns.withItems(req.tenantId, req.campaignId));
    if (!c || !req.channels.includes(c.channel)) return fail("NOT_FOUND");
    const plan = planFor(c, req.memberId);
    if (!plan) return fail("INVALID_INPUT", { message: "The campaign has no item for this member's variant" });
    const hold: HoldRequest = {
      tenantId: req.tenantId,
      campaignId: c.id,
      memberId: req.memberId,
      idempotencyKey: req.idempotencyKey,
      requestHash: hash,
      amountFen: plan.amountFen,
      variant: plan.variant,
      perMemberLimit: c.perMemberLimit,
      riskDecisionId: req.riskDecisionId,
      channel: req.channel ?? null,
    };
    const held = await this.issuances.hold(hold);
    if ("existing" in held) return this.answerFor(held.existing, hash);
    if ("refused" in held) {
      const row = await this.issuances.recordRefusal(hold, held.refused);
      return this.answerFor(row, hash);
    }
    return this.advance(held.held, c, req.initialState, req.memberFacts);
  }

  /** Records a refusal decided before holding (eligibility, risk), so a retry with the key answers the same. */
  async refuse(req: IssueRequest, error: IssuanceError): Promise<IssueResult> {
    const hash = requestHash("issue", { campaignId: req.campaignId, memberId: req.memberId });
    await this.issuances.recordRefusal(
      {
        tenantId: req.tenantId,
        campaignId: req.campaignId,
        memberId: req.memberId,
        idempotencyKey: req.idempotencyKey,
        requestHash: hash,
        amountFen: 0,
        variant: null,
        perMemberLimit: 1,
        riskDecisionId: error.riskDecisionId ?? req.riskDecisionId,
      },
      error.code,
    );
    return { entitlement: null, errors: [error] };
  }

  /** The result of an existing issuance with the key (waiting a while if it is still pending). */
  async byKey(tenantId: string, key: string, campaignId: string, memberId: string): Promise<IssueResult | null> {
    const row = await this.issuances.findByKey(tenantId, key);
    return row ? this.answerFor(row, requestHash("issue", { campaignId, memberId })) : null;
  }

  /**
   * Steps 2 and 3 for a held issuance; also what recovery runs for a stale one.
   * The member's org unit and tier (for the event's facts) are asked while the
   * budget is reserved, unless the caller knows them.
   */
  async advance(
    issuance: IssuanceRow,
    campaign: CampaignWithItems,
    initialState: IssueRequest["initialState"],
    knownMember?: MemberFacts | null,
  ) {
    const member =
      knownMember !== undefined
        ? Promise.resolve(knownMember)
        : // Only the unit and tier go into the facts: membership need not evaluate segments.
          this.audience.factsOf(issuance.tenantId, issuance.memberId, { segments: false });
    member.catch(() => {}); // awaited below; an early return must not leave it unhandled
    let reservationId: string | null = null;
    if (issuance.amountFen > 0) {
      let reserved;
      try {
        reserved = await this.budget.reserve({
          tenantId: issuance.tenantId,
          orgUnitId: campaign.budgetOrgUnitId,
          period: campaign.budgetPeriod,
          amountFen: issuance.amountFen,
          idempotencyKey: `entitlements:issuance:${issuance.id}`,
          reference: `entitlements:campaign:${campaign.id}`,
        });
      } catch (error) {
        if (!(error instanceof UnavailableError)) throw error;
        // The reservation may or may not exist: the issuance stays pending and recovery finishes it.
        this.log.warn({ issuanceId: issuance.id, reason: error.message }, "budget reservation pending; will resume");
        return fail("IN_PROGRESS");
      }
      if (!reserved.ok) {
        await this.issuances.fail(issuance, reserved.code);
        return fail(reserved.code);
      }
      reservationId = reserved.reservationId;
    }
    let memberFacts: MemberFacts | null;
    try {
      memberFacts = await member;
    } catch (error) {
      if (!(error instanceof UnavailableError)) throw error;
      // The reservation is kept (idempotent by the issuance): recovery finishes it once membership answers.
      this.log.warn({ issuanceId: issuance.id, reason: error.message }, "member facts pending; will resume");
      return fail("IN_PROGRESS");
    }
    const hasVariants = campaign.items.some((i) => i.variant !== null);
    const stored = hasVariants ? (await this.issuances.variantOf(campaign.id, issuance.memberId))?.variant : null;
    const plan = planFor(campaign, issuance.memberId, stored);
    if (!plan) {
      await this.issuances.fail(issuance, "INVALID_INPUT");
      return fail("INVALID_INPUT");
    }
    const id = randomUUID();
    const now = new Date();
    const claimedAt = initialState === "CLAIMED" ? now : null;
    const item = plan.item;
    const isPack = campaign.kind === "PACK";
    const fulfilmentKind = isPack ? "PACK" : item.fulfilmentKind;
    const facts = factsOf({
      channel: asFactsChannel(issuance.channel) ?? channelOfCampaign(campaign.channel),
      memberId: issuance.memberId,
      campaign,
      variant: plan.variant,
      // A pack is described by its first item (as its row is); it has no face value of its own: its options do.
      catalog: item,
      fulfilmentKind,
      member: memberFacts,
      costFen: issuance.amountFen,
      faceValueFen: isPack ? 0 : item.faceValueFen,
    });
    const entitlement = await this.issuances.complete(
      issuance,
      reservationId,
      {
        id,
        tenantId: issuance.tenantId,
        memberId: issuance.memberId,
        benefitId: item.benefitId,
        skuId: item.skuId,
        campaignId: campaign.id,
        campaignItemId: isPack ? null : item.id,
        variant: plan.variant,
        isPack,
        fulfilmentKind,
        state: initialState,
        costFen: issuance.amountFen,
        issuedAt: now,
        claimedAt,
        expiresAt: expiryOf(item.validity as unknown as Validity, claimedAt, campaign.endsAt),
        codeHash: this.codes.hashFor(id),
      },
      {
        type: initialState === "CLAIMED" ? "entitlement.claimed" : "entitlement.issued",
        payload: {
          memberId: issuance.memberId,
          campaignId: campaign.id,
          benefitId: item.benefitId,
          skuId: item.skuId,
          variant: plan.variant,
          costFen: issuance.amountFen,
          issuanceId: issuance.id,
          reservationId,
          facts,
        },
      },
    );
    if (!entitlement) {
      // Someone else (a retry or recovery) settled it meanwhile: answer with what they did.
      const settled = await this.issuances.findById(issuance.id);
      return settled ? this.answerFor(settled, issuance.requestHash) : fail("IN_PROGRESS");
    }
    this.pubsub.publish(ENTITLEMENTS_OUTBOX_TOPIC, { at: Date.now() }).catch((err: unknown) => {
      this.log.warn({ err: String(err) }, "outbox wake-up not published; consumers will poll");
    });
    return { entitlement, errors: [] };
  }

  private async answerFor(row: IssuanceRow, hash: string): Promise<IssueResult> {
    if (row.requestHash !== hash) return fail("IDEMPOTENCY_CONFLICT");
    const deadline = Date.now() + (this.options.waitMs ?? 10_000);
    let current: IssuanceRow | null = row;
    while (current && current.state === "PENDING" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      current = await this.issuances.findById(row.id);
    }
    if (!current || current.state === "PENDING") return fail("IN_PROGRESS");
    if (current.state === "FAILED") {
      return fail(current.failureCode ?? "UNAVAILABLE", { riskDecisionId: current.riskDecisionId });
    }
    const [entitlement] = await this.entitlements.findByIds([current.entitlementId!]);
    return { entitlement: entitlement ?? null, errors: [] };
  }
}

interface Plan {
  item: CampaignWithItems["items"][number];
  variant: string | null;
  amountFen: number;
}

/** What a member gets from a campaign: their variant's item (a pack: its first item stands for it). */
function planFor(c: CampaignWithItems, memberId: string, storedVariant?: string | null): Plan | null {
  const variants = [...new Set(c.items.flatMap((i) => (i.variant ? [i.variant] : [])))];
  const variant = storedVariant ?? variantFor(c.id, memberId, variants);
  const item = c.items.find((i) => (i.variant ?? null) === variant);
  if (!item) return null;
  return { item, variant, amountFen: c.kind === "PACK" ? (c.packAllowanceFen ?? 0) : item.costFen };
}

const fail = (code: string, extra: Partial<IssuanceError> = {}): IssueResult => ({
  entitlement: null,
  errors: [issuanceError(code, extra)],
});
