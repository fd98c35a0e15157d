// Figures as the report pages print them, in the page's language: money in yuan (the API counts fen), rates as
// percentages, counts with grouping (lib/i18n/format.ts), plus what only reports show: p-values and signed ratios.
import type { Locale } from "@/lib/i18n/config";
import { formatChange, formatInteger, formatPercent, formatYuan } from "@/lib/i18n/format";

export interface ReportFormats {
  /** A Fen amount as yuan: "¥1,234.50". */
  money(fen: string | number): string;
  /** 0.1234 → "12.3%". */
  percent(ratio: number): string;
  count(n: number): string;
  /** A p-value: "0.0123", or "< 0.0001" for smaller ones. */
  pValue(p: number): string;
  /** A signed ratio such as ROI: 0.25 → "+25.0%". */
  signedPercent(ratio: number): string;
}

export function reportFormats(locale: Locale): ReportFormats {
  const small = new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 });
  return {
    money: (fen) => formatYuan(fen, locale),
    percent: (ratio) => formatPercent(Number.isFinite(ratio) ? ratio : 0, locale),
    count: (n) => formatInteger(n, locale),
    pValue: (p) => (p < 0.0001 ? "< 0.0001" : small.format(p)),
    signedPercent: (ratio) => formatChange(ratio, locale) ?? "—",
  };
}
