// The campaign report's period and bucket size, as a plain GET form: the URL holds the filter, so a report can be
// shared and reloaded, and the form works before any script has loaded.
import { getTranslations } from "next-intl/server";
import { GRANULARITIES, type Granularity } from "./report-params";
import styles from "./reports.module.css";

export async function CampaignRangeForm({
  action,
  from,
  to,
  granularity,
}: {
  action: string;
  from?: string;
  to?: string;
  granularity: Granularity;
}) {
  const t = await getTranslations("reports.range");
  return (
    <form className={styles.filters} method="get" action={action} data-testid="range-form">
      <label className={styles.field}>
        {t("from")}
        <input type="date" name="from" defaultValue={from} />
      </label>
      <label className={styles.field}>
        {t("to")}
        <input type="date" name="to" defaultValue={to} />
      </label>
      <label className={styles.field}>
        {t("granularity")}
        <select name="granularity" defaultValue={granularity}>
          {GRANULARITIES.map((g) => (
            <option key={g} value={g}>
              {t(`granularities.${g}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={styles.button}>
        {t("apply")}
      </button>
      {(from || to) && (
        <a className={styles.buttonQuiet} href={`${action}?granularity=${granularity}`}>
          {t("wholeLife")}
        </a>
      )}
    </form>
  );
}
