// Tenant admins take back an unused entitlement: ISSUED|CLAIMED -> REVOKED.
// The guarded move decides, so under concurrent revokes exactly one gives
// the campaign's stock and the member's quota back and queues the budget's
// RELEASE, in the same transaction as the event and the audit entry.
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import type { EntitlementRow } from "../../data/entitlement.repository";
import { recordAudit } from "../../data/audit.repository";
import type { Tx } from "../../data/event.repository";
import { eventOf, sourcesOf, targetOf } from "../entitlement-state";
import { isUuid } from "../ids";
import { done, failure, notFound, refused, unusableReason, type EntitlementPayload } from "./errors";
import { actorOf, entitlementCodec, keyed } from "./keyed";
import { clockOf, type LifecycleDeps } from "./lifecycle-deps";

export interface RevokeInput {
  entitlementId: string;
  reason: string;
  idempotencyKey?: string | null;
}

const MAX_REASON = 500;

const asAdmin = (viewer: Identity): MemberIdentity | null =>
  viewer.kind === "member" && viewer.role === "TENANT_ADMIN" ? viewer : null;

export class RevocationService {
  constructor(private readonly d: LifecycleDeps) {}

  async revoke(viewer: Identity, input: RevokeInput): Promise<EntitlementPayload> {
    const admin = asAdmin(viewer);
    if (!admin) return refused(notFound());
    const reason = (input.reason ?? "").trim();
    if (reason.length === 0 || reason.length > MAX_REASON) {
      return refused(failure("INVALID_INPUT", `reason must be 1 to ${MAX_REASON} characters`, "reason"));
    }
    const codec = entitlementCodec(this.d.entitlements);
    const call = {
      tenantId: admin.tenantId,
      actor: actorOf(admin),
      key: input.idempotencyKey,
      operation: "revokeEntitlement",
      request: { entitlementId: input.entitlementId, reason },
    };
    return keyed(this.d.idempotency, call, codec, async (seal) => {
      if (!isUuid(input.entitlementId)) return refused(notFound());
      const row = await this.d.entitlements.findById(input.entitlementId);
      if (!row || row.tenantId !== admin.tenantId) return refused(notFound());
      const now = clockOf(this.d)();
      const why = unusableReason(row, now, "revoked");
      if (why) return refused(why);
      const quotaHolder = await this.quotaHolder(row);
      const moved = await this.d.writer.move({
        guard: { id: row.id, tenantId: row.tenantId, from: sourcesOf("revoke"), notExpiredAt: now },
        data: { state: targetOf("revoke"), endedAt: now },
        event: eventOf("revoke"),
        payload: (r) => ({ memberId: r.memberId, reason, revokedBy: admin.memberId }),
        settle: "RELEASE",
        also: (tx, r) => this.giveBack(tx, admin, r, quotaHolder, reason),
        seal: (tx, r) => seal(tx, codec.store(done(r))),
      });
      if (moved) return done(moved);
      const current = await this.d.entitlements.findById(row.id);
      return refused(
        (current && unusableReason(current, now, "revoked")) ??
          failure("INVALID_STATE", "The entitlement cannot be revoked"),
      );
    });
  }

  /** Stock and quota were taken by the issuance (not by pack options); the audit entry records the revocation. */
  private async giveBack(
    tx: Tx,
    admin: MemberIdentity,
    row: EntitlementRow,
    quotaHolder: string,
    reason: string,
  ): Promise<void> {
    const returned = Boolean(row.campaignId && !row.packId);
    if (returned) await this.d.entitlements.returnStock(tx, row.campaignId!, quotaHolder);
    await recordAudit(tx, admin, {
      action: "entitlement.revoked",
      targetType: "entitlement",
      targetId: row.id,
      details: { memberId: row.memberId, reason, stockReturned: returned, reservationId: row.reservationId },
    });
  }

  /** The member whose quota the issuance took: the giver, for an entitlement received by transfer. */
  private async quotaHolder(row: EntitlementRow): Promise<string> {
    if (!row.transferredFromId) return row.memberId;
    const source = await this.d.entitlements.findById(row.transferredFromId);
    return source?.memberId ?? row.memberId;
  }
}
