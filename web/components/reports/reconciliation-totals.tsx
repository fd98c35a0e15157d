// The three sides of a reconciliation side by side: what the supplier's statement bills, what we ordered, and
// the entitlements issued and redeemed; then how many lines matched and how many did not.
import { getTranslations } from "next-intl/server";
import type { ReportsReconciliationQuery } from "@/lib/gql/graphql";
import type { ReportFormats } from "./report-format";
import styles from "./reports.module.css";

type Recon = ReportsReconciliationQuery["reconciliation"];

export async function ReconciliationTotals({ recon, formats }: { recon: Recon; formats: ReportFormats }) {
  const t = await getTranslations("reports.recon");
  const sides = [
    {
      key: "statement",
      rows: [
        [t("lines"), formats.count(recon.statementLines)],
        [t("total"), formats.money(recon.statementTotal)],
      ],
    },
    {
      key: "orders",
      rows: [
        [t("orderCount"), formats.count(recon.orders)],
        [t("total"), formats.money(recon.ordersTotal)],
      ],
    },
    {
      key: "entitlements",
      rows: [
        [t("issued"), formats.count(recon.entitlementsIssued)],
        [t("redeemed"), formats.count(recon.entitlementsRedeemed)],
      ],
    },
  ] as const;
  return (
    <section className={styles.panel} aria-labelledby="recon-totals-title" data-testid="recon-totals">
      <header className={styles.panelHeader}>
        <h2 id="recon-totals-title">{t("totalsTitle")}</h2>
        <span className={styles.muted} data-testid="recon-matched">
          {t("matched", { matched: recon.matched, mismatches: recon.mismatches.length })}
        </span>
      </header>
      <div className={styles.totals}>
        {sides.map((side) => (
          <div key={side.key} className={styles.total} data-testid={`recon-${side.key}`}>
            <h3>{t(`sides.${side.key}`)}</h3>
            <dl>
              {side.rows.map(([label, value]) => (
                <div key={label}>
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </div>
    </section>
  );
}
