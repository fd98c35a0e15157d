// Everything the database keeps of a campaign's claims and redemptions, read
// with plain SQL across the domains' schemas (as bench/flash-sale checks a
// sale), and the figures that must agree after any crash.
import type { PrismaClient } from "@benefits-hub/platform/db/client";

export interface CampaignFacts {
  issuedCount: number;
  issuances: Record<string, number>;
  entitlementIds: string[];
  redeemedIds: string[];
  /** Per entitlement: how many issue/claim events, and how many redeem events. */
  issueEvents: Map<string, number>;
  redeemEvents: Map<string, number>;
  quota: { sumIssued: number; overLimit: number };
  reservations: Record<string, { count: number; amountFen: number }>;
  /** Reservations (any state but RELEASED) that no entitlement of the campaign carries. */
  orphanReservations: number;
  /** Entitlements whose reservation is missing or in the wrong state for the entitlement's. */
  mismatchedReservations: number;
  account: { availableFen: number; reservedFen: number; committedFen: number };
  /** analytics.benefit_redemptions of the tenant, summed, and the tenant's redeem events in the outbox. */
  analyticsCount: number;
  tenantRedeemEvents: number;
}

const n = (v: bigint | number | null | undefined) => Number(v ?? 0);

type Tx = Pick<PrismaClient, "$queryRaw">;

/** Read in one REPEATABLE READ transaction: every figure from the same moment, while workers still move rows. */
export function campaignFacts(
  db: PrismaClient,
  c: { campaignId: string; tenantId: string; orgUnitId: string; period: string },
): Promise<CampaignFacts> {
  return db.$transaction((tx) => readFacts(tx, c), { isolationLevel: "RepeatableRead" });
}

async function readFacts(
  db: Tx,
  c: { campaignId: string; tenantId: string; orgUnitId: string; period: string },
): Promise<CampaignFacts> {
  const id = c.campaignId;
  const [campaign] = await db.$queryRaw<{ issued_count: number; per_member_limit: number }[]>`
    SELECT issued_count, per_member_limit FROM entitlements.campaign WHERE id = ${id}::uuid`;
  const issuances = await db.$queryRaw<{ state: string; count: bigint }[]>`
    SELECT state::text AS state, count(*) AS count FROM entitlements.issuance WHERE campaign_id = ${id}::uuid GROUP BY state`;
  const entitlements = await db.$queryRaw<{ id: string; state: string }[]>`
    SELECT id::text AS id, state::text AS state FROM entitlements.entitlement WHERE campaign_id = ${id}::uuid`;
  const events = await db.$queryRaw<{ entitlement_id: string; type: string; count: bigint }[]>`
    SELECT ev.entitlement_id::text AS entitlement_id, ev.type, count(*) AS count
    FROM entitlements.entitlement_event ev JOIN entitlements.entitlement e ON e.id = ev.entitlement_id
    WHERE e.campaign_id = ${id}::uuid GROUP BY ev.entitlement_id, ev.type`;
  const [quota] = await db.$queryRaw<{ sum_issued: bigint | null; over: bigint }[]>`
    SELECT sum(issued) AS sum_issued, count(*) FILTER (WHERE issued > ${campaign!.per_member_limit}) AS over
    FROM entitlements.campaign_member WHERE campaign_id = ${id}::uuid`;
  const reservations = await db.$queryRaw<{ state: string; count: bigint; amount: bigint | null }[]>`
    SELECT state::text AS state, count(*) AS count, sum(amount_fen) AS amount FROM membership.budget_reservation
    WHERE tenant_id = ${c.tenantId}::uuid AND reference LIKE ${"%" + id + "%"} GROUP BY state`;
  const [orphans] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM membership.budget_reservation r
    WHERE r.tenant_id = ${c.tenantId}::uuid AND r.reference LIKE ${"%" + id + "%"} AND r.state <> 'RELEASED'
      AND NOT EXISTS (SELECT 1 FROM entitlements.entitlement e WHERE e.campaign_id = ${id}::uuid AND e.reservation_id = r.id)`;
  // A redeemed entitlement's reservation is committed; any other live one's is held.
  const [mismatched] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM entitlements.entitlement e
    LEFT JOIN membership.budget_reservation r ON r.id = e.reservation_id
    WHERE e.campaign_id = ${id}::uuid
      AND (r.id IS NULL OR r.state::text <> CASE WHEN e.state::text = 'REDEEMED' THEN 'COMMITTED' ELSE 'HELD' END)`;
  const [account] = await db.$queryRaw<{ available_fen: bigint; reserved_fen: bigint; committed_fen: bigint }[]>`
    SELECT available_fen, reserved_fen, committed_fen FROM membership.budget_account
    WHERE tenant_id = ${c.tenantId}::uuid AND org_unit_id = ${c.orgUnitId}::uuid AND period = ${c.period}`;
  const [analytics] = await db.$queryRaw<{ total: bigint | null }[]>`
    SELECT sum(redeemed_count) AS total FROM analytics.benefit_redemptions WHERE tenant_id = ${c.tenantId}::uuid`;
  const [redeemEvents] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM entitlements.entitlement_event
    WHERE tenant_id = ${c.tenantId}::uuid AND type = 'entitlement.redeemed'`;

  const eventsOf = (types: string[]) => {
    const counts = new Map<string, number>();
    for (const e of events) if (types.includes(e.type)) counts.set(e.entitlement_id, n(e.count));
    return counts;
  };
  return {
    issuedCount: campaign!.issued_count,
    issuances: Object.fromEntries(issuances.map((r) => [r.state, n(r.count)])),
    entitlementIds: entitlements.map((e) => e.id),
    redeemedIds: entitlements.filter((e) => e.state === "REDEEMED").map((e) => e.id),
    issueEvents: eventsOf(["entitlement.claimed", "entitlement.issued"]),
    redeemEvents: eventsOf(["entitlement.redeemed"]),
    quota: { sumIssued: n(quota!.sum_issued), overLimit: n(quota!.over) },
    reservations: Object.fromEntries(reservations.map((r) => [r.state, { count: n(r.count), amountFen: n(r.amount) }])),
    orphanReservations: n(orphans!.count),
    mismatchedReservations: n(mismatched!.count),
    account: {
      availableFen: n(account?.available_fen),
      reservedFen: n(account?.reserved_fen),
      committedFen: n(account?.committed_fen),
    },
    analyticsCount: n(analytics!.total),
    tenantRedeemEvents: n(redeemEvents!.count),
  };
}

/** True once nothing is left half-done: no pending issuance, every settlement sent, analytics caught up. */
export function settled(f: CampaignFacts): boolean {
  return (
    (f.issuances.PENDING ?? 0) === 0 &&
    f.mismatchedReservations === 0 &&
    f.orphanReservations === 0 &&
    f.analyticsCount === f.tenantRedeemEvents
  );
}
