// The fields of a member as an admin or an import gives them: pure checks
// that return the clean value or a message (never echoing the value).
export type Check<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const bad = <T>(message: string): Check<T> => ({ ok: false, message });

// Deliberately simple: one @, no spaces or angle brackets, a dot in the domain.
const EMAIL = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\.]+(\.[^\s@<>()[\],;:"\\.]+)+$/;
const TIER = /^[\p{L}\p{N}_-]{1,40}$/u;
const CONTROL = /\p{Cc}/u;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const MAX_TAGS = 50;
export const MAX_ATTRIBUTES_CHARS = 4096;

/** Emails are kept lower-case, as login looks them up. */
export function checkEmail(raw: string): Check<string> {
  const email = raw.trim().toLowerCase();
  if (!email) return bad("An email is required");
  if (email.length > 254 || !EMAIL.test(email)) return bad("Not a valid email address");
  return ok(email);
}

export function checkDisplayName(raw: string): Check<string> {
  const name = raw.trim();
  if (name.length < 1 || name.length > 100 || CONTROL.test(name)) return bad("A display name has 1 to 100 characters");
  return ok(name);
}

export function checkTier(raw: string): Check<string> {
  const tier = raw.trim();
  return TIER.test(tier) ? ok(tier) : bad("A tier has 1 to 40 letters, digits, '-' or '_'");
}

/** Tags are kept as given (trimmed, duplicates dropped): matching is exact. */
export function checkTags(raw: readonly string[]): Check<string[]> {
  const tags = [...new Set(raw.map((t) => t.trim()).filter((t) => t.length > 0))];
  if (tags.some((t) => t.length > 40 || CONTROL.test(t) || t.includes(";"))) {
    return bad("A tag has 1 to 40 characters and no ';'");
  }
  if (tags.length > MAX_TAGS) return bad(`At most ${MAX_TAGS} tags`);
  return ok(tags);
}

/** A CSV cell of semicolon-separated tags. */
export const checkTagList = (raw: string): Check<string[]> => checkTags(raw.split(";"));

/** A calendar date, YYYY-MM-DD, from 1900 to 2100, as UTC midnight. */
export function checkDate(raw: string): Check<Date> {
  const match = DATE.exec(raw.trim());
  if (!match) return bad("A date is YYYY-MM-DD");
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!real || year < 1900 || year > 2100) return bad("Not a calendar date between 1900 and 2100");
  return ok(date);
}

export const formatDate = (date: Date): string => date.toISOString().slice(0, 10);

export type Attributes = Record<string, unknown>;

/** Free-form attributes: a JSON object of at most 4 KB. */
export function checkAttributes(value: unknown): Check<Attributes> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return bad("Attributes are a JSON object");
  if (JSON.stringify(value).length > MAX_ATTRIBUTES_CHARS) {
    return bad(`Attributes take at most ${MAX_ATTRIBUTES_CHARS} characters of JSON`);
  }
  return ok(value as Attributes);
}

/** A CSV cell holding a JSON object. */
export function checkAttributesText(raw: string): Check<Attributes> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return bad("Attributes are not valid JSON");
  }
  return checkAttributes(value);
}
