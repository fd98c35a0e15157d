// A campaign's A/B result: each variant's counts and redemption rate with its 95% interval drawn as a range, the
// two-proportion test's p-value, and the verdict in words: the winner only when the difference is significant.
import { getTranslations } from "next-intl/server";
import type { ReportsCampaignQuery } from "@/lib/gql/graphql";
import type { ReportFormats } from "./report-format";
import styles from "./reports.module.css";

type AbTest = NonNullable<NonNullable<ReportsCampaignQuery["campaignReport"]>["abTest"]>;

function clampPercent(ratio: number): number {
  return Math.min(100, Math.max(0, ratio * 100));
}

export async function AbPanel({ abTest, formats }: { abTest: AbTest | null; formats: ReportFormats }) {
  const t = await getTranslations("reports.ab");
  if (!abTest) {
    return (
      <section className={styles.panel} aria-labelledby="ab-title" data-testid="ab-panel" data-verdict="none">
        <header className={styles.panelHeader}>
          <h2 id="ab-title">{t("title")}</h2>
        </header>
        <p className={styles.empty} data-testid="ab-verdict">
          {t("noVariants")}
        </p>
      </section>
    );
  }
  const confidence = formats.percent(abTest.confidence).replace(/\.0(?=\s?%)/, "");
  const verdictKind = abTest.significant && abTest.winner ? "winner" : abTest.pValue == null ? "insufficient" : "none";
  const verdict =
    verdictKind === "winner"
      ? t("winner", { variant: abTest.winner ?? "", confidence, p: formats.pValue(abTest.pValue ?? 0) })
      : verdictKind === "insufficient"
        ? t("insufficient")
        : t("noDifference", { confidence, p: formats.pValue(abTest.pValue ?? 1) });
  // The intervals' common scale: up to the highest upper bound (at least 10%), so narrow rates stay visible.
  const scale = Math.max(0.1, ...abTest.variants.map((v) => v.rateHigh));
  return (
    <section
      className={styles.panel}
      aria-labelledby="ab-title"
      data-testid="ab-panel"
      data-verdict={verdictKind}
      data-winner={verdictKind === "winner" ? abTest.winner : undefined}
    >
      <header className={styles.panelHeader}>
        <h2 id="ab-title">{t("title")}</h2>
        <span className={styles.muted}>{t("subtitle")}</span>
      </header>
      <p className={styles.verdict} data-significant={verdictKind === "winner"} data-testid="ab-verdict" role="status">
        {verdict}
      </p>
      <div className={styles.tableWrap}>
        <table className={styles.table} data-testid="ab-table">
          <thead>
            <tr>
              <th scope="col">{t("variant")}</th>
              <th scope="col" className={styles.num}>
                {t("issued")}
              </th>
              <th scope="col" className={styles.num}>
                {t("claimed")}
              </th>
              <th scope="col" className={styles.num}>
                {t("redeemed")}
              </th>
              <th scope="col" className={styles.num}>
                {t("rate")}
              </th>
              <th scope="col">{t("interval")}</th>
              <th scope="col" className={styles.num}>
                {t("cost")}
              </th>
              <th scope="col" className={styles.num}>
                {t("costPerRedemption")}
              </th>
            </tr>
          </thead>
          <tbody>
            {abTest.variants.map((v) => {
              const isWinner = verdictKind === "winner" && v.variant === abTest.winner;
              return (
                <tr
                  key={v.variant}
                  className={isWinner ? styles.winnerRow : undefined}
                  data-testid="ab-variant"
                  data-variant={v.variant}
                >
                  <th scope="row">
                    {v.variant}
                    {isWinner && <span className={styles.winnerTag}>{t("winnerTag")}</span>}
                  </th>
                  <td className={styles.num}>{formats.count(v.issued)}</td>
                  <td className={styles.num}>{formats.count(v.claimed)}</td>
                  <td className={styles.num}>{formats.count(v.redeemed)}</td>
                  <td className={styles.num} data-testid="ab-rate">
                    {formats.percent(v.redemptionRate)}
                  </td>
                  <td data-testid="ab-interval">
                    <span className={styles.num}>
                      {t("range", { low: formats.percent(v.rateLow), high: formats.percent(v.rateHigh) })}
                    </span>
                    <div className={styles.interval} aria-hidden="true">
                      <div
                        className={styles.intervalRange}
                        style={{
                          left: `${clampPercent(v.rateLow / scale)}%`,
                          width: `${clampPercent((v.rateHigh - v.rateLow) / scale)}%`,
                        }}
                      />
                      <div
                        className={styles.intervalPoint}
                        style={{ left: `${clampPercent(v.redemptionRate / scale)}%` }}
                      />
                    </div>
                  </td>
                  <td className={styles.num}>{formats.money(v.cost)}</td>
                  <td className={styles.num}>
                    {v.costPerRedemption == null ? "—" : formats.money(v.costPerRedemption)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <dl className={styles.stats}>
        <div>
          <dt>{t("pValue")}</dt>
          <dd data-testid="ab-p-value">{abTest.pValue == null ? "—" : formats.pValue(abTest.pValue)}</dd>
        </div>
        <div>
          <dt>{t("zScore")}</dt>
          <dd>{abTest.zScore == null ? "—" : abTest.zScore.toFixed(2)}</dd>
        </div>
        <div>
          <dt>{t("confidence")}</dt>
          <dd>{confidence}</dd>
        </div>
      </dl>
      <p className={styles.footnote}>{t("method")}</p>
    </section>
  );
}
