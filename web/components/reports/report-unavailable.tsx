// A report the gateway could not answer right now: said plainly, with a way to try again.
import { getTranslations } from "next-intl/server";
import { LogoutButton } from "@/components/auth/logout-button";
import styles from "@/components/admin/admin.module.css";

export async function ReportUnavailable({ retryHref }: { retryHref: string }) {
  const t = await getTranslations("reports.unavailable");
  return (
    <div className={styles.unavailable} role="alert" data-testid="report-unavailable">
      <h1>{t("title")}</h1>
      <p>{t("body")}</p>
      <a href={retryHref}>{t("retry")}</a>
      <LogoutButton />
    </div>
  );
}
