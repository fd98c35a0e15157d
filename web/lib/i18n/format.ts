// Numbers as the cockpit shows them in either language: money in yuan (the API counts fen, as strings, because
// amounts pass 2^31), counts with grouping, rates as percentages. Dates are YYYY-MM-DD days in Asia/Shanghai.
import type { Locale } from "./config";

/** Fen (a decimal string as the API sends it, or a number) → yuan, for charts and sums. */
export function fenToYuan(fen: string | number): number {
  return Number(fen) / 100;
}

export function formatYuan(fen: string | number, locale: Locale, options: { compact?: boolean } = {}): string {
  const yuan = fenToYuan(fen);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: "CNY",
    currencyDisplay: "narrowSymbol",
    ...(options.compact ? { notation: "compact", maximumFractionDigits: 1 } : {}),
  }).format(yuan);
}

export function formatInteger(value: number, locale: Locale, options: { compact?: boolean } = {}): string {
  return new Intl.NumberFormat(locale, options.compact ? { notation: "compact", maximumFractionDigits: 1 } : {}).format(
    value,
  );
}

/** 0.4567 → "45.7%". */
export function formatPercent(ratio: number, locale: Locale, digits = 1): string {
  return new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}

/** A change against the previous period: +12.5%, −3.0%; null (nothing before) stays null. */
export function formatChange(change: number | null | undefined, locale: Locale): string | null {
  if (change === null || change === undefined || !Number.isFinite(change)) return null;
  return new Intl.NumberFormat(locale, {
    style: "percent",
    signDisplay: "exceptZero",
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(change);
}
