// Tenant admins' (and platform operators') view of the tamper-evident log:
// an entitlement's history, and the verification of the tenant's events.
// First every entitlement's own chain: entitlements are read in id order a
// page at a time, each with its events, so a tenant with a million events is
// checked without holding them. Then the tenant chain (domain/events): every
// event anchored, none removed or rewritten, the head, the stored daily
// anchors and the anchors the caller kept outside all reproduced. The first
// break is reported.
import type { Identity } from "@benefits-hub/platform";
import type { EntitlementState } from "@benefits-hub/platform/db/client";
import type { ChainRepository } from "../data/chain.repository";
import { AnchorExportService } from "./events/anchor-export.service";
import { firstBreakIn, stateAfter, type BreakReport, type StoredLink } from "./event-chain";
import type { Anchor, TenantBreakReport } from "./events/tenant-chain";
import { scopeTenant } from "./events/tenant-scope";
import { checkAnchoredEvents, verifyTenantChain } from "./events/tenant-verification";
import { isUuid } from "./ids";

/** A break of an entitlement's own chain (no tenant position) or of the tenant chain. */
export interface VerificationBreak {
  reason: BreakReport["reason"] | TenantBreakReport["reason"];
  entitlementId: string | null;
  eventId: string | null;
  chainSeq: number | null;
  tenantSeq: number | null;
}

export interface ChainVerification {
  ok: boolean;
  checkedEvents: number;
  checkedEntitlements: number;
  /** Positions of the tenant chain checked (whole-tenant checks only). */
  anchoredEvents: number;
  /** The head the tenant chain was checked up to. */
  tenantSeq: number | null;
  tenantHash: string | null;
  firstBreak: VerificationBreak | null;
}

export interface VerifyArgs {
  entitlementId?: string | null;
  /** Platform operators: the tenant to check. */
  tenantId?: string | null;
  /** Anchors exported earlier and kept outside the hub: each must still be reproduced. */
  anchors?: readonly Anchor[] | null;
}

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
  private readonly exports: AnchorExportService;

  constructor(
    private readonly chains: ChainRepository,
    private readonly pageSize = 500,
  ) {
    this.exports = new AnchorExportService(chains.tenants);
  }

  /** The tenant chain's head and daily anchors, to keep outside the hub. */
  anchors(viewer: Identity, args: Parameters<AnchorExportService["anchors"]>[1]) {
    return this.exports.anchors(viewer, args);
  }

  /** An entitlement's events, oldest first (another tenant's: none). */
  async history(viewer: Identity, entitlementId: string) {
    const tenantId = scopeTenant(viewer, null);
    if (!tenantId || !isUuid(entitlementId)) return [];
    return this.chains.history(tenantId, entitlementId);
  }

  async verify(viewer: Identity, args: VerifyArgs = {}): Promise<ChainVerification> {
    const result: ChainVerification = {
      ok: true,
      checkedEvents: 0,
      checkedEntitlements: 0,
      anchoredEvents: 0,
      tenantSeq: null,
      tenantHash: null,
      firstBreak: null,
    };
    const tenantId = scopeTenant(viewer, args.tenantId);
    const entitlementId = args.entitlementId ?? null;
    if (!tenantId || (entitlementId !== null && !isUuid(entitlementId))) return result;
    const own = await this.verifyOwnChains(tenantId, entitlementId, result);
    if (own) return fail(result, { ...own, tenantSeq: null });
    if (entitlementId !== null) {
      if (result.checkedEntitlements === 0) return result;
      const broken = checkAnchoredEvents(
        entitlementId,
        await this.chains.tenants.eventsWithAnchors(tenantId, entitlementId),
      );
      return broken ? fail(result, broken) : result;
    }
    const pass = await verifyTenantChain(this.chains.tenants, tenantId, args.anchors ?? [], this.pageSize * 2);
    result.anchoredEvents = pass.anchoredEvents;
    result.tenantSeq = pass.head.tenantSeq;
    result.tenantHash = pass.head.hash;
    return pass.firstBreak ? fail(result, pass.firstBreak) : result;
  }

  /** Every entitlement's own chain (or the one named); the first break, counting what was checked. */
  private async verifyOwnChains(
    tenantId: string,
    entitlementId: string | null,
    result: ChainVerification,
  ): Promise<BreakReport | null> {
    let after: string | null = null;
    for (;;) {
      const page = await this.chains.statesPage(tenantId, after, this.pageSize, entitlementId ?? undefined);
      const events = groupByEntitlement(await this.chains.eventsOf(page.map((e) => e.id)));
      for (const { id, state } of page) {
        const links = events.get(id) ?? [];
        const broken = checkChain(id, state, links);
        result.checkedEntitlements += 1;
        if (broken) {
          const at = links.findIndex((l) => l.id === broken.eventId);
          result.checkedEvents += at >= 0 ? at + 1 : links.length;
          return broken;
        }
        result.checkedEvents += links.length;
      }
      if (page.length < this.pageSize || entitlementId) return null;
      after = page.at(-1)!.id;
    }
  }
}

function fail(result: ChainVerification, firstBreak: VerificationBreak): ChainVerification {
  return { ...result, ok: false, firstBreak };
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
