// The dashboard's state lives in its URL (shareable, survives a reload, rendered on the server):
//   /admin?range=30d | range=custom&from=2026-11-01&to=2026-11-30, g=DAY|WEEK|MONTH, dim=<dimension>,
//   sort=<metric>, dir=ASC|DESC, page=<1-based>, org=<org unit id drilled into>.
// Anything malformed falls back to its default (a hand-edited URL never breaks the page).
// Days are calendar days in Asia/Shanghai, as the API counts them.

export const RANGE_PRESETS = ["7d", "30d", "month", "lastMonth", "quarter", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const GRANULARITIES = ["DAY", "WEEK", "MONTH"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const DIMENSIONS = [
  "ORG_UNIT",
  "CAMPAIGN",
  "VARIANT",
  "BENEFIT",
  "SKU",
  "CATEGORY",
  "BRAND",
  "SUPPLIER",
  "CHANNEL",
  "TIER",
  "DAY",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const METRICS = [
  "ISSUED",
  "CLAIMED",
  "REDEEMED",
  "EXPIRED",
  "REVOKED",
  "REDEMPTION_RATE",
  "COST",
  "FACE_VALUE",
] as const;
export type Metric = (typeof METRICS)[number];
export type Direction = "ASC" | "DESC";

export const PAGE_SIZE = 10;
/** The longest custom range (the API answers any, but a dashboard over years is not what this page is for). */
export const MAX_RANGE_DAYS = 731;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface CockpitState {
  range: RangePreset;
  from: string;
  to: string;
  granularity: Granularity;
  dimension: Dimension;
  sortBy: Metric;
  direction: Direction;
  /** 0-based. */
  pageIndex: number;
  orgUnitId: string | null;
}

/** Today in Beijing, YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function toTime(day: string): number | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const [year, month, date] = match.slice(1).map(Number) as [number, number, number];
  const time = Date.UTC(year, month - 1, date);
  const back = new Date(time);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === date ? time : null;
}

const fromTime = (time: number) => new Date(time).toISOString().slice(0, 10);

export function isDay(value: unknown): value is string {
  return typeof value === "string" && toTime(value) !== null;
}

export function addDays(day: string, days: number): string {
  return fromTime(toTime(day)! + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toTime(to)! - toTime(from)!) / DAY_MS) + 1;
}

/** The days a preset covers, ending today (or, for last month, its last day). */
export function presetRange(preset: Exclude<RangePreset, "custom">, today: string): { from: string; to: string } {
  const [year, month] = today.split("-").map(Number) as [number, number];
  const first = (y: number, m: number) => fromTime(Date.UTC(y, m - 1, 1));
  switch (preset) {
    case "7d":
      return { from: addDays(today, -6), to: today };
    case "30d":
      return { from: addDays(today, -29), to: today };
    case "month":
      return { from: first(year, month), to: today };
    case "lastMonth": {
      const start = month === 1 ? first(year - 1, 12) : first(year, month - 1);
      return { from: start, to: addDays(first(year, month), -1) };
    }
    case "quarter":
      return { from: first(year, Math.floor((month - 1) / 3) * 3 + 1), to: today };
  }
}

type Params = Record<string, string | string[] | undefined>;

function one(params: Params, key: string): string | undefined {
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

function pick<T extends string>(allowed: readonly T[], value: string | undefined, fallback: T): T {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export const DEFAULT_RANGE: RangePreset = "30d";

/** The dashboard state a URL's search params describe, with defaults for whatever is absent or malformed. */
export function readCockpitState(params: Params, today: string = chinaToday()): CockpitState {
  let range = pick(RANGE_PRESETS, one(params, "range"), DEFAULT_RANGE);
  let from: string;
  let to: string;
  const customFrom = one(params, "from");
  const customTo = one(params, "to");
  if (
    range === "custom" &&
    isDay(customFrom) &&
    isDay(customTo) &&
    customFrom <= customTo &&
    daysBetween(customFrom, customTo) <= MAX_RANGE_DAYS
  ) {
    from = customFrom;
    to = customTo;
  } else {
    if (range === "custom") range = DEFAULT_RANGE;
    ({ from, to } = presetRange(range as Exclude<RangePreset, "custom">, today));
  }
  const page = Number(one(params, "page"));
  const org = one(params, "org");
  return {
    range,
    from,
    to,
    granularity: pick(GRANULARITIES, one(params, "g"), daysBetween(from, to) > 92 ? "WEEK" : "DAY"),
    dimension: pick(DIMENSIONS, one(params, "dim"), "ORG_UNIT"),
    sortBy: pick(METRICS, one(params, "sort"), "ISSUED"),
    direction: pick(["ASC", "DESC"] as const, one(params, "dir"), "DESC"),
    pageIndex: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page - 1 : 0,
    orgUnitId: org && UUID.test(org) ? org.toLowerCase() : null,
  };
}

/** The URL search string for a state (defaults left out, so links stay short). */
export function cockpitSearch(state: CockpitState): string {
  const params = new URLSearchParams();
  if (state.range !== DEFAULT_RANGE) params.set("range", state.range);
  if (state.range === "custom") {
    params.set("from", state.from);
    params.set("to", state.to);
  }
  params.set("g", state.granularity);
  if (state.dimension !== "ORG_UNIT") params.set("dim", state.dimension);
  if (state.sortBy !== "ISSUED") params.set("sort", state.sortBy);
  if (state.direction !== "DESC") params.set("dir", state.direction);
  if (state.pageIndex > 0) params.set("page", String(state.pageIndex + 1));
  if (state.orgUnitId) params.set("org", state.orgUnitId);
  return params.toString();
}

/** The GraphQL CockpitFilter of a state. */
export function cockpitFilter(state: Pick<CockpitState, "from" | "to" | "orgUnitId">) {
  return { from: state.from, to: state.to, ...(state.orgUnitId ? { orgUnitIds: [state.orgUnitId] } : {}) };
}

/** /api/export for the breakdown as shown (same range, unit, dimension and order). */
export function exportHref(state: CockpitState, format: "csv" | "xlsx", lang: string): string {
  const params = new URLSearchParams({
    report: "breakdown",
    dimension: state.dimension,
    from: state.from,
    to: state.to,
    sortBy: state.sortBy,
    direction: state.direction,
    format,
    lang,
  });
  if (state.orgUnitId) params.set("orgUnitIds", state.orgUnitId);
  return `/api/export?${params}`;
}
