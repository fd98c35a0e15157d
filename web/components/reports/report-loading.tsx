// What a report page shows while the server gathers its figures (the route's loading.tsx): a plain status line
// and placeholder panels of the page's shape, so the layout does not jump when the figures arrive.
import { getTranslations } from "next-intl/server";
import styles from "./reports.module.css";

export async function ReportLoading() {
  const t = await getTranslations("reports");
  return (
    <div className={styles.stack} aria-busy="true" data-testid="report-loading">
      <section className={styles.panel}>
        <p className={styles.muted} role="status">
          {t("loading")}
        </p>
      </section>
      <section className={`${styles.panel} ${styles.placeholder}`} aria-hidden="true" />
      <section className={`${styles.panel} ${styles.placeholder}`} aria-hidden="true" />
    </div>
  );
}
