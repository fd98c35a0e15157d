// A campaign's headline figures: what was issued, claimed and redeemed, what it cost and what members received,
// the budget used against the plan, cost per redemption and ROI (its formula in a footnote and a tooltip).
import { getTranslations } from "next-intl/server";
import type { ReportsCampaignQuery } from "@/lib/gql/graphql";
import { fenToYuan } from "@/lib/i18n/format";
import { share } from "./report-params";
import type { ReportFormats } from "./report-format";
import styles from "./reports.module.css";

type Report = NonNullable<ReportsCampaignQuery["campaignReport"]>;

export async function CampaignKpis({ report, formats }: { report: Report; formats: ReportFormats }) {
  const t = await getTranslations("reports.campaign");
  const { counts } = report;
  const planned = report.plannedBudget == null ? null : fenToYuan(report.plannedBudget);
  const used = fenToYuan(report.budgetUsed);
  const usedShare = planned === null ? 0 : share(used, planned);
  const tiles: { key: string; label: string; value: string; note?: string; tone?: "positive" | "negative" }[] = [
    { key: "issued", label: t("issued"), value: formats.count(counts.issued) },
    { key: "claimed", label: t("claimed"), value: formats.count(counts.claimed) },
    { key: "redeemed", label: t("redeemed"), value: formats.count(counts.redeemed) },
    {
      key: "rate",
      label: t("rate"),
      value: formats.percent(counts.redemptionRate),
      note: t("rateNote"),
    },
    { key: "cost", label: t("cost"), value: formats.money(counts.cost), note: t("costNote") },
    { key: "faceValue", label: t("faceValue"), value: formats.money(counts.faceValue) },
    {
      key: "costPerRedemption",
      label: t("costPerRedemption"),
      value: report.costPerRedemption == null ? "—" : formats.money(report.costPerRedemption),
      note: report.costPerRedemption == null ? t("nothingRedeemed") : undefined,
    },
  ];
  const roi = report.roi;
  return (
    <section className={styles.panel} aria-labelledby="campaign-kpis-title" data-testid="campaign-kpis">
      <header className={styles.panelHeader}>
        <h2 id="campaign-kpis-title">{t("kpisTitle")}</h2>
      </header>
      <dl className={styles.kpis}>
        {tiles.map((tile) => (
          <div key={tile.key} className={styles.kpi} data-testid={`kpi-${tile.key}`}>
            <dt>{tile.label}</dt>
            <dd>
              <span className={styles.figure} data-testid={`kpi-${tile.key}-value`}>
                {tile.value}
              </span>
              {tile.note && <span className={styles.kpiNote}>{tile.note}</span>}
            </dd>
          </div>
        ))}
        <div className={styles.kpi} data-testid="kpi-roi">
          <dt>
            <abbr className={styles.hint} title={t("roiFormula")}>
              {t("roi")}
            </abbr>
            <sup aria-hidden="true">*</sup>
          </dt>
          <dd>
            <span
              data-testid="kpi-roi-value"
              className={roi == null ? undefined : roi >= 0 ? styles.positive : styles.negative}
            >
              {roi == null ? "—" : formats.signedPercent(roi)}
            </span>
            {roi == null && <span className={styles.kpiNote}>{t("roiNone")}</span>}
          </dd>
        </div>
        <div className={`${styles.kpi} ${styles.wide}`} data-testid="kpi-budget">
          <dt>{t("budget")}</dt>
          <dd>
            <span data-testid="kpi-budget-value">
              {planned === null
                ? t("budgetNoPlan", { used: formats.money(report.budgetUsed) })
                : t("budgetUsedOf", {
                    used: formats.money(report.budgetUsed),
                    planned: formats.money(report.plannedBudget ?? 0),
                  })}
            </span>
            {planned !== null && (
              <>
                <div
                  className={styles.bar}
                  role="meter"
                  aria-label={t("budget")}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(usedShare * 100)}
                >
                  <div
                    className={styles.barFill}
                    data-over={usedShare > 1}
                    style={{ width: `${Math.min(100, usedShare * 100)}%` }}
                  />
                </div>
                <span className={styles.kpiNote}>
                  {t("budgetShare", { share: formats.percent(report.budgetUsedRatio ?? usedShare) })}
                </span>
              </>
            )}
          </dd>
        </div>
      </dl>
      <p className={styles.footnote} data-testid="roi-footnote">
        <sup aria-hidden="true">*</sup> {t("roiFormula")} {t("budgetFootnote")}
      </p>
    </section>
  );
}
