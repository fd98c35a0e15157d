// Members: their wallet (卡包), one state tab and one page at a time, with what they can do with each entitlement.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { EntitlementCard } from "@/components/wallet/entitlement-card";
import { WalletHero } from "@/components/wallet/wallet-hero";
import { WalletTabs } from "@/components/wallet/wallet-tabs";
import styles from "@/components/wallet/wallet.module.css";
import { LogoutButton } from "@/components/auth/logout-button";
import { loginHref } from "@/lib/auth/return-path";
import { readToken } from "@/lib/auth/session";
import { getWallet } from "@/lib/graphql/wallet";
import { readWalletQuery, WALLET_PAGE_SIZE, walletHref } from "@/lib/wallet/tabs";

export const metadata: Metadata = { title: "Wallet" };
export const dynamic = "force-dynamic";

const PATH = "/wallet";

export default async function WalletPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const token = await readToken();
  if (!token) redirect(loginHref(PATH));
  const { tab, after } = readWalletQuery(await searchParams);

  const wallet = await getWallet(token, tab.states, WALLET_PAGE_SIZE, after);
  if (!wallet.ok) {
    if (wallet.failure === "unauthenticated") redirect(loginHref(PATH, "expired"));
    // A stale or edited cursor: the tab's first page instead.
    if (wallet.failure === "invalid" && after) redirect(walletHref(tab));
    return (
      <div className={styles.empty} role="status" data-testid="wallet-unavailable">
        <h2>Your wallet is unavailable right now</h2>
        <p>We could not load your benefits. Please try again in a moment.</p>
        <LogoutButton />
      </div>
    );
  }
  const { viewer, memberId, entitlements, nextCursor } = wallet.value;
  const now = new Date();
  return (
    <>
      <WalletHero viewer={viewer} memberId={memberId} />
      <WalletTabs current={tab} />
      {entitlements.length === 0 ? (
        <section className={styles.empty} data-testid="wallet-empty">
          <h2>{tab.states ? `Nothing here: ${tab.label.toLowerCase()}` : "Your wallet is empty"}</h2>
          <p>
            Benefits you claim in the <Link href="/#campaigns">mall</Link> or are given by your company appear here.
          </p>
          {after && (
            <p>
              <Link href={walletHref(tab)}>Back to the first page</Link>
            </p>
          )}
        </section>
      ) : (
        <ul className={styles.list} aria-label={`${tab.label} benefits`}>
          {entitlements.map((entitlement) => (
            <li key={entitlement.id}>
              <EntitlementCard entitlement={entitlement} now={now} />
            </li>
          ))}
        </ul>
      )}
      {(after || nextCursor) && (
        <nav className={styles.pagination} aria-label="Pages">
          {after && <Link href={walletHref(tab)}>First page</Link>}
          {nextCursor && (
            <Link href={walletHref(tab, nextCursor)} rel="next">
              Next page <span aria-hidden="true">→</span>
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
