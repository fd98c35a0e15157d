// Tenant admins' view of the tamper-evident log: an entitlement's history,
// and the verification of every chain of the tenant. Entitlements are read
// in id order a page at a time, each with its events, so a tenant with a
// million events is checked without holding them; the first break is reported.
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import type { EntitlementState } from "@benefits-hub/platform/db/client";
import type { ChainRepository } from "../data/chain.repository";
import { firstBreakIn, stateAfter, type BreakReport, type StoredLink } from "./event-chain";
import { isUuid } from "./ids";

export interface ChainVerification {
  ok: boolean;
  checkedEvents: number;
  checkedEntitlements: number;
  firstBreak: BreakReport | null;
}

const asAdmin = (viewer: Identity): MemberIdentity | null =>
  viewer.kind === "member" && viewer.role === "TENANT_ADMIN" ? viewer : null;

/**
 * One entitlement's chain against its state: the first broken link, a
 * missing first event (GAP at 1), or a state its last event does not explain.
 */
export function checkChain(entitlementId: string, state: EntitlementState, links: StoredLink[]): BreakReport | null {
  if (links.length === 0) return { entitlementId, eventId: null, chainSeq: 1, reason: "GAP" };
  const broken = firstBreakIn(links);
  if (broken) return broken;
  const last = links.at(-1)!;
  const expected =
    [...links]
      .reverse()
      .map((l) => stateAfter(l.type, l.payload))
      .find((s) => s !== null) ?? null;
  if (expected !== state) return { entitlementId, eventId: last.id, chainSeq: last.chainSeq, reason: "STATE_MISMATCH" };
  return null;
}

export class ChainVerifier {
  constructor(
    private readonly chains: ChainRepository,
    private readonly pageSize = 500,
  ) {}

  /** An entitlement's events, oldest first (another tenant's: none). */
  async history(viewer: Identity, entitlementId: string) {
    const admin = asAdmin(viewer);
    if (!admin || !isUuid(entitlementId)) return [];
    return this.chains.history(admin.tenantId, entitlementId);
  }

  async verify(viewer: Identity, entitlementId?: string | null): Promise<ChainVerification> {
    const result: ChainVerification = { ok: true, checkedEvents: 0, checkedEntitlements: 0, firstBreak: null };
    const admin = asAdmin(viewer);
    if (!admin || (entitlementId != null && !isUuid(entitlementId))) return result;
    let after: string | null = null;
    for (;;) {
      const page = await this.chains.statesPage(admin.tenantId, after, this.pageSize, entitlementId ?? undefined);
      const events = groupByEntitlement(await this.chains.eventsOf(page.map((e) => e.id)));
      for (const { id, state } of page) {
        const links = events.get(id) ?? [];
        const broken = checkChain(id, state, links);
        result.checkedEntitlements += 1;
        if (broken) {
          const at = links.findIndex((l) => l.id === broken.eventId);
          result.checkedEvents += at >= 0 ? at + 1 : links.length;
          return { ...result, ok: false, firstBreak: broken };
        }
        result.checkedEvents += links.length;
      }
      if (page.length < this.pageSize || entitlementId) return result;
      after = page.at(-1)!.id;
    }
  }
}

function groupByEntitlement(links: StoredLink[]): Map<string, StoredLink[]> {
  const byId = new Map<string, StoredLink[]>();
  for (const link of links) {
    const list = byId.get(link.entitlementId);
    if (list) list.push(link);
    else byId.set(link.entitlementId, [link]);
  }
  return byId;
}
