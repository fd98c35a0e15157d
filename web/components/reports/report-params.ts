// The report pages' URLs and figures: days and periods as Asia/Shanghai reads them, what a query string may ask
// for (anything malformed falls back to a default instead of reaching the API), the export links, and money as
// yuan. Relative imports only: the unit test loads this file without the app's path aliases.

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;

/** The calendar day in Asia/Shanghai (UTC+8, no daylight saving) at `now`: "2026-12-07". */
export function shanghaiToday(now: Date = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** "2026-12" for the month `now` falls in, in Asia/Shanghai: the budget period membership would name. */
export function shanghaiPeriod(now: Date = new Date()): string {
  return shanghaiToday(now).slice(0, 7);
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is not one). */
export function isDay(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const at = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === value;
}

/** A budget period as membership names them: YYYY-MM, month 01 to 12. */
export function isPeriod(value: unknown): value is string {
  return typeof value === "string" && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** The period `delta` months from `period`: ("2026-12", 1) → "2027-01". */
export function shiftPeriod(period: string, delta: number): string {
  const [year, month] = period.split("-").map(Number) as [number, number];
  const index = year * 12 + (month - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A search parameter's single value (Next.js gives arrays for repeated ones: the first counts). */
export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** UUIDs as the API writes ids; anything else is not an id any report can name. */
export function isId(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export interface DayRange {
  from: string;
  to: string;
}

/** The longest range a page asks for: the cockpit's rollups answer any range, but a year keeps pages readable. */
export const MAX_RANGE_DAYS = 366;

/**
 * The range a page shows: both ends valid days, from ≤ to, at most MAX_RANGE_DAYS long; otherwise `fallback`.
 * Ends given the wrong way round are swapped rather than refused.
 */
export function readRange(from: string | undefined, to: string | undefined, fallback: DayRange): DayRange {
  if (!isDay(from) || !isDay(to)) return fallback;
  const [start, end] = from <= to ? [from, to] : [to, from];
  const days = (Date.parse(end) - Date.parse(start)) / DAY_MS + 1;
  return days > MAX_RANGE_DAYS ? fallback : { from: start, to: end };
}

/** The month so far in Asia/Shanghai: the reconciliation's default range. */
export function monthToDate(now: Date = new Date()): DayRange {
  const today = shanghaiToday(now);
  return { from: `${today.slice(0, 7)}-01`, to: today };
}

export const GRANULARITIES = ["DAY", "WEEK", "MONTH"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export function readGranularity(value: string | undefined): Granularity {
  return (GRANULARITIES as readonly string[]).includes(value ?? "") ? (value as Granularity) : "DAY";
}

export const MISMATCH_KINDS = [
  "MISSING_IN_STATEMENT",
  "EXTRA_IN_STATEMENT",
  "AMOUNT_MISMATCH",
  "ORDER_WITHOUT_ENTITLEMENT",
  "ENTITLEMENT_WITHOUT_ORDER",
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The export route's URL (web/app/api/export, which hands the query to analytics' export: `report` names what is
 * exported): the same filters as the page, in the page's language.
 */
export function exportHref(
  report: "campaign" | "reconciliation",
  params: Record<string, string | undefined>,
  format: ExportFormat,
  lang: string,
): string {
  const query = new URLSearchParams({ report });
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  query.set("format", format);
  query.set("lang", lang);
  return `/api/export?${query.toString()}`;
}

/** part / whole, 0 when there is no whole: the share a bar fills. Never below 0; may pass 1 (over budget). */
export function share(part: number, whole: number): number {
  return whole > 0 ? Math.max(0, part / whole) : 0;
}
