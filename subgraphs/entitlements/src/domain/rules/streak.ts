// Streak arithmetic for STREAK rules, as pure functions over calendar days
// (YYYY-MM-DD). A day is the event's date in Asia/Shanghai (UTC+8, no
// daylight saving): a member's check-ins count by the day they live in.
// A run of consecutive days is cut into N-day blocks from its first day;
// each complete block awards once, named by its last day
// (docs/entitlements.md, "Rule-triggered issuance").

/** A run of consecutive calendar days, YYYY-MM-DD, first and last. */
export interface DayRun {
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The calendar day of an instant in Asia/Shanghai. */
export const streakDay = (at: Date): string => new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** `day` moved by `n` days. */
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Days from `from` to `to`, both inclusive (0 for the same day). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/**
 * The last day of the `n`-day block of a run that `day` falls in, when that
 * block is complete (blocks are counted from the run's first day); else null.
 */
export function completedBlockEnd(run: DayRun, n: number, day: string): string | null {
  const offset = daysBetween(run.start, day);
  if (offset < 0 || day > run.end) return null;
  const end = addDays(run.start, (Math.floor(offset / n) + 1) * n - 1);
  return end <= run.end ? end : null;
}

/**
 * The other block ends whose `n`-day block would overlap the block ending on
 * `end`: an award for any of them means these days were already rewarded
 * (two runs joined by a late event would otherwise be rewarded twice).
 */
export function overlappingEnds(end: string, n: number): string[] {
  const days: string[] = [];
  for (let d = -(n - 1); d <= n - 1; d++) if (d !== 0) days.push(addDays(end, d));
  return days;
}
