// A member accepts an entitlement granted to them: ISSUED -> CLAIMED, before
// its expiry. An item valid N days after claim starts its clock now.
import type { Identity } from "@benefits-hub/platform";
import { eventOf, sourcesOf, targetOf } from "../entitlement-state";
import { isUuid } from "../ids";
import { done, failure, notFound, refused, unusableReason, type EntitlementPayload } from "./errors";
import { actorOf, entitlementCodec, keyed } from "./keyed";
import { clockOf, type LifecycleDeps } from "./lifecycle-deps";
import { expiryOnAccept } from "./validity";

export interface AcceptInput {
  entitlementId: string;
  idempotencyKey?: string | null;
}

export class AcceptService {
  constructor(private readonly d: LifecycleDeps) {}

  async accept(viewer: Identity, input: AcceptInput): Promise<EntitlementPayload> {
    if (viewer.kind !== "member") return refused(notFound());
    const codec = entitlementCodec(this.d.entitlements);
    const call = {
      tenantId: viewer.tenantId,
      actor: actorOf(viewer),
      key: input.idempotencyKey,
      operation: "acceptEntitlement",
      request: { entitlementId: input.entitlementId },
    };
    return keyed(this.d.idempotency, call, codec, async (seal) => {
      if (!isUuid(input.entitlementId)) return refused(notFound());
      const row = await this.d.entitlements.findById(input.entitlementId);
      if (!row || row.tenantId !== viewer.tenantId || row.memberId !== viewer.memberId) return refused(notFound());
      const now = clockOf(this.d)();
      const why = unusableReason(row, now, "accepted");
      if (why) return refused(why);
      if (row.state !== "ISSUED") return refused(failure("INVALID_STATE", "The entitlement is already claimed"));
      const validity = row.campaignItemId ? await this.d.entitlements.itemValidity(row.campaignItemId) : null;
      const expiresAt = expiryOnAccept(validity, now, row.expiresAt);
      const moved = await this.d.writer.move({
        guard: {
          id: row.id,
          tenantId: row.tenantId,
          memberId: row.memberId,
          from: sourcesOf("accept"),
          notExpiredAt: now,
        },
        data: { state: targetOf("accept"), claimedAt: now, expiresAt },
        event: eventOf("accept"),
        payload: (r) => ({
          memberId: r.memberId,
          claimedAt: now.toISOString(),
          expiresAt: r.expiresAt?.toISOString() ?? null,
        }),
        seal: (tx, r) => seal(tx, codec.store(done(r))),
      });
      if (moved) return done(moved);
      const current = await this.d.entitlements.findById(row.id);
      return refused(
        (current && unusableReason(current, now, "accepted")) ??
          failure("INVALID_STATE", "The entitlement is already claimed"),
      );
    });
  }
}
