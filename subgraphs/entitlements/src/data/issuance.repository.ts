// The issuance saga's storage: hold (stock + quota), complete (entitlement +
// event), fail (give back). Every step is one transaction guarded on the
// issuance's state, so a step runs once whoever (request or recovery) runs it.
import type { Entitlement, Issuance, Prisma, PrismaClient } from "@benefits-hub/platform/db/client";
import type { EventRepository, Tx } from "./event.repository";

export type IssuanceRow = Issuance;

export interface HoldRequest {
  tenantId: string;
  campaignId: string;
  memberId: string;
  idempotencyKey: string;
  requestHash: string;
  amountFen: number;
  variant: string | null;
  perMemberLimit: number;
  riskDecisionId?: string | null;
  /** How it reaches the member (the facts' channel); null: the campaign's. */
  channel?: string | null;
}

export type HoldOutcome =
  | { held: IssuanceRow }
  | { existing: IssuanceRow }
  | { refused: "SOLD_OUT" | "PER_MEMBER_LIMIT" | "CAMPAIGN_NOT_LIVE" };

const TX = { timeout: 15_000, maxWait: 15_000 } as const;

class Refusal extends Error {
  constructor(readonly code: "SOLD_OUT" | "PER_MEMBER_LIMIT" | "CAMPAIGN_NOT_LIVE") {
    super(code);
  }
}

export class IssuanceRepository {
  constructor(
    private readonly db: PrismaClient,
    private readonly events: EventRepository,
  ) {}

  findByKey(tenantId: string, idempotencyKey: string): Promise<IssuanceRow | null> {
    return this.db.issuance.findUnique({ where: { tenantId_idempotencyKey: { tenantId, idempotencyKey } } });
  }

  findById(id: string): Promise<IssuanceRow | null> {
    return this.db.issuance.findUnique({ where: { id } });
  }

  /**
   * Step 1. Inserts the issuance and takes one unit of the member's quota and
   * of the campaign's stock, in that order (the campaign row, which every
   * claim contends for, is locked last and for the shortest time).
   */
  async hold(r: HoldRequest): Promise<HoldOutcome> {
    try {
      return await this.db.$transaction(async (tx) => {
        const inserted = await tx.$queryRaw<IssuanceRow[]>`
          INSERT INTO entitlements.issuance
            (id, tenant_id, campaign_id, member_id, idempotency_key, request_hash, amount_fen, risk_decision_id, channel,
             updated_at)
          VALUES (gen_random_uuid(), ${r.tenantId}::uuid, ${r.campaignId}::uuid, ${r.memberId}::uuid, ${r.idempotencyKey},
                  ${r.requestHash}, ${r.amountFen}, ${r.riskDecisionId ?? null}::uuid, ${r.channel ?? null}, now())
          ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
          RETURNING id, tenant_id AS "tenantId", campaign_id AS "campaignId", member_id AS "memberId",
                    idempotency_key AS "idempotencyKey", request_hash AS "requestHash", state,
                    failure_code AS "failureCode", amount_fen AS "amountFen", reservation_id AS "reservationId",
                    entitlement_id AS "entitlementId", risk_decision_id AS "riskDecisionId", channel,
                    created_at AS "createdAt", updated_at AS "updatedAt"`;
        if (inserted.length === 0) {
          const existing = await tx.issuance.findUniqueOrThrow({
            where: { tenantId_idempotencyKey: { tenantId: r.tenantId, idempotencyKey: r.idempotencyKey } },
          });
          return { existing };
        }
        const quota = await tx.$executeRaw`
          INSERT INTO entitlements.campaign_member (campaign_id, member_id, issued, variant)
          VALUES (${r.campaignId}::uuid, ${r.memberId}::uuid, 1, ${r.variant})
          ON CONFLICT (campaign_id, member_id) DO UPDATE SET issued = campaign_member.issued + 1
          WHERE campaign_member.issued < ${r.perMemberLimit}`;
        if (quota !== 1) throw new Refusal("PER_MEMBER_LIMIT");
        const stock = await tx.$executeRaw`
          UPDATE entitlements.campaign SET issued_count = issued_count + 1
          WHERE id = ${r.campaignId}::uuid AND tenant_id = ${r.tenantId}::uuid
            AND state IN ('SCHEDULED', 'LIVE') AND starts_at <= now() AND (ends_at IS NULL OR ends_at > now())
            AND (total_limit IS NULL OR issued_count < total_limit)`;
        if (stock !== 1) throw new Refusal(await this.whyNoStock(tx, r.campaignId));
        return { held: inserted[0]! };
      }, TX);
    } catch (error) {
      if (error instanceof Refusal) return { refused: error.code };
      throw error;
    }
  }

  private async whyNoStock(tx: Tx, campaignId: string): Promise<"SOLD_OUT" | "CAMPAIGN_NOT_LIVE"> {
    const [c] = await tx.$queryRaw<{ live: boolean }[]>`
      SELECT state IN ('SCHEDULED', 'LIVE') AND starts_at <= now() AND (ends_at IS NULL OR ends_at > now()) AS live
      FROM entitlements.campaign WHERE id = ${campaignId}::uuid`;
    return c?.live ? "SOLD_OUT" : "CAMPAIGN_NOT_LIVE";
  }

  /** Records a refusal made before anything was held, so a retry with the key answers the same. */
  async recordRefusal(r: HoldRequest, failureCode: string): Promise<IssuanceRow> {
    await this.db.$executeRaw`
      INSERT INTO entitlements.issuance
        (id, tenant_id, campaign_id, member_id, idempotency_key, request_hash, amount_fen, state, failure_code,
         risk_decision_id, updated_at)
      VALUES (gen_random_uuid(), ${r.tenantId}::uuid, ${r.campaignId}::uuid, ${r.memberId}::uuid, ${r.idempotencyKey},
              ${r.requestHash}, ${r.amountFen}, 'FAILED', ${failureCode}, ${r.riskDecisionId ?? null}::uuid, now())
      ON CONFLICT (tenant_id, idempotency_key) DO NOTHING`;
    return (await this.findByKey(r.tenantId, r.idempotencyKey))!;
  }

  /** Step 3a. Creates the entitlement and its first event; null if the issuance was already settled. */
  complete(
    issuance: IssuanceRow,
    reservationId: string | null,
    entitlement: Omit<Prisma.EntitlementUncheckedCreateInput, "reservationId">,
    event: { type: string; payload: Record<string, unknown> },
  ): Promise<Entitlement | null> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.issuance.updateMany({
        where: { id: issuance.id, state: "PENDING" },
        data: { state: "COMPLETED", reservationId, entitlementId: entitlement.id },
      });
      if (count !== 1) return null;
      const row = await tx.entitlement.create({ data: { ...entitlement, reservationId } });
      await this.events.append(tx, { tenantId: row.tenantId, entitlementId: row.id, ...event });
      return row;
    }, TX);
  }

  /** Step 3b. Gives back stock and quota and marks the issuance failed; false if it was already settled. */
  fail(issuance: IssuanceRow, failureCode: string): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.issuance.updateMany({
        where: { id: issuance.id, state: "PENDING" },
        data: { state: "FAILED", failureCode },
      });
      if (count !== 1) return false;
      await tx.$executeRaw`
        UPDATE entitlements.campaign_member SET issued = issued - 1
        WHERE campaign_id = ${issuance.campaignId}::uuid AND member_id = ${issuance.memberId}::uuid`;
      await tx.$executeRaw`
        UPDATE entitlements.campaign SET issued_count = issued_count - 1 WHERE id = ${issuance.campaignId}::uuid`;
      return true;
    }, TX);
  }

  /** Issuances left pending longer than `olderThanMs` (their process died or stalled). */
  stalePending(olderThanMs: number, limit: number): Promise<IssuanceRow[]> {
    return this.db.issuance.findMany({
      where: { state: "PENDING", updatedAt: { lt: new Date(Date.now() - olderThanMs) } },
      orderBy: { updatedAt: "asc" },
      take: limit,
    });
  }

  variantOf(campaignId: string, memberId: string): Promise<{ variant: string | null } | null> {
    return this.db.campaignMember.findUnique({
      where: { campaignId_memberId: { campaignId, memberId } },
      select: { variant: true },
    });
  }
}
