// Campaigns: tenant admins manage them; members claim and see what they can claim.
import { allow, isMember, isTenantAdmin } from "@benefits-hub/platform";

export const campaignPermissions = {
  Query: {
    campaigns: isTenantAdmin,
    campaign: isMember,
    grantJob: isTenantAdmin,
    claimableCampaigns: isMember,
  },
  Mutation: {
    createCampaign: isTenantAdmin,
    updateCampaign: isTenantAdmin,
    transitionCampaign: isTenantAdmin,
    grantCampaign: isTenantAdmin,
    claimCampaign: isMember,
  },
  Campaign: { "*": allow, audience: isTenantAdmin },
  CampaignAudience: allow,
  CampaignItem: allow,
  CampaignPayload: allow,
  GrantJob: allow,
  GrantPayload: allow,
  GrantFailureCount: allow,
  ClaimPayload: allow,
};
