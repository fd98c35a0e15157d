// Calendar days in Asia/Shanghai (UTC+8 all year, no daylight saving), as
// YYYY-MM-DD strings; arithmetic on them through UTC midnights.
const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The day a string names, or null when it is not a real calendar day written YYYY-MM-DD. */
export function parseDay(text: string): Date | null {
  const match = DAY.exec(text);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  return real && y >= 2000 && y <= 2999 ? date : null;
}

export const formatDay = (date: Date) => date.toISOString().slice(0, 10);

export const addDays = (day: string, days: number) => formatDay(new Date(parseDay(day)!.getTime() + days * DAY_MS));

/** Days from `from` to `to`, both counted (1 when they are the same day). */
export const daysInclusive = (from: string, to: string) =>
  Math.round((parseDay(to)!.getTime() - parseDay(from)!.getTime()) / DAY_MS) + 1;

/** The same calendar date `years` later (29 February becomes 1 March). */
export function addYears(day: string, years: number): string {
  const date = parseDay(day)!;
  return formatDay(new Date(Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate())));
}

/** Today in Asia/Shanghai. */
export const shanghaiToday = (now: Date = new Date()) => formatDay(new Date(now.getTime() + SHANGHAI_OFFSET_MS));

/** The period of the same length just before [from, to]. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const length = daysInclusive(from, to);
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

/** A budget period as membership names it (a month, YYYY-MM): its first and last day, or null. */
export function periodBounds(period: string): { from: string; to: string } | null {
  const match = PERIOD.exec(period);
  if (!match) return null;
  const [y, m] = [Number(match[1]), Number(match[2])];
  if (y < 2000 || y > 2999) return null;
  return { from: formatDay(new Date(Date.UTC(y, m - 1, 1))), to: formatDay(new Date(Date.UTC(y, m, 0))) };
}

/** Every day from `from` through `to`. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}
