import { mapAsyncIterator } from "@benefits-hub/platform";
import type { AnalyticsContext } from "../context";

// No `resolve` here: graphql-middleware then puts the shield rule on `subscribe`,
// so an unauthorised caller is refused when subscribing, not at the first event.
export const Subscription = {
  redemptionCounted: {
    subscribe: (_: unknown, __: unknown, ctx: AnalyticsContext) =>
      mapAsyncIterator(ctx.services.redemptionStats.live(ctx.viewer), (event) => ({ redemptionCounted: event })),
  },
};
