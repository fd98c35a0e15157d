// A campaign's issued, claimed and redeemed per day, week or month: a line chart drawn on the server as SVG (the
// cockpit's Chart), or a plain sentence when nothing happened in the period.
import { getTranslations } from "next-intl/server";
import { Chart } from "@/components/cockpit/chart";
import type { ReportsCampaignQuery } from "@/lib/gql/graphql";
import type { Granularity } from "./report-params";
import styles from "./reports.module.css";

type Point = NonNullable<ReportsCampaignQuery["campaignReport"]>["series"][number];

export async function CampaignSeries({ series, granularity }: { series: readonly Point[]; granularity: Granularity }) {
  const [t, tRange] = await Promise.all([getTranslations("reports.campaign"), getTranslations("reports.range")]);
  const active = series.some((p) => p.counts.issued || p.counts.claimed || p.counts.redeemed);
  const line = (name: string, values: number[]) => ({
    type: "line",
    name,
    data: values,
    showSymbol: series.length <= 31,
    smooth: false,
  });
  return (
    <section className={styles.panel} aria-labelledby="campaign-series-title">
      <header className={styles.panelHeader}>
        <h2 id="campaign-series-title">{t("seriesTitle")}</h2>
        <span className={styles.muted}>{tRange(`granularities.${granularity}`)}</span>
      </header>
      {active ? (
        <Chart
          testId="campaign-series"
          label={t("seriesTitle")}
          height={280}
          spec={{
            axisFormats: ["count"],
            option: {
              grid: { left: 48, right: 16, top: 40, bottom: 32 },
              legend: { top: 0, itemGap: 24 },
              tooltip: { trigger: "axis" },
              xAxis: { type: "category", data: series.map((p) => p.period) },
              yAxis: { type: "value", minInterval: 1 },
              series: [
                line(
                  t("seriesIssued"),
                  series.map((p) => p.counts.issued),
                ),
                line(
                  t("seriesClaimed"),
                  series.map((p) => p.counts.claimed),
                ),
                line(
                  t("seriesRedeemed"),
                  series.map((p) => p.counts.redeemed),
                ),
              ],
            },
          }}
        />
      ) : (
        <p className={styles.empty} data-testid="campaign-series-empty">
          {t("seriesEmpty")}
        </p>
      )}
    </section>
  );
}
