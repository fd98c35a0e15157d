import type { AnalyticsContext } from "../context";

export const Benefit = {
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  redemptionCount: ({ id }: { id: string }, _: unknown, ctx: AnalyticsContext) =>
    ctx.services.redemptionStats.countFor(ctx.viewer, id),
};
