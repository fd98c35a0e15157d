// The entitlement state machine as a pure table: which moves are allowed,
// where each one leads and the event it writes. Every move is one guarded
// update from exactly these source states (see docs/entitlements.md).
import type { EntitlementState } from "@benefits-hub/platform/db/client";

export type Transition = "accept" | "redeem" | "expire" | "transfer" | "revoke";

interface Move {
  from: readonly EntitlementState[];
  to: EntitlementState;
  event: string;
}

const USABLE: readonly EntitlementState[] = ["ISSUED", "CLAIMED"];

const MOVES: Record<Transition, Move> = {
  accept: { from: ["ISSUED"], to: "CLAIMED", event: "entitlement.accepted" },
  redeem: { from: USABLE, to: "REDEEMED", event: "entitlement.redeemed" },
  expire: { from: USABLE, to: "EXPIRED", event: "entitlement.expired" },
  transfer: { from: USABLE, to: "TRANSFERRED", event: "entitlement.transferred_out" },
  revoke: { from: USABLE, to: "REVOKED", event: "entitlement.revoked" },
};

export const canMove = (from: EntitlementState, transition: Transition) => MOVES[transition].from.includes(from);
export const sourcesOf = (transition: Transition) => MOVES[transition].from;
export const targetOf = (transition: Transition) => MOVES[transition].to;
export const eventOf = (transition: Transition) => MOVES[transition].event;

/** Held and not used up: the states from which anything can still happen to it. */
export const isUsable = (state: EntitlementState) => USABLE.includes(state);

/** Past its expiry at `now` (an entitlement without one never expires). */
export const isPastExpiry = (expiresAt: Date | null, now: Date) => expiresAt !== null && expiresAt <= now;
