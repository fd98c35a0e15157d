// The mall's heading: whose shelf this is when signed in, a general welcome otherwise.
import { LogoutButton } from "@/components/auth/logout-button";
import type { Viewer } from "@/lib/graphql/types";
import styles from "./mall.module.css";

export function MallHero({ viewer }: { viewer?: Viewer | undefined }) {
  return (
    <section className={styles.hero}>
      <div>
        <p className={styles.eyebrow}>
          <span lang="zh-CN">权益商城</span> · Benefit mall
        </p>
        <h1 className={styles.heroTitle}>
          {viewer ? `Benefits from ${viewer.tenantName}` : "Choose the benefits that suit you"}
        </h1>
        <p className={styles.heroLead}>
          {viewer ? (
            <>
              Signed in as <strong>{viewer.displayName}</strong>. Memberships, vouchers, top-ups and services, at your
              company’s prices.
            </>
          ) : (
            "Memberships, vouchers, top-ups and services from one shelf."
          )}
        </p>
      </div>
      {viewer && (
        <div className={styles.heroActions}>
          <LogoutButton />
        </div>
      )}
    </section>
  );
}
