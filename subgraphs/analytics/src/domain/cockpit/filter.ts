// A cockpit filter checked and normalised before any data is read: real
// calendar days, from <= to, at most two years, ids that are ids, bounded lists.
import { addYears, parseDay } from "./dates";
import { invalidInput, isUuid } from "./errors";

export const CHANNELS = ["CLAIM", "GRANT", "RULE", "PARTNER", "PURCHASE", "TRANSFER"] as const;
export type CockpitChannel = (typeof CHANNELS)[number];

export interface CockpitFilterInput {
  from: string;
  to: string;
  campaignIds?: string[] | null;
  variants?: string[] | null;
  benefitIds?: string[] | null;
  skuIds?: string[] | null;
  categoryIds?: string[] | null;
  brandIds?: string[] | null;
  supplierIds?: string[] | null;
  channels?: string[] | null;
  orgUnitIds?: string[] | null;
  tiers?: string[] | null;
  tenantIds?: string[] | null;
}

/** A checked filter: every list present is non-empty (an empty one does not narrow). */
export interface CockpitFilter {
  from: string;
  to: string;
  campaignIds?: string[];
  variants?: string[];
  benefitIds?: string[];
  skuIds?: string[];
  categoryIds?: string[];
  brandIds?: string[];
  supplierIds?: string[];
  channels?: CockpitChannel[];
  orgUnitIds?: string[];
  tiers?: string[];
  tenantIds?: string[];
}

export const MAX_LIST = 200;
const MAX_TEXT = 100;
const ID_LISTS = [
  "campaignIds",
  "benefitIds",
  "skuIds",
  "categoryIds",
  "brandIds",
  "supplierIds",
  "orgUnitIds",
  "tenantIds",
] as const;

/** Checks `from` and `to` (YYYY-MM-DD, from <= to, to before the same date two years on). */
export function checkRange(from: unknown, to: unknown, prefix = ""): { from: string; to: string } {
  if (typeof from !== "string" || !parseDay(from)) invalidInput(`${prefix}from`, "a day written YYYY-MM-DD");
  if (typeof to !== "string" || !parseDay(to)) invalidInput(`${prefix}to`, "a day written YYYY-MM-DD");
  const [f, t] = [from as string, to as string];
  if (f > t) invalidInput(`${prefix}from`, "must not be after to");
  if (t >= addYears(f, 2)) invalidInput(`${prefix}to`, "a range covers at most two years");
  return { from: f, to: t };
}

function list(input: CockpitFilterInput, field: keyof CockpitFilterInput): string[] | undefined {
  const value = input[field];
  if (value == null) return undefined;
  if (!Array.isArray(value)) return invalidInput(`filter.${field}`, "a list");
  if (value.length > MAX_LIST) invalidInput(`filter.${field}`, `at most ${MAX_LIST} values`);
  return value.length === 0 ? undefined : [...new Set(value as string[])];
}

export function checkFilter(input: CockpitFilterInput | null | undefined): CockpitFilter {
  if (!input || typeof input !== "object") return invalidInput("filter", "a filter with from and to");
  const filter: CockpitFilter = checkRange(input.from, input.to, "filter.");
  for (const field of ID_LISTS) {
    const ids = list(input, field);
    if (!ids) continue;
    const bad = ids.find((id) => !isUuid(id));
    if (bad !== undefined) invalidInput(`filter.${field}`, "every value is an id");
    filter[field] = [...new Set(ids.map((id) => id.toLowerCase()))];
  }
  for (const field of ["variants", "tiers"] as const) {
    const texts = list(input, field);
    if (!texts) continue;
    // eslint-disable-next-line no-control-regex -- a control character (NUL above all) cannot be stored or matched
    if (texts.some((t) => typeof t !== "string" || t.length > MAX_TEXT || /[\u0000-\u001f]/.test(t))) {
      invalidInput(`filter.${field}`, `every value has at most ${MAX_TEXT} printable characters`);
    }
    filter[field] = texts;
  }
  const channels = list(input, "channels");
  if (channels) {
    if (channels.some((c) => !(CHANNELS as readonly string[]).includes(c))) {
      invalidInput("filter.channels", `each one of ${CHANNELS.join(", ")}`);
    }
    filter.channels = channels as CockpitChannel[];
  }
  return filter;
}
