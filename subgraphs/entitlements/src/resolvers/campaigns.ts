// Campaigns, claims and grants: thin resolvers over the issuance services.
import type { CampaignItem, CampaignState, GrantJob } from "@benefits-hub/platform/db/client";
import type { EntitlementsContext } from "../context";
import type { CampaignRow } from "../data/campaign.repository";
import {
  effectiveState,
  parseAudience,
  remainingFor,
  stockLeft,
  type Transition,
} from "../domain/campaigns/campaign-rules";
import type { ClaimInput } from "../domain/issuance/claim.service";
import { keyedMutation } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

type Ctx = EntitlementsContext;

export const campaignResolvers = {
  Query: {
    campaigns: (_: unknown, a: { states?: CampaignState[] | null; first?: number | null }, ctx: Ctx) =>
      ctx.services.campaigns.list(ctx.viewer, a.states ?? null, a.first ?? 50),
    campaign: (_: unknown, a: { id: string }, ctx: Ctx) => ctx.services.campaigns.byId(ctx.viewer, a.id),
    grantJob: (_: unknown, a: { id: string }, ctx: Ctx) => ctx.services.grants.job(ctx.viewer, a.id),
    claimableCampaigns: (_: unknown, __: unknown, ctx: Ctx) => ctx.services.claims.claimable(ctx.viewer),
  },
  Mutation: {
    createCampaign: keyedMutation(shapes.campaign, (a: { input: unknown }, ctx: Ctx) =>
      ctx.services.campaigns.create(ctx.viewer, a.input),
    ),
    updateCampaign: keyedMutation(shapes.campaign, (a: { input: unknown }, ctx: Ctx) =>
      ctx.services.campaigns.update(ctx.viewer, a.input),
    ),
    transitionCampaign: keyedMutation(shapes.campaign, (a: { id: string; transition: Transition }, ctx: Ctx) =>
      ctx.services.campaigns.transition(ctx.viewer, a.id, a.transition),
    ),
    grantCampaign: (_: unknown, a: { input: unknown }, ctx: Ctx) => ctx.services.grants.start(ctx.viewer, a.input),
    claimCampaign: (_: unknown, a: { input: ClaimInput }, ctx: Ctx) => ctx.services.claims.claim(ctx.viewer, a.input),
  },
  Campaign: {
    __resolveReference: ({ id }: { id: string }, ctx: Ctx) => ctx.services.campaigns.byId(ctx.viewer, id),
    state: (c: CampaignRow) => effectiveState(c),
    audience: (c: CampaignRow) => parseAudience(c.audience),
    startsAt: (c: CampaignRow) => c.startsAt.toISOString(),
    endsAt: (c: CampaignRow) => c.endsAt?.toISOString() ?? null,
    remaining: (c: CampaignRow) => stockLeft(c),
    claimedByMe: (c: CampaignRow, _: unknown, ctx: Ctx) => ctx.loaders.viewerQuotaUsed.load(c.id),
    remainingForMe: async (c: CampaignRow, _: unknown, ctx: Ctx) =>
      remainingFor(c, await ctx.loaders.viewerQuotaUsed.load(c.id)),
    budgetOrgUnit: (c: CampaignRow) => ({ __typename: "OrgUnit", id: c.budgetOrgUnitId }),
    createdAt: (c: CampaignRow) => c.createdAt.toISOString(),
    items: (c: CampaignRow & { items?: CampaignItem[] }, _: unknown, ctx: Ctx) =>
      c.items?.length ? c.items : ctx.loaders.campaignItems.load(c.id),
    variants: async (c: CampaignRow & { items?: CampaignItem[] }, _: unknown, ctx: Ctx) => {
      const items = c.items?.length ? c.items : await ctx.loaders.campaignItems.load(c.id);
      return [...new Set(items.flatMap((i) => (i.variant ? [i.variant] : [])))].sort();
    },
  },
  CampaignItem: {
    sku: (i: CampaignItem) => ({ __typename: "Sku", id: i.skuId }),
    benefit: (i: CampaignItem) => ({ __typename: "Benefit", id: i.benefitId }),
  },
  GrantJob: {
    campaign: (j: GrantJob, _: unknown, ctx: Ctx) => ctx.services.campaigns.byId(ctx.viewer, j.campaignId),
    failures: (j: GrantJob) =>
      Object.entries((j.failures ?? {}) as Record<string, number>).map(([code, count]) => ({ code, count })),
    createdAt: (j: GrantJob) => j.createdAt.toISOString(),
    finishedAt: (j: GrantJob) => j.finishedAt?.toISOString() ?? null,
  },
};
