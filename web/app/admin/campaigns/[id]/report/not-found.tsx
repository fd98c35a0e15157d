// An unknown campaign (or one of another tenant, which reads the same): said plainly, with the way back.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import styles from "@/components/admin/admin.module.css";

export default async function CampaignReportNotFound() {
  const t = await getTranslations("reports.campaign");
  return (
    <div className={styles.unavailable} role="status" data-testid="report-not-found">
      <h1>{t("notFoundTitle")}</h1>
      <p>{t("notFoundBody")}</p>
      <Link href="/admin/campaigns">{t("back")}</Link>
    </div>
  );
}
