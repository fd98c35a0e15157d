import type { CatalogContext } from "../context";
import type { ShelfItemRow, ShelfSort } from "../data/shelf.repository";
import { ShelfService, type ShelfFilterInput } from "../domain/shelf.service";

type ShelfArgs = {
  filter?: ShelfFilterInput | null;
  sort?: ShelfSort | null;
  first?: number | null;
  after?: string | null;
};

export const shelfResolvers = {
  Query: {
    shelf: (_: unknown, args: ShelfArgs, ctx: CatalogContext) => ctx.services.shelf.browse(ctx.viewer, args),
  },
  ShelfItem: {
    sku: (item: ShelfItemRow, _: unknown, ctx: CatalogContext) => ctx.services.catalog.loaders.skuById.load(item.skuId),
    tiers: (item: ShelfItemRow, _: unknown, ctx: CatalogContext) =>
      ShelfService.showsTargeting(ctx.viewer) ? item.tiers : null,
    segmentIds: (item: ShelfItemRow, _: unknown, ctx: CatalogContext) =>
      ShelfService.showsTargeting(ctx.viewer) ? item.segmentIds : null,
  },
  Mutation: {
    shelveSku: (_: unknown, { input }: { input: never }, ctx: CatalogContext) =>
      ctx.services.shelfAdmin.shelve(ctx.viewer, input),
    updateShelfItem: (_: unknown, { input }: { input: never }, ctx: CatalogContext) =>
      ctx.services.shelfAdmin.update(ctx.viewer, input),
    removeShelfItem: (_: unknown, { input }: { input: { id: string } }, ctx: CatalogContext) =>
      ctx.services.shelfAdmin.remove(ctx.viewer, input.id),
  },
};
