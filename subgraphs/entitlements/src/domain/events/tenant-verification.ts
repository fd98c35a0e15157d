// The tenant pass of verifyEventChain: walks the tenant's chain from its
// first position to the head read at the start, page by page, against the
// events as they are now, the stored daily anchors and the anchors the caller
// kept outside the hub; then looks for an event the chain does not name.
import type { EventAnchorRow, TenantChainRepository } from "../../data/tenant-chain.repository";
import { endWalk, startWalk, walkLinks, type Anchor, type TenantBreakReport } from "./tenant-chain";

export interface TenantPass {
  /** Positions checked. */
  anchoredEvents: number;
  head: Anchor;
  firstBreak: TenantBreakReport | null;
}

export async function verifyTenantChain(
  chains: TenantChainRepository,
  tenantId: string,
  kept: readonly Anchor[],
  pageSize: number,
): Promise<TenantPass> {
  // Days first: a day's anchor is never beyond the head read after it.
  const days = await chains.days(tenantId, null, 100_000);
  const head = await chains.head(tenantId);
  const walk = startWalk([...days.map((d) => ({ tenantSeq: d.lastSeq, hash: d.hash })), ...kept]);
  const done = (firstBreak: TenantBreakReport | null): TenantPass => ({
    anchoredEvents: walk.seq,
    head: { tenantSeq: head.tenantSeq, hash: head.hash },
    firstBreak,
  });
  while (walk.seq < head.tenantSeq) {
    const links = await chains.links(tenantId, walk.seq, head.tenantSeq, pageSize);
    const broken = walkLinks(walk, links);
    if (broken) return done(broken);
    if (links.length < pageSize) break;
  }
  const ended = endWalk(walk, head);
  if (ended) return done(ended);
  const stray = await chains.firstUnanchored(tenantId);
  if (stray) {
    return done({
      reason: "UNANCHORED",
      tenantSeq: null,
      entitlementId: stray.entitlementId,
      eventId: stray.id,
      chainSeq: stray.chainSeq,
    });
  }
  return done(null);
}

/** One entitlement's events against their links: the first not anchored, or changed since it was. */
export function checkAnchoredEvents(entitlementId: string, rows: readonly EventAnchorRow[]): TenantBreakReport | null {
  for (const row of rows) {
    if (row.hash === null) continue; // unsealed: the chain check reports it
    const at = { entitlementId, eventId: row.id, chainSeq: row.chainSeq };
    if (row.tenantSeq === null) return { reason: "UNANCHORED", tenantSeq: null, ...at };
    if (row.anchoredHash !== row.hash) return { reason: "REWRITTEN", tenantSeq: row.tenantSeq, ...at };
  }
  return null;
}
