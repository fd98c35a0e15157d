import { useTranslations } from "next-intl";
import type { ConnectionStatus } from "@/lib/graphql/live-client";
import styles from "./admin.module.css";

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const t = useTranslations("liveRedemptions.status");
  return (
    <span className={styles.badge} data-status={status} data-testid="connection-status" role="status">
      <span className={styles.dot} aria-hidden="true" />
      {t(status)}
    </span>
  );
}
