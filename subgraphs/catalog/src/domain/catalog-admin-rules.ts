// Input rules for the master catalog: each returns the first problem as a
// payload error (with the field to blame), or null.
import type { FulfilmentKind, ValidityKind } from "@benefits-hub/platform/db/client";

export type CatalogErrorCode =
  "NOT_FOUND" | "INVALID_INPUT" | "DUPLICATE_SLUG" | "ARCHIVED" | "SUPPLIER_UNAVAILABLE" | "ALREADY_LISTED";
export interface CatalogError {
  code: CatalogErrorCode;
  field: string | null;
  message: string;
}

export const invalid = (field: string, message: string): CatalogError => ({ code: "INVALID_INPUT", field, message });

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
export const MAX_MONEY_FEN = 100_000_000;

export function checkSlug(slug: unknown): CatalogError | null {
  return typeof slug === "string" && SLUG.test(slug)
    ? null
    : invalid("slug", "slug is 1 to 80 lower-case letters, digits and -, starting with a letter or digit");
}

/** A required (or, with `optional`, absent) name or text of at most `max` characters. */
export function checkText(field: string, value: unknown, max: number, optional = false): CatalogError | null {
  if (value === undefined || value === null) return optional ? null : invalid(field, `${field} is required`);
  if (typeof value !== "string") return invalid(field, `${field} must be text`);
  const trimmed = value.trim();
  if (!optional && trimmed.length === 0) return invalid(field, `${field} must not be empty`);
  return trimmed.length > max ? invalid(field, `${field} must be at most ${max} characters`) : null;
}

export function checkUrl(field: string, value: unknown): CatalogError | null {
  if (value === undefined || value === null || value === "") return null;
  try {
    const url = new URL(String(value));
    return url.protocol === "https:" || url.protocol === "http:"
      ? null
      : invalid(field, `${field} must be an http(s) URL`);
  } catch {
    return invalid(field, `${field} must be an http(s) URL`);
  }
}

export function checkMoney(field: string, value: unknown, optional = false): CatalogError | null {
  if (value === undefined || value === null) return optional ? null : invalid(field, `${field} is required`);
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_MONEY_FEN
    ? null
    : invalid(field, `${field} must be a whole number of fen from 0 to ${MAX_MONEY_FEN}`);
}

export interface ValidityInput {
  kind: ValidityKind;
  validFrom?: string | null;
  validUntil?: string | null;
  validDays?: number | null;
}

export interface ValidityColumns {
  validityKind: ValidityKind;
  validFrom: Date | null;
  validUntil: Date | null;
  validDays: number | null;
}

export function toValidity(input: ValidityInput): CatalogError | ValidityColumns {
  if (input.kind === "DAYS_AFTER_CLAIM") {
    const days = input.validDays;
    if (!Number.isInteger(days) || days! < 1 || days! > 3650) {
      return invalid("validity.validDays", "validDays must be a whole number of days from 1 to 3650");
    }
    return { validityKind: "DAYS_AFTER_CLAIM", validFrom: null, validUntil: null, validDays: days! };
  }
  const from = input.validFrom ? new Date(input.validFrom) : null;
  const until = input.validUntil ? new Date(input.validUntil) : null;
  if (!from || Number.isNaN(from.getTime())) return invalid("validity.validFrom", "validFrom must be an ISO date");
  if (!until || Number.isNaN(until.getTime())) return invalid("validity.validUntil", "validUntil must be an ISO date");
  if (until <= from) return invalid("validity.validUntil", "validUntil must be after validFrom");
  return { validityKind: "FIXED_DATES", validFrom: from, validUntil: until, validDays: null };
}

export function stockSourceFor(kind: FulfilmentKind, supplierId: string | null) {
  if (supplierId) return "SUPPLIER" as const;
  return kind === "CARD_CODE" ? ("CODE_POOL" as const) : ("UNLIMITED" as const);
}

export const firstProblem = (...checks: (CatalogError | null)[]) => checks.find((c) => c !== null) ?? null;

export const MAX_BRAND_ALIASES = 20;

/** A brand's aliases: trimmed, distinct, each 1 to 40 characters, at most 20 (absent: none). */
export function checkAliases(value: unknown): CatalogError | { list: string[] } {
  if (value === undefined || value === null) return { list: [] };
  if (!Array.isArray(value)) return invalid("aliases", "aliases must be a list of names");
  const list = [...new Set(value.map((alias) => (typeof alias === "string" ? alias.trim() : "")))];
  if (list.some((alias) => alias.length === 0 || alias.length > 40)) {
    return invalid("aliases", "each alias is 1 to 40 characters");
  }
  return list.length > MAX_BRAND_ALIASES
    ? invalid("aliases", `a brand has at most ${MAX_BRAND_ALIASES} aliases`)
    : { list };
}
