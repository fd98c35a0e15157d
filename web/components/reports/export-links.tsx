// Export buttons: the report as CSV (streamed) or XLSX from the export route, with the page's filters and language.
import { getLocale, getTranslations } from "next-intl/server";
import { EXPORT_FORMATS, exportHref } from "./report-params";
import styles from "./reports.module.css";

export async function ExportLinks({
  report,
  params,
}: {
  report: "campaign" | "reconciliation";
  params: Record<string, string | undefined>;
}) {
  const [t, locale] = await Promise.all([getTranslations("reports.export"), getLocale()]);
  return (
    <div className={styles.actions} role="group" aria-label={t("label")} data-testid="export-links">
      {EXPORT_FORMATS.map((format) => (
        <a
          key={format}
          className={styles.buttonQuiet}
          href={exportHref(report, params, format, locale)}
          download
          data-testid={`export-${format}`}
        >
          <span aria-hidden="true">⤓</span> {t(format)}
        </a>
      ))}
    </div>
  );
}
