// One entitlement in the wallet: what it is (benefit and SKU, in Chinese and English), its state and dates,
// where it came from, and the actions its state and kind allow.
import { formatChinaDate, formatChinaTime } from "@/lib/china-time";
import { formatFen } from "@/lib/format";
import type { WalletEntitlement } from "@/lib/graphql/wallet";
import { isPastExpiry, walletActions } from "@/lib/wallet/actions";
import { EntitlementActions } from "./entitlement-actions";
import { StateBadge } from "./state-badge";
import styles from "./wallet.module.css";

const DAY_MS = 24 * 60 * 60 * 1000;
const SOON_DAYS = 7;

function usedBy(redeemedBy: string | null): string {
  if (redeemedBy === "member") return "by you";
  if (redeemedBy === "topup") return "by top-up";
  if (redeemedBy === "pack") return "options chosen";
  if (redeemedBy?.startsWith("partner")) return "at a partner";
  return "";
}

function Expiry({ entitlement, now }: { entitlement: WalletEntitlement; now: Date }) {
  if (!entitlement.expiresAt) return <>No expiry</>;
  const date = formatChinaDate(entitlement.expiresAt);
  const usable = entitlement.state === "ISSUED" || entitlement.state === "CLAIMED";
  if (!usable) return <time dateTime={entitlement.expiresAt}>{date}</time>;
  if (isPastExpiry(entitlement, now)) return <span className={styles.soon}>{date} (expired)</span>;
  const days = Math.ceil((new Date(entitlement.expiresAt).getTime() - now.getTime()) / DAY_MS);
  return (
    <time dateTime={entitlement.expiresAt} className={days <= SOON_DAYS ? styles.soon : undefined}>
      {date} ({days === 1 ? "1 day left" : `${days} days left`})
    </time>
  );
}

export function EntitlementCard({ entitlement, now }: { entitlement: WalletEntitlement; now: Date }) {
  const titleId = `entitlement-${entitlement.id}`;
  const actions = walletActions(entitlement, now);
  const usable = entitlement.state === "ISSUED" || entitlement.state === "CLAIMED";
  const { benefit, sku, pack } = entitlement;
  return (
    <article
      className={styles.card}
      aria-labelledby={titleId}
      data-testid="entitlement"
      data-entitlement-id={entitlement.id}
      data-usable={usable}
    >
      <header className={styles.cardHead}>
        <StateBadge state={entitlement.state} />
        <div>
          <h2 className={styles.name} id={titleId} lang="zh-CN" data-testid="entitlement-benefit">
            {benefit.name}
          </h2>
          <p className={styles.sub}>
            {sku ? (
              <>
                <span lang="zh-CN">{sku.name}</span> · {sku.nameEn}
              </>
            ) : (
              benefit.nameEn
            )}
          </p>
        </div>
      </header>
      <dl className={styles.facts}>
        <dt>Expires</dt>
        <dd data-testid="entitlement-expiry">
          <Expiry entitlement={entitlement} now={now} />
        </dd>
        <dt>{entitlement.claimedAt ? "Claimed" : "Granted"}</dt>
        <dd>{formatChinaTime(entitlement.claimedAt ?? entitlement.issuedAt)}</dd>
        {entitlement.redeemedAt && (
          <>
            <dt>Used</dt>
            <dd>
              {formatChinaTime(entitlement.redeemedAt)} {usedBy(entitlement.redeemedBy)}
            </dd>
          </>
        )}
        {entitlement.campaignName && (
          <>
            <dt>From</dt>
            <dd>
              {entitlement.campaignName}
              {entitlement.received && " · a colleague’s gift"}
            </dd>
          </>
        )}
        {pack && (
          <>
            <dt>Pack</dt>
            <dd>
              Choose {pack.choose} of {pack.options.length}, up to {formatFen(pack.allowanceFen)} in all
            </dd>
          </>
        )}
        {entitlement.chosen.length > 0 && (
          <>
            <dt>Chosen</dt>
            <dd lang="zh-CN">{entitlement.chosen.map((option) => option.name).join("、")}</dd>
          </>
        )}
      </dl>
      {actions.length > 0 && (
        <EntitlementActions
          id={entitlement.id}
          actions={actions}
          redemptionCode={entitlement.redemptionCode}
          pack={pack}
        />
      )}
    </article>
  );
}
