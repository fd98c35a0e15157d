// Redemption (核销): by the holder, by a partner with the code the holder
// shows, by a top-up, or by an admin's approval of a held request. Each is
// one guarded ISSUED|CLAIMED -> REDEEMED move (not past expiry) with its
// event and, when the entitlement holds budget, a COMMIT settlement.
import type { Identity } from "@benefits-hub/platform";
import type { EntitlementRow, MoveGuard } from "../data/entitlement.repository";
import type { Tx } from "../data/event.repository";
import { eventOf, sourcesOf, targetOf } from "./entitlement-state";
import type { Seal } from "./idempotency";
import { isUuid } from "./ids";
import { normalise } from "./redemption-code";
import { done, failure, notFound, refused, unusableReason, type EntitlementPayload } from "./lifecycle/errors";
import { actorOf, entitlementCodec, keyed } from "./lifecycle/keyed";
import { clockOf, type LifecycleDeps } from "./lifecycle/lifecycle-deps";
import { riskRefusal, type RiskContext } from "./lifecycle/risk-gate";

export interface RedeemInput {
  entitlementId: string;
  idempotencyKey?: string | null;
  risk?: RiskContext | null;
}

export interface RedeemCodeInput {
  code: string;
  idempotencyKey?: string | null;
  risk?: RiskContext | null;
}

export interface CodeVerification {
  entitlement: EntitlementRow;
  redeemable: boolean;
  reason: string | null;
}

const MAX_CODE_LENGTH = 64;
const codeNotFound = () => failure("NOT_FOUND", "No entitlement has this code", "code");

export class RedemptionService {
  constructor(private readonly d: LifecycleDeps) {}

  /** The holder redeems their own entitlement, exactly once, also under concurrent attempts. */
  async redeem(viewer: Identity, input: RedeemInput): Promise<EntitlementPayload> {
    if (viewer.kind !== "member") return refused(notFound());
    const k = { tenantId: viewer.tenantId, actor: actorOf(viewer), key: input.idempotencyKey };
    const request = { entitlementId: input.entitlementId };
    return keyed(this.d.idempotency, { ...k, operation: "redeemEntitlement", request }, this.codec, async (seal) => {
      if (!isUuid(input.entitlementId)) return refused(notFound());
      const row = await this.d.entitlements.findById(input.entitlementId);
      if (!row || row.tenantId !== viewer.tenantId || row.memberId !== viewer.memberId) return refused(notFound());
      return this.redeemChecked(row, "member", input.risk, seal);
    });
  }

  /** A partner redeems the entitlement of a code shown at the point of service. */
  async redeemCode(viewer: Identity, input: RedeemCodeInput): Promise<EntitlementPayload> {
    if (viewer.kind !== "partner") return refused(codeNotFound());
    const code = normalise(input.code ?? "");
    const k = { tenantId: viewer.tenantId, actor: actorOf(viewer), key: input.idempotencyKey };
    return keyed(this.d.idempotency, { ...k, operation: "redeemCode", request: { code } }, this.codec, async (seal) => {
      const row = await this.byCode(viewer.tenantId, code);
      if (!row) return refused(codeNotFound());
      return this.redeemChecked(row, `partner:${viewer.apiKeyId}`, input.risk, seal);
    });
  }

  /** What a partner sees of a code: null when unknown or another tenant's. */
  async verifyCode(viewer: Identity, code: string): Promise<CodeVerification | null> {
    if (viewer.kind !== "partner") return null;
    const row = await this.byCode(viewer.tenantId, normalise(code ?? ""));
    if (!row) return null;
    const why = unusableReason(row, clockOf(this.d)(), "redeemed");
    return { entitlement: row, redeemable: why === null, reason: why?.message ?? null };
  }

  /**
   * Carries out a redemption risk review held, as approved by an admin: the
   * same guarded move, for the member the decision was about, without the check.
   */
  async redeemApproved(
    decision: {
      tenantId: string;
      memberId: string;
      request: Record<string, unknown>;
    },
    complete?: (tx: Tx) => Promise<void>,
  ): Promise<{ ok: boolean; message?: string }> {
    const id = decision.request.entitlementId;
    const by = decision.request.redeemedBy;
    if (typeof id !== "string" || !isUuid(id) || typeof by !== "string") {
      return { ok: false, message: "the held request names no entitlement" };
    }
    const row = await this.d.entitlements.findById(id);
    if (!row || row.tenantId !== decision.tenantId || row.memberId !== decision.memberId) {
      return { ok: false, message: "the entitlement is no longer the member's" };
    }
    // The approval's job ends in the redemption's transaction: carried out exactly once.
    const result = await this.commit(row, by, async (tx) => complete?.(tx));
    return result.errors.length ? { ok: false, message: result.errors[0]!.message } : { ok: true };
  }

  /**
   * The state checks, risk, then the move. `redeemedBy` is "member",
   * "partner:<apiKeyId>" or "topup".
   */
  async redeemChecked(
    row: EntitlementRow,
    redeemedBy: string,
    risk: RiskContext | null | undefined,
    seal: Seal,
  ): Promise<EntitlementPayload> {
    const why = unusableReason(row, clockOf(this.d)(), "redeemed");
    if (why) return refused(why);
    // A pack is used by choosing its options (choosePackOptions), never redeemed whole.
    if (row.isPack) return refused(failure("INVALID_STATE", "A pack is used by choosing its options"));
    const refusal = await riskRefusal(
      this.d.risk,
      {
        tenantId: row.tenantId,
        memberId: row.memberId,
        action: "REDEEM",
        entitlementId: row.id,
        campaignId: row.campaignId,
        request: { entitlementId: row.id, redeemedBy },
      },
      risk,
    );
    if (refusal) return refused(refusal);
    return this.commit(row, redeemedBy, seal);
  }

  /** The guarded move itself; when it is refused, why (as of now). */
  async commit(row: EntitlementRow, redeemedBy: string, seal: Seal): Promise<EntitlementPayload> {
    const now = clockOf(this.d)();
    const guard: MoveGuard = {
      id: row.id,
      tenantId: row.tenantId,
      memberId: row.memberId,
      from: sourcesOf("redeem"),
      notExpiredAt: now,
    };
    const moved = await this.d.writer.move({
      guard,
      data: { state: targetOf("redeem"), redeemedAt: now, redeemedBy, endedAt: now },
      event: eventOf("redeem"),
      payload: (r) => ({
        memberId: r.memberId,
        benefitId: r.benefitId,
        redeemedAt: r.redeemedAt!.toISOString(),
        redeemedBy,
      }),
      settle: "COMMIT",
      seal: (tx, r) => seal(tx, this.codec.store(done(r))),
    });
    if (moved) return done(moved);
    const current = await this.d.entitlements.findById(row.id);
    if (!current || current.memberId !== row.memberId) return refused(notFound());
    return refused(
      unusableReason(current, now, "redeemed") ?? failure("INVALID_STATE", "The entitlement cannot be redeemed"),
    );
  }

  private get codec() {
    return entitlementCodec(this.d.entitlements);
  }

  private async byCode(tenantId: string, code: string): Promise<EntitlementRow | null> {
    if (code.length === 0 || code.length > MAX_CODE_LENGTH) return null;
    const row = await this.d.entitlements.findByCodeHash(this.d.codes.hashOf(code));
    return row && row.tenantId === tenantId ? row : null;
  }
}
