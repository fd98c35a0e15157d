// One unit's budget in a period: allocated, passed on, reserved, committed, released, remaining, and how its burn
// compares with the share of the period gone by.
import { getTranslations } from "next-intl/server";
import type { ReportsBudgetBurnQuery } from "@/lib/gql/graphql";
import type { ReportFormats } from "./report-format";
import styles from "./reports.module.css";

type Burn = ReportsBudgetBurnQuery["budgetBurn"][number];

export async function BurnSummary({ burn, formats }: { burn: Burn; formats: ReportFormats }) {
  const t = await getTranslations("reports.burn");
  const last = burn.burn.at(-1);
  const burned = last?.burnRatio ?? 0;
  const elapsed = last?.elapsedRatio ?? 0;
  const figures = [
    ["allocated", burn.allocated],
    ["allocatedOut", burn.allocatedOut],
    ["reserved", burn.reserved],
    ["committed", burn.committed],
    ["released", burn.released],
    ["remaining", burn.remaining],
  ] as const;
  return (
    <section className={styles.panel} aria-labelledby="burn-summary-title" data-testid="burn-summary">
      <header className={styles.panelHeader}>
        <h2 id="burn-summary-title">{t("summaryTitle")}</h2>
      </header>
      <dl className={styles.kpis}>
        {figures.map(([key, fen]) => (
          <div key={key} className={styles.kpi} data-testid={`burn-${key}`}>
            <dt>{t(key)}</dt>
            <dd className={styles.figure}>{formats.money(fen)}</dd>
          </div>
        ))}
        <div className={`${styles.kpi} ${styles.wide}`} data-testid="burn-pace">
          <dt>{t("pace")}</dt>
          <dd>
            <span className={styles.kpiText}>
              {t("paceValue", { burned: formats.percent(burned), elapsed: formats.percent(elapsed) })}
            </span>
            <div className={styles.bar} aria-hidden="true">
              <div
                className={styles.barFill}
                data-over={burned > elapsed}
                style={{ width: `${Math.min(100, burned * 100)}%` }}
              />
            </div>
            <span className={styles.kpiNote}>
              {last ? (burned > elapsed ? t("paceAhead") : t("paceOnTrack")) : t("paceNone")}
            </span>
          </dd>
        </div>
      </dl>
      <p className={styles.footnote}>{t("remainingNote")}</p>
    </section>
  );
}
