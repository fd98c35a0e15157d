// Server side: a chart rendered to an SVG string with ECharts' SSR mode, so the first HTML already shows it
// (no blank box while scripts load, and the page is readable with scripts off). The browser then takes over.
import type { Locale } from "@/lib/i18n/config";
import { ECHARTS_LOCALE, withFormatters, type ChartSpec } from "./chart-spec";
import { echarts } from "./echarts";

/** The width the server lays a chart out at; the SVG has a viewBox, so it scales to its box until the browser redraws. */
export const SSR_CHART_WIDTH = 760;

export function renderChartSvg(spec: ChartSpec, locale: Locale, height: number, width = SSR_CHART_WIDTH): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height, locale: ECHARTS_LOCALE[locale] });
  try {
    chart.setOption({ ...withFormatters(spec, locale), animation: false });
    return chart.renderToSVGString({ useViewBox: true });
  } finally {
    chart.dispose();
  }
}
