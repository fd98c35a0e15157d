import { ENTITLEMENTS_OUTBOX_TOPIC, type Identity, type HubPubSub, type Logger } from "@benefits-hub/platform";
import type { EntitlementRepository, EntitlementRow } from "../data/entitlement.repository";
import { sourcesOf } from "./entitlement-state";
import type { EntitlementLoaders } from "../loaders";
import { isUuid } from "./ids";

export type RedeemResult =
  | { entitlement: EntitlementRow; errors: [] }
  | { entitlement: null; errors: [{ code: "NOT_FOUND" | "NOT_REDEEMABLE"; message: string }] };

export class RedemptionService {
  constructor(
    private readonly entitlements: EntitlementRepository,
    private readonly loaders: EntitlementLoaders,
    private readonly pubsub: HubPubSub,
    private readonly log: Logger,
  ) {}

  /** The holder redeems their own entitlement, exactly once, also under concurrent attempts. */
  async redeem(viewer: Identity, entitlementId: string): Promise<RedeemResult> {
    if (viewer.kind !== "member" || !isUuid(entitlementId)) return notFound();
    const owner = { tenantId: viewer.tenantId, memberId: viewer.memberId };
    const redeemed = await this.entitlements.redeem(entitlementId, owner, sourcesOf("redeem"));
    if (redeemed) {
      this.pubsub.publish(ENTITLEMENTS_OUTBOX_TOPIC, { at: Date.now() }).catch((err: unknown) => {
        this.log.warn({ err: String(err) }, "outbox wake-up not published; consumers will poll");
      });
      return { entitlement: redeemed, errors: [] };
    }
    const current = await this.loaders.entitlementById.load(entitlementId);
    if (!current || current.tenantId !== owner.tenantId || current.memberId !== owner.memberId) return notFound();
    return {
      entitlement: null,
      errors: [
        { code: "NOT_REDEEMABLE", message: `Entitlement is ${current.state.toLowerCase()} and cannot be redeemed` },
      ],
    };
  }
}

const notFound = (): RedeemResult => ({
  entitlement: null,
  errors: [{ code: "NOT_FOUND", message: "No such entitlement" }],
});
