// Issued, claimed and redeemed per day, week or month (lines, left axis) with the cost of what was redeemed
// (bars, right axis, yuan). The granularity switch is links, like the range presets.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { CockpitData } from "./load";
import { Chart } from "./chart";
import type { ChartSpec } from "./chart-spec";
import { cockpitSearch, GRANULARITIES, type CockpitState, type Granularity } from "./params";
import styles from "./cockpit.module.css";

type Series = CockpitData["cockpitTimeSeries"];

function periodLabel(period: string, granularity: Granularity): string {
  return granularity === "MONTH" ? period.slice(0, 7) : period.slice(5);
}

export function seriesSpec(series: Series, granularity: Granularity, names: Record<string, string>): ChartSpec {
  // Without any cost in the period the cost bars and their axis would only show ¥0 down the right side.
  const withCost = series.some((point) => Number(point.counts.cost) > 0);
  const line = (key: "issued" | "claimed" | "redeemed") => ({
    type: "line",
    name: names[key],
    smooth: true,
    showSymbol: series.length <= 31,
    data: series.map((point) => point.counts[key]),
  });
  return {
    axisFormats: withCost ? ["count", "yuan"] : ["count"],
    option: {
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, itemWidth: 14, itemHeight: 8, itemGap: 16 },
      tooltip: { trigger: "axis" },
      xAxis: {
        type: "category",
        // At most about seven labels, so they stay apart on a phone too.
        axisLabel: { hideOverlap: true, interval: Math.max(0, Math.ceil(series.length / 7) - 1) },
        data: series.map((point) => periodLabel(point.period, granularity)),
      },
      yAxis: [
        { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eef0f5" } } },
        ...(withCost ? [{ type: "value", splitLine: { show: false } }] : []),
      ],
      series: [
        line("issued"),
        line("claimed"),
        line("redeemed"),
        ...(withCost
          ? [
              {
                type: "bar",
                name: names["cost"],
                yAxisIndex: 1,
                barMaxWidth: 18,
                itemStyle: { opacity: 0.35 },
                data: series.map((point) => Number(point.counts.cost)),
              },
            ]
          : []),
      ],
    },
  };
}

export async function SeriesPanel({ series, state, path }: { series: Series; state: CockpitState; path: string }) {
  const t = await getTranslations("cockpit");
  const empty = series.every((p) => p.counts.issued + p.counts.claimed + p.counts.redeemed === 0);
  const names = {
    issued: t("kpi.issued"),
    claimed: t("kpi.claimed"),
    redeemed: t("kpi.redeemed"),
    cost: t("kpi.cost"),
  };
  return (
    <section className={styles.panel} aria-labelledby="cockpit-series-title" data-testid="cockpit-series">
      <header className={styles.panelHeader}>
        <h2 id="cockpit-series-title">{t("series.title")}</h2>
        <nav className={styles.segmented} aria-label={t("series.granularity")}>
          {GRANULARITIES.map((granularity) => (
            <Link
              key={granularity}
              href={`${path}?${cockpitSearch({ ...state, granularity })}`}
              className={styles.chipButton}
              aria-current={state.granularity === granularity ? "true" : undefined}
              data-granularity={granularity}
              scroll={false}
            >
              {t(`series.${granularity}`)}
            </Link>
          ))}
        </nav>
      </header>
      {empty ? (
        <p className={styles.state} data-testid="series-empty">
          {t("empty.period")}
        </p>
      ) : (
        <Chart
          spec={seriesSpec(series, state.granularity, names)}
          height={300}
          label={t("series.chartLabel", { from: state.from, to: state.to })}
          testId="series-chart"
        />
      )}
    </section>
  );
}
