// A unit's burn against time: the committed share of its budget, day by day, beside the share of the period gone
// by. A line above the diagonal spends faster than the period passes.
import { getTranslations } from "next-intl/server";
import { Chart } from "@/components/cockpit/chart";
import type { ReportsBudgetBurnQuery } from "@/lib/gql/graphql";
import styles from "./reports.module.css";

type Point = ReportsBudgetBurnQuery["budgetBurn"][number]["burn"][number];

export async function BurnChart({ points, period }: { points: readonly Point[]; period: string }) {
  const t = await getTranslations("reports.burn");
  // 100% at least; above it (over budget) up to the next tenth, so the line stays inside the chart.
  const top = Math.max(1, Math.ceil(Math.max(0, ...points.map((p) => p.burnRatio)) * 10) / 10);
  return (
    <section className={styles.panel} aria-labelledby="burn-chart-title">
      <header className={styles.panelHeader}>
        <h2 id="burn-chart-title">{t("chartTitle")}</h2>
        <span className={styles.muted}>{period}</span>
      </header>
      {points.length ? (
        <Chart
          testId="burn-chart"
          label={t("chartTitle")}
          height={260}
          spec={{
            axisFormats: ["percent"],
            option: {
              grid: { left: 48, right: 16, top: 40, bottom: 32 },
              legend: { top: 0, itemGap: 24 },
              tooltip: { trigger: "axis" },
              xAxis: { type: "category", data: points.map((p) => p.day.slice(5)) },
              yAxis: { type: "value", min: 0, max: top },
              series: [
                {
                  type: "line",
                  name: t("chartBurn"),
                  data: points.map((p) => p.burnRatio),
                  showSymbol: false,
                  areaStyle: { opacity: 0.12 },
                },
                {
                  type: "line",
                  name: t("chartElapsed"),
                  data: points.map((p) => p.elapsedRatio),
                  showSymbol: false,
                  lineStyle: { type: "dashed" },
                },
              ],
            },
          }}
        />
      ) : (
        <p className={styles.empty}>{t("chartEmpty")}</p>
      )}
    </section>
  );
}
