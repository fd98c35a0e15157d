import { LogoutButton } from "@/components/auth/logout-button";
import type { Viewer } from "@/lib/graphql/types";
import styles from "./admin.module.css";

export function DashboardHeader({ viewer }: { viewer: Viewer }) {
  return (
    <header className={styles.header}>
      <div>
        <p className={styles.eyebrow}>
          <span lang="zh-CN">数据驾驶舱</span> · Dashboard
        </p>
        <h1 className={styles.title}>{viewer.tenantName}</h1>
        <p className={styles.viewer}>
          Signed in as <strong>{viewer.displayName}</strong>
        </p>
      </div>
      <LogoutButton />
    </header>
  );
}
