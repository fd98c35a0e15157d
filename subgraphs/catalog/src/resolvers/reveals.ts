// Reveal history: one call into RevealHistoryService; a record's SKU through the per-request loader.
import type { CatalogContext } from "../context";
import type { RevealRow } from "../data/codes/reveal-history.repository";
import type { RevealFilter } from "../domain/codes/reveal-history.service";

type Ctx = CatalogContext;

export const revealResolvers = {
  Query: {
    cardCodeReveals: (
      _: unknown,
      args: { filter?: RevealFilter | null; first?: number | null; after?: string | null },
      ctx: Ctx,
    ) => ctx.services.revealHistory.page(ctx.viewer, args),
  },
  CardCodeRevealRecord: {
    sku: (row: RevealRow, _: unknown, ctx: Ctx) => ctx.services.catalog.loaders.skuById.load(row.skuId),
    revealedAt: (row: RevealRow) => row.revealedAt.toISOString(),
  },
};
