import type { CatalogContext } from "../context";

export const Benefit = {
  __resolveReference: ({ id }: { id: string }, ctx: CatalogContext) => ctx.services.benefits.byId(ctx.viewer, id),
};
