import type { CatalogContext } from "../context";
import type { ShelfItemRow, ShelfSort } from "../data/shelf.repository";
import { ShelfService, type ShelfFilterInput } from "../domain/shelf.service";
import { keyedMutation } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

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
    shelveSku: keyedMutation(shapes.shelfItem, ({ input }: { input: never }, ctx: CatalogContext) =>
      ctx.services.shelfAdmin.shelve(ctx.viewer, input),
    ),
    updateShelfItem: keyedMutation(shapes.shelfItem, ({ input }: { input: never }, ctx: CatalogContext) =>
      ctx.services.shelfAdmin.update(ctx.viewer, input),
    ),
    removeShelfItem: keyedMutation(shapes.shelfItem, ({ input }: { input: { id: string } }, ctx: CatalogContext) =>
      ctx.services.shelfAdmin.remove(ctx.viewer, input.id),
    ),
  },
};
