// The wallet's state tabs and its URL (?state=<tab>&after=<cursor>).
// Relative imports only: the unit test loads this file without the app's path aliases.

export const ENTITLEMENT_STATES = [
  "ISSUED",
  "CLAIMED",
  "FULFILLING",
  "REDEEMED",
  "EXPIRED",
  "TRANSFERRED",
  "REVOKED",
] as const;
export type EntitlementState = (typeof ENTITLEMENT_STATES)[number];

export interface WalletTab {
  key: string;
  label: string;
  zh: string;
  /** null: every state. */
  states: EntitlementState[] | null;
}

export const WALLET_TABS: readonly WalletTab[] = [
  { key: "all", label: "All", zh: "全部", states: null },
  { key: "usable", label: "Ready to use", zh: "可使用", states: ["ISSUED", "CLAIMED"] },
  // A top-up being ordered from the supplier (FULFILLING) is used already, unless the supplier refuses it.
  { key: "redeemed", label: "Used", zh: "已使用", states: ["REDEEMED", "FULFILLING"] },
  { key: "expired", label: "Expired", zh: "已过期", states: ["EXPIRED"] },
  { key: "transferred", label: "Given away", zh: "已转赠", states: ["TRANSFERRED"] },
  { key: "revoked", label: "Revoked", zh: "已撤回", states: ["REVOKED"] },
];

export const DEFAULT_TAB = WALLET_TABS[0]!;
export const WALLET_PAGE_SIZE = 10;
const MAX_CURSOR_LENGTH = 500;

export interface WalletQuery {
  tab: WalletTab;
  after: string | undefined;
}

const one = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? "";

/** An unknown tab is the default one; an empty or absurd cursor is the first page. */
export function readWalletQuery(params: Record<string, string | string[] | undefined>): WalletQuery {
  const key = one(params["state"]);
  const after = one(params["after"]);
  return {
    tab: WALLET_TABS.find((tab) => tab.key === key) ?? DEFAULT_TAB,
    after: after && after.length <= MAX_CURSOR_LENGTH ? after : undefined,
  };
}

export function walletHref(tab: WalletTab, after?: string | null): string {
  const params = new URLSearchParams();
  if (tab.key !== DEFAULT_TAB.key) params.set("state", tab.key);
  if (after) params.set("after", after);
  const search = params.toString();
  return search ? `/wallet?${search}` : "/wallet";
}
