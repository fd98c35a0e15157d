// An entitlement's state in words (Chinese and English), coloured by whether it can still be used.
import type { EntitlementState } from "@/lib/wallet/tabs";
import styles from "./wallet.module.css";

export const STATE_LABELS: Record<EntitlementState, { zh: string; en: string }> = {
  ISSUED: { zh: "待领取", en: "Granted" },
  CLAIMED: { zh: "可使用", en: "Ready to use" },
  FULFILLING: { zh: "充值中", en: "Topping up" },
  REDEEMED: { zh: "已使用", en: "Used" },
  EXPIRED: { zh: "已过期", en: "Expired" },
  TRANSFERRED: { zh: "已转赠", en: "Given away" },
  REVOKED: { zh: "已撤回", en: "Revoked" },
};

export function StateBadge({ state }: { state: EntitlementState }) {
  const label = STATE_LABELS[state];
  return (
    <span className={styles.state} data-state={state} data-testid="entitlement-state">
      <span lang="zh-CN">{label.zh}</span> {label.en}
    </span>
  );
}
