// Campaigns and issuance (claims, grants, recovery), built once per process.
import { TenantIdsClient } from "@benefits-hub/platform/tenant-ids";
import type { EntitlementsDeps } from "../../context";
import { AudienceClient } from "../../clients/audience.client";
import { GraphClient } from "../../clients/graph.client";
import { MembersClient } from "../../clients/members.client";
import { CampaignRepository } from "../../data/campaign.repository";
import { IssuanceRepository } from "../../data/issuance.repository";
import { CampaignService } from "../campaigns/campaign.service";
import { RiskGate } from "../risk-gate";
import type { RiskService } from "../risk/risk.service";
import { ClaimService } from "./claim.service";
import { GrantService } from "./grant.service";
import { IssuanceRecovery } from "./issuance-recovery";
import { IssuanceService } from "./issuance.service";

export interface IssuanceServices {
  campaigns: CampaignService;
  campaignRepository: CampaignRepository;
  issuance: IssuanceService;
  claims: ClaimService;
  grants: GrantService;
  issuanceRecovery: IssuanceRecovery;
}

export interface IssuanceOptions {
  membershipGraphqlUrl: string;
  internalSecret: string;
  /** An issuance pending this long is resumed by recovery (default 30 s). */
  issuanceStaleMs?: number;
}

export function createIssuanceServices(
  deps: EntitlementsDeps,
  risk: RiskService,
  o: IssuanceOptions,
): IssuanceServices {
  const campaignRepository = new CampaignRepository(deps.db);
  const issuances = new IssuanceRepository(deps.db, deps.events);
  const issuance = new IssuanceService(
    campaignRepository,
    issuances,
    deps.entitlements,
    deps.budget,
    // The member's facts for the creating event are asked beside the budget reservation, under the same load
    // (a flash sale's winners at once): as patient as the budget's client, not the 3 s of an eligibility check.
    new AudienceClient(o.membershipGraphqlUrl, o.internalSecret, 15_000),
    deps.codes,
    deps.pubsub,
    deps.log,
  );
  const claims = new ClaimService(campaignRepository, issuance, deps.audience, new RiskGate(risk));
  risk.setApprovalHandler("CLAIM", async (decision) => {
    const result = await claims.approved(decision);
    return result.entitlement ? { ok: true } : { ok: false, message: result.errors[0]?.message };
  });
  const members = new MembersClient(new GraphClient("membership", o.membershipGraphqlUrl, o.internalSecret));
  const tenantIds = new TenantIdsClient(o.membershipGraphqlUrl, o.internalSecret, "entitlements");
  return {
    campaigns: new CampaignService(campaignRepository, deps.catalog, tenantIds),
    campaignRepository,
    issuance,
    claims,
    grants: new GrantService(deps.db, campaignRepository, issuance, members, deps.audience, deps.log, tenantIds),
    issuanceRecovery: new IssuanceRecovery(issuances, campaignRepository, issuance, deps.log, o.issuanceStaleMs),
  };
}
