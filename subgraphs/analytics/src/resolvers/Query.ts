import type { AnalyticsContext } from "../context";

export const Query = {
  redemptionStats: (_: unknown, __: unknown, ctx: AnalyticsContext) =>
    ctx.services.redemptionStats.forTenant(ctx.viewer),
};
