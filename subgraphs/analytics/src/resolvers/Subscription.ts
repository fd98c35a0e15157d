import type { AnalyticsContext } from "../context";
import type { RedemptionStatEvent } from "../domain/redemption-topic";

export const Subscription = {
  redemptionCounted: {
    subscribe: (_: unknown, __: unknown, ctx: AnalyticsContext) => ctx.services.redemptionStats.live(ctx.viewer),
    resolve: (event: RedemptionStatEvent) => event,
  },
};
