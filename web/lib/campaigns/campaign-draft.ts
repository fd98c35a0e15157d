// The create-campaign form as typed (strings, yuan, Beijing times) → the API's CreateCampaignInput, or the
// problems per field. The server action runs it; the API checks again (SKUs, budget unit, audience ids).
// Relative imports only: the unit test loads this file without the app's path aliases.
import { z } from "zod";
import { parseChinaTime } from "../china-time";
import { parseYuan, PRICE_HINT } from "../yuan";

export const CHANNELS = ["CLAIM", "GRANT", "RULE"] as const;
export const KINDS = ["SINGLE", "PACK"] as const;
export type Channel = (typeof CHANNELS)[number];
export type Kind = (typeof KINDS)[number];

export interface ItemDraft {
  skuId: string;
  /** "" for every member, or an A/B variant name. */
  variant: string;
  /** Yuan; "" for the SKU's sale price. */
  cost: string;
}

export interface CampaignDraft {
  name: string;
  description: string;
  channel: string;
  kind: string;
  audience: "everyone" | "targeted";
  /** Member ids separated by spaces, commas or new lines. */
  memberIds: string;
  segmentIds: string[];
  orgUnitIds: string[];
  /** datetime-local values, read as Beijing time. */
  startsAt: string;
  endsAt: string;
  /** "" for unlimited stock. */
  totalLimit: string;
  perMemberLimit: string;
  budgetOrgUnitId: string;
  /** "YYYY-MM", or "" for the month of the start. */
  budgetPeriod: string;
  packChoose: string;
  /** Yuan. */
  packAllowance: string;
  items: ItemDraft[];
}

const text = z.string().max(10_000);

/** What a server action accepts as a draft: anything else (sent by something other than the form) is refused. */
export const campaignDraftSchema = z.strictObject({
  name: text,
  description: text,
  channel: text,
  kind: text,
  audience: z.enum(["everyone", "targeted"]),
  memberIds: z.string().max(200_000),
  segmentIds: z.array(z.string().max(100)).max(1_000),
  orgUnitIds: z.array(z.string().max(100)).max(1_000),
  startsAt: text,
  endsAt: text,
  totalLimit: text,
  perMemberLimit: text,
  budgetOrgUnitId: text,
  budgetPeriod: text,
  packChoose: text,
  packAllowance: text,
  items: z.array(z.strictObject({ skuId: text, variant: text, cost: text })).max(500),
}) satisfies z.ZodType<CampaignDraft>;

export interface CreateCampaignInput {
  name: string;
  description: string;
  kind: Kind;
  channel: Channel;
  audience: { everyone: boolean; memberIds?: string[]; segmentIds?: string[]; orgUnitIds?: string[] };
  startsAt: string;
  endsAt: string | null;
  totalLimit: number | null;
  perMemberLimit: number;
  budgetOrgUnitId: string;
  budgetPeriod?: string;
  packChoose?: number;
  packAllowanceFen?: number;
  items: { skuId: string; variant?: string; costFen?: number }[];
}

/** Named like the API's input fields, so the API's `field` lands on the same input. */
export type DraftField =
  | "name"
  | "description"
  | "channel"
  | "kind"
  | "audience"
  | "startsAt"
  | "endsAt"
  | "totalLimit"
  | "perMemberLimit"
  | "budgetOrgUnitId"
  | "budgetPeriod"
  | "packChoose"
  | "packAllowanceFen"
  | "items";

export interface DraftProblem {
  field: DraftField;
  message: string;
}

export const MAX_NAME_LENGTH = 100;
export const MAX_DESCRIPTION_LENGTH = 1000;
const MAX_LIMIT = 10_000_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const VARIANT = /^[A-Za-z0-9]{1,8}$/;

function count(text: string): number | null {
  return /^\d{1,8}$/.test(text.trim()) ? Number(text.trim()) : null;
}

export function toCreateCampaignInput(
  draft: CampaignDraft,
): { ok: true; input: CreateCampaignInput } | { ok: false; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const problem = (field: DraftField, message: string) => problems.push({ field, message });

  const name = draft.name.trim();
  if (!name) problem("name", "Give the campaign a name.");
  else if (name.length > MAX_NAME_LENGTH) problem("name", `Keep the name within ${MAX_NAME_LENGTH} characters.`);
  const description = draft.description.trim();
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    problem("description", `Keep the description within ${MAX_DESCRIPTION_LENGTH} characters.`);
  }
  const channel = CHANNELS.find((c) => c === draft.channel);
  if (!channel) problem("channel", "Choose how members get it: claim, grant or rule.");
  const kind = KINDS.find((k) => k === draft.kind);
  if (!kind) problem("kind", "Choose single benefits or a pack.");

  const memberIds = draft.memberIds.split(/[\s,;]+/).filter(Boolean);
  let audience: CreateCampaignInput["audience"] = { everyone: true };
  if (draft.audience === "targeted") {
    audience = { everyone: false, memberIds, segmentIds: draft.segmentIds, orgUnitIds: draft.orgUnitIds };
    if (memberIds.length + draft.segmentIds.length + draft.orgUnitIds.length === 0) {
      problem("audience", "Choose who may have it: members, segments or org units (or everyone).");
    } else if (memberIds.some((id) => !UUID.test(id))) {
      problem("audience", "Member ids are 36 characters, like 3f2b8c1e-0d4a-4c1b-9a7e-5b6c7d8e9f00.");
    }
  }

  const startsAt = parseChinaTime(draft.startsAt);
  if (!startsAt) problem("startsAt", "Enter when it starts.");
  let endsAt: string | null = null;
  if (draft.endsAt.trim()) {
    endsAt = parseChinaTime(draft.endsAt);
    if (!endsAt) problem("endsAt", "Enter a valid end time, or leave it empty.");
    else if (startsAt && endsAt <= startsAt) problem("endsAt", "It must end after it starts.");
  }

  let totalLimit: number | null = null;
  if (draft.totalLimit.trim()) {
    totalLimit = count(draft.totalLimit);
    if (totalLimit === null || totalLimit < 1 || totalLimit > MAX_LIMIT) {
      problem("totalLimit", "Total stock is a whole number from 1, or empty for unlimited.");
    }
  }
  const perMemberLimit = draft.perMemberLimit.trim() ? count(draft.perMemberLimit) : 1;
  if (perMemberLimit === null || perMemberLimit < 1 || perMemberLimit > MAX_LIMIT) {
    problem("perMemberLimit", "The limit per member is a whole number from 1.");
  }

  if (!UUID.test(draft.budgetOrgUnitId)) problem("budgetOrgUnitId", "Choose the org unit whose budget pays.");
  const budgetPeriod = draft.budgetPeriod.trim();
  if (budgetPeriod && !PERIOD.test(budgetPeriod))
    problem("budgetPeriod", "The budget period is a month, like 2026-12.");

  const items: CreateCampaignInput["items"] = [];
  for (const item of draft.items) {
    if (!UUID.test(item.skuId)) continue;
    const variant = item.variant.trim();
    if (variant && !VARIANT.test(variant)) {
      problem("items", "A variant is a short name of letters or digits, like A or B.");
      continue;
    }
    let costFen: number | undefined;
    if (item.cost.trim()) {
      const fen = parseYuan(item.cost);
      if (fen === null) {
        problem("items", `Enter each cost ${PRICE_HINT}, or leave it empty for the price.`);
        continue;
      }
      costFen = fen;
    }
    items.push({ skuId: item.skuId, ...(variant ? { variant } : {}), ...(costFen !== undefined ? { costFen } : {}) });
  }
  if (draft.items.length === 0) problem("items", "Choose at least one SKU from your shelf.");

  let pack: { packChoose: number; packAllowanceFen: number } | undefined;
  if (kind === "PACK") {
    const choose = count(draft.packChoose);
    if (choose === null || choose < 1 || choose > items.length) {
      problem("packChoose", `Members choose from 1 to ${Math.max(items.length, 1)} of the items.`);
    }
    const allowance = parseYuan(draft.packAllowance);
    if (allowance === null || allowance < 1) problem("packAllowanceFen", `Enter the pack's allowance ${PRICE_HINT}.`);
    if (choose !== null && allowance !== null) pack = { packChoose: choose, packAllowanceFen: allowance };
  }

  if (problems.length > 0 || !channel || !kind || !startsAt || perMemberLimit === null) return { ok: false, problems };
  return {
    ok: true,
    input: {
      name,
      description,
      kind,
      channel,
      audience,
      startsAt,
      endsAt,
      totalLimit,
      perMemberLimit,
      budgetOrgUnitId: draft.budgetOrgUnitId,
      ...(budgetPeriod ? { budgetPeriod } : {}),
      ...(pack ?? {}),
      items,
    },
  };
}
