// A segment's rules: conditions on tier, tags, org subtrees and join date,
// all of which a member must meet (AND). Pure: normalising what a client
// sends, reading what is stored, and turning rules into member criteria.
import { isUuid } from "./ids";
import { checkDate, checkTags, checkTier, formatDate } from "./member-admin-rules";

export interface SegmentRules {
  /** The member's tier is one of these. */
  tiers?: string[];
  /** The member has every one of these tags. */
  tagsAll?: string[];
  /** The member has at least one of these tags. */
  tagsAny?: string[];
  /** The member's unit is in the subtree of one of these units. */
  orgUnitIds?: string[];
  /** Joined strictly after this day (YYYY-MM-DD); members without a join date never match. */
  joinedAfter?: string;
  /** Joined strictly before this day (YYYY-MM-DD). */
  joinedBefore?: string;
}

export type SegmentRulesInput = { [K in keyof SegmentRules]?: SegmentRules[K] | null };

export interface RuleProblem {
  field: string;
  message: string;
}

/** What the member query filters on; `withinUnitId` is a unit manager's own subtree. */
export interface MemberCriteria {
  tenantId: string;
  tiers?: string[];
  tagsAll?: string[];
  tagsAny?: string[];
  inSubtreeOfAny?: string[];
  withinUnitId?: string;
  joinedAfter?: Date;
  joinedBefore?: Date;
}

const MAX_LIST = 100;

/** Clean rules, or every problem with them. Empty lists impose nothing and are dropped. */
export function normaliseRules(input: SegmentRulesInput): { rules: SegmentRules; problems: RuleProblem[] } {
  const rules: SegmentRules = {};
  const problems: RuleProblem[] = [];
  const list = (field: string, values: string[] | null | undefined) => {
    if (values && values.length > MAX_LIST) problems.push({ field, message: `At most ${MAX_LIST} values` });
    return values && values.length > 0 ? values : null;
  };
  const tiers = list("tiers", input.tiers);
  if (tiers) {
    const checked = tiers.map(checkTier);
    const failed = checked.find((c) => !c.ok);
    if (failed && !failed.ok) problems.push({ field: "tiers", message: failed.message });
    else rules.tiers = [...new Set(checked.map((c) => (c.ok ? c.value : "")))];
  }
  for (const field of ["tagsAll", "tagsAny"] as const) {
    const tags = list(field, input[field]);
    if (!tags) continue;
    const checked = checkTags(tags);
    if (!checked.ok) problems.push({ field, message: checked.message });
    else if (checked.value.length > 0) rules[field] = checked.value;
  }
  const units = list("orgUnitIds", input.orgUnitIds);
  if (units) {
    if (units.some((id) => !isUuid(id))) problems.push({ field: "orgUnitIds", message: "No such org unit" });
    else rules.orgUnitIds = [...new Set(units.map((id) => id.toLowerCase()))];
  }
  for (const field of ["joinedAfter", "joinedBefore"] as const) {
    const raw = input[field];
    if (raw == null) continue;
    const date = checkDate(raw);
    if (!date.ok) problems.push({ field, message: date.message });
    else rules[field] = formatDate(date.value);
  }
  if (rules.joinedAfter && rules.joinedBefore && rules.joinedAfter >= rules.joinedBefore) {
    problems.push({ field: "joinedBefore", message: "joinedBefore must be later than joinedAfter" });
  }
  return { rules, problems };
}

/** Rules as stored (JSON written by `normaliseRules`); anything unexpected is left out. */
export function rulesFromJson(json: unknown): SegmentRules {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return {};
  const source = json as Record<string, unknown>;
  const strings = (value: unknown) =>
    Array.isArray(value) && value.every((v) => typeof v === "string") && value.length > 0
      ? (value as string[])
      : undefined;
  const date = (value: unknown) => (typeof value === "string" && checkDate(value).ok ? value : undefined);
  const rules: SegmentRules = {
    tiers: strings(source.tiers),
    tagsAll: strings(source.tagsAll),
    tagsAny: strings(source.tagsAny),
    orgUnitIds: strings(source.orgUnitIds),
    joinedAfter: date(source.joinedAfter),
    joinedBefore: date(source.joinedBefore),
  };
  return Object.fromEntries(Object.entries(rules).filter(([, v]) => v !== undefined)) as SegmentRules;
}

/** The criteria of `rules` in `tenantId`, limited to a unit manager's subtree when one is given. */
export function criteriaOf(tenantId: string, rules: SegmentRules, withinUnitId: string | null): MemberCriteria {
  const day = (value: string | undefined) => (value ? new Date(`${value}T00:00:00.000Z`) : undefined);
  return {
    tenantId,
    tiers: rules.tiers,
    tagsAll: rules.tagsAll,
    tagsAny: rules.tagsAny,
    inSubtreeOfAny: rules.orgUnitIds,
    withinUnitId: withinUnitId ?? undefined,
    joinedAfter: day(rules.joinedAfter),
    joinedBefore: day(rules.joinedBefore),
  };
}
