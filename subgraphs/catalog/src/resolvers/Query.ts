import type { CatalogContext } from "../context";

export const Query = {
  benefits: (_: unknown, { first }: { first?: number | null }, ctx: CatalogContext) =>
    ctx.services.benefits.list(ctx.viewer, first),
  benefit: (_: unknown, { id }: { id: string }, ctx: CatalogContext) => ctx.services.benefits.byId(ctx.viewer, id),
};
