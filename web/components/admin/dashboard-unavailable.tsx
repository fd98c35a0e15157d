import { LogoutButton } from "@/components/auth/logout-button";
import styles from "./admin.module.css";

export function DashboardUnavailable() {
  return (
    <div className={styles.unavailable} role="status" data-testid="dashboard-unavailable">
      <h1>The dashboard is unavailable right now</h1>
      <p>We could not load the redemption statistics. Please try again in a moment.</p>
      <LogoutButton />
    </div>
  );
}
