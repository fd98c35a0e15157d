// The hash chain of an entitlement's events: what a link's hash covers, and
// how a chain is checked. Pure functions; the repository stores the links.
import { createHash } from "node:crypto";
import { canonicalJson } from "@benefits-hub/platform/idempotency";

// Keys sorted at every level, so equal payloads hash equally whatever the key order (stored hashes depend on it).
export { canonicalJson };

export interface ChainLink {
  tenantId: string;
  entitlementId: string;
  chainSeq: number;
  type: string;
  payload: unknown;
  occurredAt: Date;
  prevHash: string | null;
}

/** SHA-256 (hex) over the link's fields and the previous link's hash. */
export function linkHash(link: ChainLink): string {
  const body = canonicalJson({
    tenantId: link.tenantId,
    entitlementId: link.entitlementId,
    chainSeq: link.chainSeq,
    type: link.type,
    payload: link.payload,
    occurredAt: link.occurredAt.toISOString(),
    prevHash: link.prevHash,
  });
  return createHash("sha256").update(body).digest("hex");
}

export type ChainBreak = "HASH_MISMATCH" | "PREV_HASH_MISMATCH" | "GAP" | "STATE_MISMATCH" | "UNSEALED";

export interface StoredLink extends ChainLink {
  id: string;
  hash: string | null;
}

export interface BreakReport {
  entitlementId: string;
  eventId: string | null;
  chainSeq: number;
  reason: ChainBreak;
}

/** Checks one entitlement's links (in chain order); the first broken one, or null. */
export function firstBreakIn(links: readonly StoredLink[]): BreakReport | null {
  let prev: string | null = null;
  for (const [i, link] of links.entries()) {
    const at = { entitlementId: link.entitlementId, eventId: link.id, chainSeq: link.chainSeq };
    if (link.hash === null) return { ...at, reason: "UNSEALED" };
    if (link.chainSeq !== i + 1) return { ...at, reason: "GAP" };
    if (link.prevHash !== prev) return { ...at, reason: "PREV_HASH_MISMATCH" };
    if (linkHash(link) !== link.hash) return { ...at, reason: "HASH_MISMATCH" };
    prev = link.hash;
  }
  return null;
}

/** The state an entitlement is in after an event of `type` (null: the event does not move it). */
export function stateAfter(type: string, payload?: unknown): string | null {
  // A refused top-up returns the entitlement to the state it left, named in the event.
  if (type === "entitlement.topup_refused") {
    const state = (payload as { state?: unknown } | null)?.state;
    return typeof state === "string" ? state : null;
  }
  return EVENT_STATES[type] ?? null;
}

const EVENT_STATES: Record<string, string> = {
  "entitlement.issued": "ISSUED",
  "entitlement.claimed": "CLAIMED",
  "entitlement.accepted": "CLAIMED",
  "entitlement.transferred_in": "CLAIMED",
  "entitlement.redeemed": "REDEEMED",
  "entitlement.expired": "EXPIRED",
  "entitlement.revoked": "REVOKED",
  "entitlement.transferred_out": "TRANSFERRED",
  "entitlement.pack_chosen": "REDEEMED",
  "entitlement.topup_requested": "FULFILLING",
};
