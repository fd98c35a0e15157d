// Risk control for tenant admins: rules, blacklist, decisions, the review
// queue and replay. Each resolver is one call into a risk service.
import type { BaseContext } from "@benefits-hub/platform";
import type { RiskListEntryRow } from "../data/risk-admin.repository";
import type { RiskDecisionRow, RiskRuleRow } from "../data/risk.repository";
import type { RiskServices } from "../domain/risk";
import type {
  AddRiskListEntryInput,
  CreateRiskRuleInput,
  UpdateRiskRuleInput,
} from "../domain/risk/risk-admin.service";
import type { ReplayResult, ReplayRiskRuleInput } from "../domain/risk/replay";
import type { ReviewInput, RiskDecisionFilterInput } from "../domain/risk/review.service";
import type { RiskSubject } from "../domain/risk/risk-rules";
import { keyedMutation, type MutationKeys } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

/** What risk's resolvers need of the entitlements context. */
export interface RiskContext extends BaseContext {
  services: RiskServices;
  mutationKeys: MutationKeys;
}
type Ctx = RiskContext;
type Page = { first?: number | null; after?: string | null };

const iso = (date: Date | null) => date?.toISOString() ?? null;
const jsonObject = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

export const riskResolvers = {
  Query: {
    riskRules: (_: unknown, __: unknown, ctx: Ctx) => ctx.services.riskAdmin.rules(ctx.viewer),
    riskListEntries: (_: unknown, args: Page & { subject?: RiskSubject | null }, ctx: Ctx) =>
      ctx.services.riskAdmin.listEntries(ctx.viewer, args),
    riskDecisions: (_: unknown, args: Page & { filter?: RiskDecisionFilterInput | null }, ctx: Ctx) =>
      ctx.services.riskReview.search(ctx.viewer, args),
    riskDecision: (_: unknown, { id }: { id: string }, ctx: Ctx) => ctx.services.riskReview.decision(ctx.viewer, id),
    reviewQueue: (_: unknown, args: Page, ctx: Ctx) => ctx.services.riskReview.queue(ctx.viewer, args),
    replayRiskRule: (_: unknown, { input }: { input: ReplayRiskRuleInput }, ctx: Ctx) =>
      ctx.services.riskReplay.replay(ctx.viewer, input),
  },
  Mutation: {
    createRiskRule: keyedMutation(shapes.riskRule, ({ input }: { input: CreateRiskRuleInput }, ctx: Ctx) =>
      ctx.services.riskAdmin.createRule(ctx.viewer, input),
    ),
    updateRiskRule: keyedMutation(shapes.riskRule, ({ input }: { input: UpdateRiskRuleInput }, ctx: Ctx) =>
      ctx.services.riskAdmin.updateRule(ctx.viewer, input),
    ),
    deleteRiskRule: keyedMutation(shapes.deletedRiskRule, ({ id }: { id: string }, ctx: Ctx) =>
      ctx.services.riskAdmin.deleteRule(ctx.viewer, id),
    ),
    addRiskListEntry: keyedMutation(shapes.riskListEntry, ({ input }: { input: AddRiskListEntryInput }, ctx: Ctx) =>
      ctx.services.riskAdmin.addEntry(ctx.viewer, input),
    ),
    removeRiskListEntry: keyedMutation(shapes.removedRiskListEntry, ({ id }: { id: string }, ctx: Ctx) =>
      ctx.services.riskAdmin.removeEntry(ctx.viewer, id),
    ),
    reviewRiskDecision: keyedMutation(shapes.review, ({ input }: { input: ReviewInput }, ctx: Ctx) =>
      ctx.services.riskReview.review(ctx.viewer, input),
    ),
  },
  RiskRule: {
    config: (r: RiskRuleRow) => jsonObject(r.config),
    createdAt: (r: RiskRuleRow) => r.createdAt.toISOString(),
    updatedAt: (r: RiskRuleRow) => r.updatedAt.toISOString(),
  },
  RiskListEntry: {
    createdAt: (e: RiskListEntryRow) => e.createdAt.toISOString(),
  },
  RiskDecision: {
    member: (d: RiskDecisionRow) => ({ __typename: "Member", id: d.memberId }),
    firedRules: (d: RiskDecisionRow) => (Array.isArray(d.firedRules) ? d.firedRules : []),
    request: (d: RiskDecisionRow) => (d.request === null ? null : JSON.stringify(d.request)),
    reviewedAt: (d: RiskDecisionRow) => iso(d.reviewedAt),
    createdAt: (d: RiskDecisionRow) => d.createdAt.toISOString(),
  },
  RiskReplay: {
    since: (r: ReplayResult) => r.since.toISOString(),
    until: (r: ReplayResult) => r.until.toISOString(),
  },
};
