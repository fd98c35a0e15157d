// A cockpit chart: rendered to SVG on the server (in the first HTML), hydrated by ECharts in the browser.
// Usage (server component): <Chart spec={{ option, axisFormats: ["count", "yuan"] }} height={280} label="…" />
import { getLocale } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import type { ChartSpec } from "./chart-spec";
import { renderChartSvg } from "./chart-svg";
import { ChartView } from "./chart-view";

interface Props {
  spec: ChartSpec;
  height?: number;
  /** What the chart shows, for screen readers (role="img"). */
  label: string;
  testId?: string;
}

export async function Chart({ spec, height = 300, label, testId }: Props) {
  const locale = (await getLocale()) as Locale;
  return (
    <ChartView spec={spec} svg={renderChartSvg(spec, locale, height)} height={height} label={label} testId={testId} />
  );
}
