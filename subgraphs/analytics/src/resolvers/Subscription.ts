import { mapAsyncIterator } from "@benefits-hub/platform";
import type { AnalyticsContext } from "../context";
import type { CockpitFilterInput } from "../domain/cockpit/filter";

// No `resolve` here: graphql-middleware then puts the shield rule on `subscribe`,
// so an unauthorised caller is refused when subscribing, not at the first event.
export const Subscription = {
  redemptionCounted: {
    subscribe: (_: unknown, __: unknown, ctx: AnalyticsContext) =>
      mapAsyncIterator(ctx.services.redemptionStats.live(ctx.viewer), (event) => ({ redemptionCounted: event })),
  },
  cockpitUpdated: {
    // A bad filter is refused here too (the overview is computed once before the first pulse).
    subscribe: async (_: unknown, args: { filter: CockpitFilterInput }, ctx: AnalyticsContext) =>
      mapAsyncIterator(await ctx.services.live.pulses(ctx.viewer, args.filter, ctx.log), (pulse) => ({
        cockpitUpdated: pulse,
      })),
  },
};
