// Times as the tenants read and type them: China Standard Time (UTC+8, no daylight saving).
// The API speaks ISO strings in UTC; pages show and forms take Beijing time, the same on server and browser.

const OFFSET_MS = 8 * 60 * 60 * 1000;
export const CHINA_TIME_LABEL = "Beijing time, UTC+8";

function shifted(iso: string): string | null {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : new Date(at.getTime() + OFFSET_MS).toISOString();
}

/** "2026-12-31T00:00:00Z" → "2026-12-31 08:00"; the raw text if it is not a date. */
export function formatChinaTime(iso: string): string {
  const local = shifted(iso);
  return local ? `${local.slice(0, 10)} ${local.slice(11, 16)}` : iso;
}

/** "2026-12-31T00:00:00Z" → "2026-12-31" (the day in Beijing). */
export function formatChinaDate(iso: string): string {
  return shifted(iso)?.slice(0, 10) ?? iso;
}

/** The value of a datetime-local input showing `iso` in Beijing time: "2026-12-31T08:00". */
export function chinaInputValue(iso: string): string {
  return shifted(iso)?.slice(0, 16) ?? "";
}

/** A datetime-local value read as Beijing time ("2026-12-31T08:00", seconds optional) → ISO UTC; null if malformed. */
export function parseChinaTime(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const utc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) - OFFSET_MS;
  const at = new Date(utc);
  // Date.UTC rolls 2026-02-30 over to March: refuse dates that do not exist.
  const back = new Date(utc + OFFSET_MS);
  if (back.getUTCMonth() !== month! - 1 || back.getUTCDate() !== day! || hour! > 23 || minute! > 59) return null;
  return at.toISOString();
}
