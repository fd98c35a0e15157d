// The tenant anchor: every sealed event of a tenant, in commit order, folded
// into one running hash, so that removing an entitlement with all its events,
// or rewriting its chain consistently, still leaves a trace. The database
// folds new events at commit (trigger entitlement_event_anchor, see the
// migration *_tenant_event_anchor_reveal_history); these pure functions
// compute the same hash and check a stored chain against it.
import { createHash } from "node:crypto";

/** SHA-256 (hex) of the previous tenant hash ("" before the first) followed by the event's hash, as UTF-8. */
export function tenantHash(prevTenantHash: string, eventHash: string): string {
  return createHash("sha256")
    .update(prevTenantHash + eventHash, "utf8")
    .digest("hex");
}

export type TenantBreak =
  "TENANT_GAP" | "MISSING_EVENT" | "REWRITTEN" | "TENANT_HASH_MISMATCH" | "UNANCHORED" | "ANCHOR_MISMATCH";

/** A position of the tenant chain as stored, with the event it names as it is now (null: gone). */
export interface TenantLinkRow {
  tenantSeq: number;
  eventId: string;
  entitlementId: string;
  chainSeq: number;
  eventHash: string;
  tenantHash: string;
  /** The event's hash today; null when the event no longer exists. */
  currentHash: string | null;
  present: boolean;
}

/** A tenant hash someone vouches for at a position: the head, a stored daily anchor, or one kept outside. */
export interface Anchor {
  tenantSeq: number;
  hash: string;
}

export interface TenantBreakReport {
  reason: TenantBreak;
  /** The position in the tenant chain (null: the event has none). */
  tenantSeq: number | null;
  entitlementId: string | null;
  eventId: string | null;
  chainSeq: number | null;
}

/** Where a walk over the tenant chain stands between pages. */
export interface TenantWalk {
  seq: number;
  hash: string;
  /** Anchors still to meet, by position (a stored one and one kept outside may name the same position). */
  anchors: Map<number, string[]>;
}

export function startWalk(anchors: readonly Anchor[]): TenantWalk {
  const byPosition = new Map<number, string[]>();
  for (const a of anchors) byPosition.set(a.tenantSeq, [...(byPosition.get(a.tenantSeq) ?? []), a.hash]);
  return { seq: 0, hash: "", anchors: byPosition };
}

/**
 * Checks the next page of links (in position order) and moves the walk on;
 * the first break, or null. Order of checks: a missing position, a removed
 * event, an event changed since it was anchored, a link edited, an anchor
 * the chain no longer reproduces.
 */
export function walkLinks(walk: TenantWalk, links: readonly TenantLinkRow[]): TenantBreakReport | null {
  for (const link of links) {
    const at = { entitlementId: link.entitlementId, eventId: link.eventId, chainSeq: link.chainSeq };
    if (link.tenantSeq !== walk.seq + 1) {
      return { reason: "TENANT_GAP", tenantSeq: walk.seq + 1, entitlementId: null, eventId: null, chainSeq: null };
    }
    if (!link.present) return { reason: "MISSING_EVENT", tenantSeq: link.tenantSeq, ...at };
    if (link.currentHash !== link.eventHash) return { reason: "REWRITTEN", tenantSeq: link.tenantSeq, ...at };
    const expected = tenantHash(walk.hash, link.eventHash);
    if (expected !== link.tenantHash) return { reason: "TENANT_HASH_MISMATCH", tenantSeq: link.tenantSeq, ...at };
    if (walk.anchors.get(link.tenantSeq)?.some((vouched) => vouched !== expected)) {
      return { reason: "ANCHOR_MISMATCH", tenantSeq: link.tenantSeq, ...at };
    }
    walk.anchors.delete(link.tenantSeq);
    walk.seq = link.tenantSeq;
    walk.hash = expected;
  }
  return null;
}

/**
 * After the last link up to the head: the head must be where the walk ended
 * (links removed from the end move it back), and no anchor may lie beyond it
 * (a chain cut short and its head rewound).
 */
export function endWalk(walk: TenantWalk, head: Anchor): TenantBreakReport | null {
  const none = { entitlementId: null, eventId: null, chainSeq: null };
  if (walk.seq < head.tenantSeq) return { reason: "TENANT_GAP", tenantSeq: walk.seq + 1, ...none };
  if (walk.hash !== head.hash) return { reason: "ANCHOR_MISMATCH", tenantSeq: head.tenantSeq, ...none };
  const beyond = [...walk.anchors.keys()].sort((a, b) => a - b)[0];
  if (beyond !== undefined) return { reason: "ANCHOR_MISMATCH", tenantSeq: beyond, ...none };
  return null;
}
