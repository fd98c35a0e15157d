// Campaign rules as pure functions: input validation, the effective state,
// audience matching, A/B variant assignment and an item's expiry.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { CampaignState } from "@benefits-hub/platform/db/client";
import type { MemberFacts } from "../../clients/audience.client";

export interface Audience {
  everyone: boolean;
  memberIds: string[];
  segmentIds: string[];
  orgUnitIds: string[];
}

const uuid = z.string().uuid();
const isoDate = z.string().datetime({ offset: true });

export const audienceSchema = z
  .object({
    everyone: z.boolean().nullish(),
    memberIds: z.array(uuid).max(10_000).nullish(),
    segmentIds: z.array(uuid).max(100).nullish(),
    orgUnitIds: z.array(uuid).max(100).nullish(),
  })
  .transform((a): Audience => ({
    everyone: a.everyone ?? false,
    memberIds: [...new Set(a.memberIds ?? [])],
    segmentIds: [...new Set(a.segmentIds ?? [])],
    orgUnitIds: [...new Set(a.orgUnitIds ?? [])],
  }))
  .refine((a) => a.everyone || a.memberIds.length + a.segmentIds.length + a.orgUnitIds.length > 0, {
    message: "name the audience: everyone, or members, segments or org units",
  });

const itemSchema = z.object({
  skuId: uuid,
  variant: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, "a variant is 1 to 20 letters, digits, _ or -")
    .nullish(),
  costFen: z.number().int().min(0).max(100_000_000).nullish(),
});

export const createCampaignSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(2000).nullish(),
    kind: z.enum(["SINGLE", "PACK"]).nullish(),
    channel: z.enum(["CLAIM", "GRANT", "RULE"]),
    audience: audienceSchema,
    startsAt: isoDate,
    endsAt: isoDate.nullish(),
    totalLimit: z.number().int().min(1).max(100_000_000).nullish(),
    perMemberLimit: z.number().int().min(1).max(1000).nullish(),
    budgetOrgUnitId: uuid,
    budgetPeriod: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a period is YYYY-MM")
      .nullish(),
    packChoose: z.number().int().min(1).max(50).nullish(),
    packAllowanceFen: z.number().int().min(0).max(100_000_000).nullish(),
    items: z.array(itemSchema).min(1).max(50),
  })
  .superRefine((c, ctx) => {
    if (c.endsAt && Date.parse(c.endsAt) <= Date.parse(c.startsAt)) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "endsAt must be after startsAt" });
    }
    const pack = c.kind === "PACK";
    if (pack && (c.packChoose == null || c.packAllowanceFen == null)) {
      ctx.addIssue({ code: "custom", path: ["packChoose"], message: "a pack needs packChoose and packAllowanceFen" });
    }
    if (pack && c.packChoose != null && c.packChoose > c.items.length) {
      ctx.addIssue({ code: "custom", path: ["packChoose"], message: "packChoose is more than the items offered" });
    }
    if (!pack && (c.packChoose != null || c.packAllowanceFen != null)) {
      ctx.addIssue({ code: "custom", path: ["packChoose"], message: "only a PACK campaign has packChoose" });
    }
    const variants = new Set(c.items.map((i) => i.variant ?? null));
    if (variants.has(null) && variants.size > 1) {
      ctx.addIssue({ code: "custom", path: ["items"], message: "either every item has a variant or none has" });
    }
  });

export type CreateCampaign = z.infer<typeof createCampaignSchema>;

export const updateCampaignSchema = z.object({
  id: uuid,
  name: z.string().trim().min(1).max(100).nullish(),
  description: z.string().max(2000).nullish(),
  audience: audienceSchema.nullish(),
  startsAt: isoDate.nullish(),
  endsAt: isoDate.nullish(),
  totalLimit: z.number().int().min(1).max(100_000_000).nullish(),
  perMemberLimit: z.number().int().min(1).max(1000).nullish(),
});

/** The first problem of a zod error, as an input error. */
export function firstProblem(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0]!;
  return { field: issue.path.join(".") || "input", message: issue.message };
}

export interface CampaignTiming {
  state: CampaignState;
  startsAt: Date;
  endsAt: Date | null;
}

/** The state as of `now`: a scheduled campaign whose start has passed is LIVE; one past its end, ENDED. */
export function effectiveState(c: CampaignTiming, now = new Date()): CampaignState {
  if (c.state === "DRAFT" || c.state === "ENDED") return c.state;
  if (c.endsAt && c.endsAt <= now) return "ENDED";
  if (c.state === "PAUSED") return "PAUSED";
  return c.startsAt <= now ? "LIVE" : "SCHEDULED";
}

export type Transition = "SCHEDULE" | "PAUSE" | "RESUME" | "END";

/** Stored states a transition starts from, and where it goes. */
export const TRANSITIONS: Record<Transition, { from: CampaignState[]; to: CampaignState }> = {
  SCHEDULE: { from: ["DRAFT"], to: "SCHEDULED" },
  PAUSE: { from: ["SCHEDULED", "LIVE"], to: "PAUSED" },
  RESUME: { from: ["PAUSED"], to: "SCHEDULED" },
  END: { from: ["DRAFT", "SCHEDULED", "LIVE", "PAUSED"], to: "ENDED" },
};

export function parseAudience(json: unknown): Audience {
  const parsed = audienceSchema.safeParse(json);
  return parsed.success ? parsed.data : { everyone: false, memberIds: [], segmentIds: [], orgUnitIds: [] };
}

/** Whether a member (with their facts; null when not needed) is in the audience. */
export function inAudience(audience: Audience, memberId: string, facts: MemberFacts | null): boolean {
  if (audience.everyone) return true;
  if (audience.memberIds.includes(memberId)) return true;
  if (!facts) return false;
  if (audience.segmentIds.some((s) => facts.segmentIds.includes(s))) return true;
  return audience.orgUnitIds.some((u) => facts.orgUnitPath.includes(u));
}

/** Whether matching needs the member's segments and org path (everyone or a listed member does not). */
export const needsFacts = (audience: Audience, memberId: string) =>
  !audience.everyone && !audience.memberIds.includes(memberId);

/** A member's A/B variant: stable for (campaign, member), spread evenly over the variants. */
export function variantFor(campaignId: string, memberId: string, variants: readonly string[]): string | null {
  if (variants.length === 0) return null;
  const digest = createHash("sha256").update(`${campaignId}:${memberId}`).digest();
  return [...variants].sort()[digest.readUInt32BE(0) % variants.length]!;
}

export interface Validity {
  kind: string;
  validFrom?: string | null;
  validUntil?: string | null;
  validDays?: number | null;
}

/** When an entitlement expires: a fixed end date, or N days after it was claimed (null while unclaimed). */
export function expiryOf(validity: Validity, claimedAt: Date | null, campaignEndsAt: Date | null): Date | null {
  if (validity.kind === "FIXED_DATES" && validity.validUntil) return new Date(validity.validUntil);
  if (validity.kind === "DAYS_AFTER_CLAIM" && validity.validDays && claimedAt) {
    return new Date(claimedAt.getTime() + validity.validDays * 86_400_000);
  }
  return claimedAt ? null : campaignEndsAt;
}

/** YYYY-MM of a date (UTC). */
export const periodOf = (d: Date) => d.toISOString().slice(0, 7);

/** Stock left in a campaign (null: unlimited). */
export const stockLeft = (c: { totalLimit: number | null; issuedCount: number }) =>
  c.totalLimit === null ? null : Math.max(0, c.totalLimit - c.issuedCount);

/** How many more a member who holds `used` may claim: their per-member limit, capped by the stock left. */
export function remainingFor(
  c: { totalLimit: number | null; issuedCount: number; perMemberLimit: number },
  used: number,
) {
  const own = Math.max(0, c.perMemberLimit - used);
  const stock = stockLeft(c);
  return stock === null ? own : Math.min(own, stock);
}
