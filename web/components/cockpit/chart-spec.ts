// A chart as plain data that can travel from a server component to the browser (no functions), plus the
// number formats its axes and tooltips use. withFormatters() turns the named formats into ECharts formatter
// functions, identically on the server (SVG for the first HTML) and in the browser (the live chart).
import type { EChartsCoreOption } from "echarts/core";
import { formatInteger, formatPercent, formatYuan } from "@/lib/i18n/format";
import type { Locale } from "@/lib/i18n/config";

/** count: 1,234 · yuan: values are fen, shown as ¥ · percent: values are ratios (0.25 → 25%). */
export type ChartFormat = "count" | "yuan" | "percent";

export interface ChartSpec {
  /** An ECharts option with JSON values only; series values in the unit their format names (fen for yuan). */
  option: EChartsCoreOption;
  /** The format of each value axis (index = yAxisIndex, or xAxisIndex for horizontal bars); count when absent. */
  axisFormats?: ChartFormat[];
  /** Values on the category axis are horizontal bars' values: format the x axis instead of the y axis. */
  horizontal?: boolean;
}

export const CHART_PALETTE = ["#d9363e", "#1c7ed6", "#2f9e44", "#7048e8", "#e8590c", "#0c8599", "#c2255c"];

function formatter(format: ChartFormat, locale: Locale, compact: boolean): (value: unknown) => string {
  return (value: unknown) => {
    const number = typeof value === "number" ? value : Number(value);
    if (!Number.isFinite(number)) return "–";
    if (format === "yuan") return formatYuan(number, locale, { compact });
    if (format === "percent") return formatPercent(number, locale, compact ? 0 : 1);
    return formatInteger(number, locale, { compact });
  };
}

type Obj = Record<string, unknown>;
const asList = (value: unknown): Obj[] => (Array.isArray(value) ? value : value ? [value] : []) as Obj[];

/** The spec's option with axis labels and tooltips formatted for `locale`, and the cockpit's palette and font. */
export function withFormatters(spec: ChartSpec, locale: Locale): EChartsCoreOption {
  const formats = spec.axisFormats ?? ["count"];
  const option = spec.option as Obj;
  const valueAxisKey = spec.horizontal ? "xAxis" : "yAxis";
  const valueAxes = asList(option[valueAxisKey]).map((axis, index) => ({
    ...axis,
    axisLabel: {
      ...(axis["axisLabel"] as Obj | undefined),
      formatter: formatter(formats[index] ?? "count", locale, true),
    },
  }));
  const series = asList(option["series"]).map((s) => {
    const axisIndex = Number((spec.horizontal ? s["xAxisIndex"] : s["yAxisIndex"]) ?? 0);
    const format = (s["format"] as ChartFormat | undefined) ?? formats[axisIndex] ?? "count";
    return {
      ...s,
      tooltip: { ...(s["tooltip"] as Obj | undefined), valueFormatter: formatter(format, locale, false) },
    };
  });
  return {
    color: CHART_PALETTE,
    textStyle: { fontFamily: "inherit" },
    ...option,
    ...(valueAxes.length ? { [valueAxisKey]: Array.isArray(option[valueAxisKey]) ? valueAxes : valueAxes[0] } : {}),
    series,
  };
}

export const ECHARTS_LOCALE: Record<Locale, string> = { "zh-CN": "ZH", en: "EN" };
