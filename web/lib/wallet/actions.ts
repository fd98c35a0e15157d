// What a member may do with an entitlement, from its state and kind: the buttons its card shows.
// The API decides in the end (and answers in words when it refuses); this only hides what cannot work.
// Relative imports only: the unit test loads this file without the app's path aliases.
import type { EntitlementState } from "./tabs";

export type WalletAction =
  /** ISSUED -> CLAIMED. */
  | "accept"
  /** Show the card code and pin (card-code SKUs). */
  | "reveal"
  /** Send a direct top-up to an account. */
  | "topup"
  /** Mark it used (核销). */
  | "redeem"
  /** The code a partner scans or types at the point of service. */
  | "partnerCode"
  | "transfer"
  /** Choose a pack's options. */
  | "choosePack";

export interface ActionFacts {
  state: EntitlementState;
  fulfilmentKind: string | null;
  isPack: boolean;
  expiresAt: string | null;
  revealedAt: string | null;
  transferable: boolean;
  redemptionCode: string | null;
}

export function isPastExpiry(facts: Pick<ActionFacts, "expiresAt">, now: Date): boolean {
  return facts.expiresAt !== null && new Date(facts.expiresAt).getTime() <= now.getTime();
}

export function walletActions(facts: ActionFacts, now: Date): WalletAction[] {
  const usable = (facts.state === "ISSUED" || facts.state === "CLAIMED") && !isPastExpiry(facts, now);
  const actions: WalletAction[] = [];
  if (facts.isPack) {
    if (usable) actions.push("choosePack");
    return actions;
  }
  if (usable && facts.state === "ISSUED") actions.push("accept");
  if (facts.fulfilmentKind === "CARD_CODE") {
    // A revealed code can be shown again after it was used.
    if (usable || (facts.state === "REDEEMED" && facts.revealedAt)) actions.push("reveal");
  }
  if (usable && facts.fulfilmentKind === "DIRECT_TOPUP") {
    actions.push("topup");
  } else if (usable) {
    // Used by the member, or by a partner who is shown the redemption code.
    actions.push("redeem");
    if (facts.redemptionCode) actions.push("partnerCode");
  }
  if (usable && facts.transferable) actions.push("transfer");
  return actions;
}
