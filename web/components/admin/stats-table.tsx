import { formatCount } from "@/lib/format";
import type { RedemptionStat } from "@/lib/graphql/types";
import styles from "./admin.module.css";

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

export function StatsTable({ rows, highlighted }: { rows: RedemptionStat[]; highlighted: string | undefined }) {
  if (rows.length === 0) {
    return <p className={styles.empty}>No redemptions yet. New ones appear here as they happen.</p>;
  }
  return (
    <table className={styles.table}>
      <thead>
        <tr>
          <th scope="col">Benefit</th>
          <th scope="col" className={styles.numeric}>
            Redeemed
          </th>
          <th scope="col" className={styles.time}>
            Last update
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
            <td className={styles.time}>{formatTime(row.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
