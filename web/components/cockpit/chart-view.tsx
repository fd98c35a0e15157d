"use client";
// Browser side of a chart: shows the server's SVG at once, then ECharts takes the box over (tooltips, legend
// toggles, redraws at the box's real width) and follows later specs (live updates) without a reload.
import { useLocale } from "next-intl";
import { useEffect, useRef, useState } from "react";
import type { Locale } from "@/lib/i18n/config";
import { ECHARTS_LOCALE, withFormatters, type ChartSpec } from "./chart-spec";
import { echarts } from "./echarts";
import styles from "./cockpit.module.css";

interface Props {
  spec: ChartSpec;
  /** The server's rendering of `spec` (chart-svg.ts). */
  svg: string;
  height: number;
  label: string;
  testId?: string;
}

export function ChartView({ spec, svg, height, label, testId }: Props) {
  const locale = useLocale() as Locale;
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  // The first SVG only: later specs are drawn by ECharts, never by replacing the box's HTML.
  const [initialSvg] = useState(svg);
  const [hydrated, setHydrated] = useState(false);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    element.innerHTML = "";
    const instance = echarts.init(element, null, { renderer: "svg", locale: ECHARTS_LOCALE[locale], height });
    chart.current = instance;
    setHydrated(true);
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [locale, height]);

  // The first drawing replaces the server's identical SVG: no animation (it would look like a flicker).
  const drawn = useRef(false);
  useEffect(() => {
    if (!chart.current) return;
    const option = withFormatters(spec, locale);
    chart.current.setOption(drawn.current ? option : { ...option, animation: false }, { notMerge: true });
    drawn.current = true;
  }, [spec, locale, hydrated]);

  return (
    <div
      ref={box}
      className={styles.chart}
      style={{ minHeight: height }}
      role="img"
      aria-label={label}
      data-testid={testId}
      data-hydrated={hydrated ? "true" : "false"}
      dangerouslySetInnerHTML={{ __html: initialSvg }}
    />
  );
}
