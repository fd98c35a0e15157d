// The funnel issued → claimed → redeemed for the filter, as a chart and as the three rates in figures.
import { getLocale, getTranslations } from "next-intl/server";
import type { Locale } from "@/lib/i18n/config";
import { formatPercent } from "@/lib/i18n/format";
import type { CockpitData } from "./load";
import { Chart } from "./chart";
import type { ChartSpec } from "./chart-spec";
import styles from "./cockpit.module.css";

type Funnel = CockpitData["cockpitFunnel"];

export function funnelSpec(funnel: Funnel, names: { issued: string; claimed: string; redeemed: string }): ChartSpec {
  return {
    option: {
      tooltip: { trigger: "item" },
      series: [
        {
          type: "funnel",
          name: names.issued,
          left: "8%",
          right: "8%",
          top: 8,
          bottom: 8,
          sort: "none",
          gap: 4,
          minSize: "36%",
          label: { show: true, position: "inside", formatter: "{b}\n{c}", color: "#fff", fontWeight: 600 },
          data: [
            { name: names.issued, value: funnel.issued },
            { name: names.claimed, value: funnel.claimed },
            { name: names.redeemed, value: funnel.redeemed },
          ],
        },
      ],
    },
  };
}

export async function FunnelPanel({ funnel }: { funnel: Funnel }) {
  const [t, locale] = await Promise.all([getTranslations("cockpit"), getLocale() as Promise<Locale>]);
  const names = { issued: t("kpi.issued"), claimed: t("kpi.claimed"), redeemed: t("kpi.redeemed") };
  return (
    <section className={styles.panel} aria-labelledby="cockpit-funnel-title" data-testid="cockpit-funnel">
      <header className={styles.panelHeader}>
        <h2 id="cockpit-funnel-title">{t("funnel.title")}</h2>
      </header>
      {funnel.issued === 0 && funnel.claimed === 0 && funnel.redeemed === 0 ? (
        <p className={styles.state}>{t("empty.period")}</p>
      ) : (
        <Chart spec={funnelSpec(funnel, names)} height={230} label={t("funnel.chartLabel")} testId="funnel-chart" />
      )}
      <dl className={styles.funnelRates}>
        <div>
          <dt>{t("funnel.claimRate")}</dt>
          <dd data-testid="funnel-claim-rate">{formatPercent(funnel.claimRate, locale)}</dd>
        </div>
        <div>
          <dt>{t("funnel.redemptionRate")}</dt>
          <dd>{formatPercent(funnel.redemptionRate, locale)}</dd>
        </div>
        <div>
          <dt>{t("funnel.overallRate")}</dt>
          <dd>{formatPercent(funnel.overallRate, locale)}</dd>
        </div>
      </dl>
    </section>
  );
}
