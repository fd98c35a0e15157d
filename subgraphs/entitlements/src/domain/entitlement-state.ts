// The entitlement state machine as a pure table: which moves are allowed.
import type { EntitlementState } from "@benefits-hub/platform/db/client";

export type Transition = "claim" | "redeem" | "expire" | "transfer" | "revoke";

const moves: Record<Transition, readonly EntitlementState[]> = {
  claim: ["ISSUED"],
  redeem: ["ISSUED", "CLAIMED"],
  expire: ["ISSUED", "CLAIMED"],
  transfer: ["ISSUED", "CLAIMED"],
  revoke: ["ISSUED", "CLAIMED"],
};

const targets: Record<Transition, EntitlementState> = {
  claim: "CLAIMED",
  redeem: "REDEEMED",
  expire: "EXPIRED",
  transfer: "TRANSFERRED",
  revoke: "REVOKED",
};

export const canMove = (from: EntitlementState, transition: Transition) => moves[transition].includes(from);
export const sourcesOf = (transition: Transition) => moves[transition];
export const targetOf = (transition: Transition) => targets[transition];
