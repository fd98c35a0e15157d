// A member claims from a live CLAIM campaign (flash sales too): audience,
// risk control, then the issuance saga. Idempotent per (member, key).
import { randomUUID } from "node:crypto";
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import { currentOrigin } from "@benefits-hub/platform/server/request-origin";
import type { AudienceClient } from "../../clients/audience.client";
import { UnavailableError } from "../../clients/graph.client";
import type { CampaignRepository, CampaignWithItems } from "../../data/campaign.repository";
import { effectiveState, inAudience, needsFacts, parseAudience } from "../campaigns/campaign-rules";
import { isUuid } from "../ids";
import { isUsableKey, MAX_KEY_LENGTH } from "@benefits-hub/platform/idempotency";
import type { RiskGate } from "../risk-gate";
import { Admission } from "./admission";
import { CampaignCache } from "./campaign-cache";
import { issuanceError } from "./issuance-errors";
import type { IssuanceService, IssueRequest, IssueResult } from "./issuance.service";

export interface ClaimInput {
  campaignId: string;
  idempotencyKey?: string | null;
  risk?: { deviceId?: string | null } | null;
}

export class ClaimService {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly issuance: IssuanceService,
    private readonly audience: AudienceClient,
    private readonly risk: RiskGate,
    private readonly admission = new Admission(),
    private readonly cache = new CampaignCache(campaigns),
  ) {}

  async claim(viewer: Identity, input: ClaimInput): Promise<IssueResult> {
    if (viewer.kind !== "member" || !isUuid(input.campaignId)) return refused("NOT_FOUND");
    if (input.idempotencyKey != null && !isUsableKey(input.idempotencyKey)) {
      return refused("INVALID_INPUT", {
        field: "idempotencyKey",
        message: `1 to ${MAX_KEY_LENGTH} printable characters`,
      });
    }
    const req: IssueRequest = {
      tenantId: viewer.tenantId,
      campaignId: input.campaignId,
      memberId: viewer.memberId,
      idempotencyKey: `claim:${viewer.memberId}:${input.idempotencyKey ?? randomUUID()}`,
      initialState: "CLAIMED",
      channels: ["CLAIM"],
    };
    const earlier = await this.issuance.byKey(req.tenantId, req.idempotencyKey, req.campaignId, req.memberId);
    if (earlier) return earlier;
    const campaign = await this.cache.get(viewer.tenantId, input.campaignId);
    if (!campaign || campaign.channel !== "CLAIM") return refused("NOT_FOUND");
    if (effectiveState(campaign) !== "LIVE") return this.issuance.refuse(req, issuanceError("CAMPAIGN_NOT_LIVE"));
    if (campaign.totalLimit !== null && campaign.issuedCount >= campaign.totalLimit) {
      // Stock never comes back during a sale but by revocation; the guarded hold decides in every other case.
      return this.issuance.refuse(req, issuanceError("SOLD_OUT"));
    }
    const eligible = await this.eligible(viewer, campaign);
    if (eligible !== true)
      return eligible === "unavailable"
        ? refused("UNAVAILABLE")
        : this.issuance.refuse(req, issuanceError("NOT_ELIGIBLE"));
    const verdict = await this.risk.check({
      tenantId: viewer.tenantId,
      memberId: viewer.memberId,
      action: "CLAIM",
      deviceId: input.risk?.deviceId ?? null,
      ip: currentOrigin()?.ip ?? null,
      campaignId: campaign.id,
      request: { campaignId: campaign.id, idempotencyKey: req.idempotencyKey },
    });
    if (verdict.error) return this.issuance.refuse(req, verdict.error);
    const admitted = await this.admission.run(async () => {
      // Waiting may have outlasted the stock: a sold-out sale answers from one read.
      const now = await this.campaigns.stockOf(campaign.id);
      if (now && now.totalLimit !== null && now.issuedCount >= now.totalLimit) {
        return this.issuance.refuse(req, issuanceError("SOLD_OUT"));
      }
      return this.issuance.issueNew({ ...req, riskDecisionId: verdict.decisionId }, campaign);
    });
    return admitted ?? refused("UNAVAILABLE", { message: "Too many claims at once; retry in a moment" });
  }

  /** Carries out a claim held for review, once an admin approved it (the approval's decision id is its key). */
  approved(decision: { id: string; tenantId: string; memberId: string; request: Record<string, unknown> }) {
    const campaignId = String(decision.request.campaignId ?? "");
    const key = String(decision.request.idempotencyKey ?? `review:${decision.id}`);
    return this.issuance.issue({
      tenantId: decision.tenantId,
      campaignId,
      memberId: decision.memberId,
      // The refused attempt used the member's key; the approved one is its own issuance.
      idempotencyKey: `${key}:approved:${decision.id}`,
      initialState: "CLAIMED",
      channels: ["CLAIM"],
      riskDecisionId: decision.id,
    });
  }

  /** Open CLAIM campaigns the member is in the audience of. */
  async claimable(viewer: Identity): Promise<CampaignWithItems[]> {
    if (viewer.kind !== "member") return [];
    const open = await this.campaigns.openForClaims(viewer.tenantId, new Date());
    const result: CampaignWithItems[] = [];
    for (const c of open) {
      const full = { ...c, items: [] };
      if ((await this.eligible(viewer, full).catch(() => false)) === true) result.push(full);
    }
    return result;
  }

  private async eligible(viewer: MemberIdentity, campaign: CampaignWithItems | (CampaignWithItems & { items: [] })) {
    const audience = parseAudience(campaign.audience);
    if (!needsFacts(audience, viewer.memberId)) return inAudience(audience, viewer.memberId, null);
    try {
      const facts = await this.audience.factsOf(viewer.tenantId, viewer.memberId);
      return inAudience(audience, viewer.memberId, facts);
    } catch (error) {
      if (error instanceof UnavailableError) return "unavailable" as const;
      throw error;
    }
  }
}

const refused = (code: string, extra = {}): IssueResult => ({
  entitlement: null,
  errors: [issuanceError(code, extra)],
});
