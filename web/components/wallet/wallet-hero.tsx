// The wallet's heading: whose wallet, and the way back to the mall.
import Link from "next/link";
import { LogoutButton } from "@/components/auth/logout-button";
import type { Viewer } from "@/lib/graphql/types";
import styles from "./wallet.module.css";

export function WalletHero({ viewer, memberId }: { viewer: Viewer; memberId: string }) {
  return (
    <section className={styles.hero}>
      <div>
        <p className={styles.eyebrow}>
          <span lang="zh-CN">我的卡包</span> · My wallet
        </p>
        <h1 className={styles.title}>Your benefits</h1>
        <p className={styles.lead}>
          Signed in as <strong>{viewer.displayName}</strong> ({viewer.tenantName}). Claim more in the{" "}
          <Link href="/#campaigns">mall</Link>.
        </p>
        <p className={styles.lead}>
          Your member id, for a colleague’s gift: <code data-testid="my-member-id">{memberId}</code>
        </p>
      </div>
      <LogoutButton />
    </section>
  );
}
