import { useTranslations } from "next-intl";
import { formatChinaTime } from "@/lib/china-time";
import { formatCount } from "@/lib/format";
import type { RedemptionStat } from "@/lib/graphql/types";
import styles from "./admin.module.css";

export function StatsTable({ rows, highlighted }: { rows: RedemptionStat[]; highlighted: string | undefined }) {
  const t = useTranslations("liveRedemptions");
  if (rows.length === 0) {
    return <p className={styles.empty}>{t("empty")}</p>;
  }
  return (
    <table className={styles.table}>
      <thead>
        <tr>
          <th scope="col">{t("benefit")}</th>
          <th scope="col" className={styles.numeric}>
            {t("redeemed")}
          </th>
          <th scope="col" className={styles.time}>
            {t("lastUpdate")}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.benefitId} className={row.benefitId === highlighted ? styles.flash : undefined}>
            <th scope="row">{row.benefitName}</th>
            <td className={styles.numeric} data-testid={`redemptions-${row.benefitId}`}>
              {formatCount(row.redeemedCount)}
            </td>
            <td className={styles.time}>{formatChinaTime(row.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
