// The budget period (YYYY-MM, as membership names periods): a month field in a plain GET form, and links to the
// months either side. The unit drilled into stays chosen.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { shiftPeriod } from "./report-params";
import styles from "./reports.module.css";

export function burnHref(period: string, unit?: string): string {
  const query = new URLSearchParams({ period });
  if (unit) query.set("unit", unit);
  return `/admin/budgets/burn?${query.toString()}`;
}

export async function PeriodPicker({ period, unit }: { period: string; unit?: string }) {
  const t = await getTranslations("reports.burn");
  return (
    <form className={styles.filters} method="get" action="/admin/budgets/burn" data-testid="period-picker">
      <Link className={styles.buttonQuiet} href={burnHref(shiftPeriod(period, -1), unit)} rel="prev">
        <span aria-hidden="true">←</span> {t("previousPeriod")}
      </Link>
      <label className={styles.field}>
        {t("period")}
        <input type="month" name="period" defaultValue={period} required pattern="\d{4}-\d{2}" />
      </label>
      {unit && <input type="hidden" name="unit" value={unit} />}
      <button type="submit" className={styles.button}>
        {t("show")}
      </button>
      <Link className={styles.buttonQuiet} href={burnHref(shiftPeriod(period, 1), unit)} rel="next">
        {t("nextPeriod")} <span aria-hidden="true">→</span>
      </Link>
    </form>
  );
}
