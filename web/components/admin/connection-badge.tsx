import type { ConnectionStatus } from "@/lib/graphql/live-client";
import styles from "./admin.module.css";

const LABELS: Record<ConnectionStatus, string> = {
  connecting: "connecting",
  live: "live",
  reconnecting: "reconnecting",
  disconnected: "disconnected",
};

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span className={styles.badge} data-status={status} data-testid="connection-status" role="status">
      <span className={styles.dot} aria-hidden="true" />
      {LABELS[status]}
    </span>
  );
}
