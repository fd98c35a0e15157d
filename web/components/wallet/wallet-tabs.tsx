// The wallet's state tabs: links, so each tab has its own URL and works without JavaScript.
import Link from "next/link";
import { WALLET_TABS, walletHref, type WalletTab } from "@/lib/wallet/tabs";
import styles from "./wallet.module.css";

export function WalletTabs({ current }: { current: WalletTab }) {
  return (
    <nav aria-label="Wallet states" className={styles.tabs}>
      {WALLET_TABS.map((tab) => (
        <Link
          key={tab.key}
          href={walletHref(tab)}
          aria-current={tab.key === current.key ? "page" : undefined}
          data-testid="wallet-tab"
          data-tab={tab.key}
        >
          <span lang="zh-CN">{tab.zh}</span> {tab.label}
        </Link>
      ))}
    </nav>
  );
}
