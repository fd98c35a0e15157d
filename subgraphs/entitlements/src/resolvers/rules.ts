// Rule-triggered issuance: ingestEvent for partners and services, issuance
// rules and ingested events for tenant admins. Each resolver is one call
// into a rules service.
import DataLoader from "dataloader";
import type { BaseContext } from "@benefits-hub/platform";
import { byKey } from "@benefits-hub/platform/server/loaders";
import type { Campaign } from "@benefits-hub/platform/db/client";
import type { IngestedEventRow, IssuanceRuleRow } from "../data/rules.repository";
import type { RulesServices } from "../domain/rules";
import type { IngestEventInput } from "../domain/rules/ingest-input";
import type { CreateIssuanceRuleInput, SetIssuanceRuleEnabledInput } from "../domain/rules/rules-admin.service";
import { JSONObject } from "./json-object";
import { keyedMutation, type MutationKeys } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

/** What the rules resolvers need of the entitlements context. */
export interface RulesContext extends BaseContext {
  services: RulesServices;
  mutationKeys: MutationKeys;
}
type Ctx = RulesContext;

/** One campaign loader per request (the context object is the request's). */
const campaignLoaders = new WeakMap<object, DataLoader<string, Campaign | null>>();
function campaignLoader(ctx: Ctx): DataLoader<string, Campaign | null> {
  let loader = campaignLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => byKey(ids, await ctx.services.rulesAdmin.campaignsByIds(ids), (c) => c.id));
    campaignLoaders.set(ctx, loader);
  }
  return loader;
}

export const rulesResolvers = {
  JSONObject,
  Query: {
    issuanceRules: (_: unknown, __: unknown, ctx: Ctx) => ctx.services.rulesAdmin.rules(ctx.viewer),
    ingestedEvents: (_: unknown, args: { memberId: string; first?: number | null }, ctx: Ctx) =>
      ctx.services.rulesAdmin.events(ctx.viewer, args.memberId, args.first),
  },
  Mutation: {
    ingestEvent: keyedMutation(shapes.ingest, ({ input }: { input: IngestEventInput }, ctx: Ctx) =>
      ctx.services.ingest.ingest(ctx.viewer, input),
    ),
    createIssuanceRule: keyedMutation(shapes.issuanceRule, ({ input }: { input: CreateIssuanceRuleInput }, ctx: Ctx) =>
      ctx.services.rulesAdmin.create(ctx.viewer, input),
    ),
    setIssuanceRuleEnabled: keyedMutation(
      shapes.issuanceRule,
      ({ input }: { input: SetIssuanceRuleEnabledInput }, ctx: Ctx) =>
        ctx.services.rulesAdmin.setEnabled(ctx.viewer, input),
    ),
  },
  IssuanceRule: {
    campaign: (r: IssuanceRuleRow, _: unknown, ctx: Ctx) => campaignLoader(ctx).load(r.campaignId),
    createdAt: (r: IssuanceRuleRow) => r.createdAt.toISOString(),
  },
  IngestedEvent: {
    member: (e: IngestedEventRow) => ({ __typename: "Member", id: e.memberId }),
    occurredAt: (e: IngestedEventRow) => e.occurredAt.toISOString(),
    receivedAt: (e: IngestedEventRow) => e.receivedAt.toISOString(),
    data: (e: IngestedEventRow) =>
      typeof e.data === "object" && e.data !== null && !Array.isArray(e.data) ? e.data : {},
  },
};
