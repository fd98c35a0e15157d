// The catalog's resolvers, one module per area, merged type by type.
import { mergeResolverMaps } from "@benefits-hub/platform/server/merge";
import type { CatalogContext } from "../context";
import { catalogResolvers } from "./catalog";
import { shelfResolvers } from "./shelf";
import { adminResolvers } from "./admin";
import { supplierResolvers } from "./suppliers";
import { codeResolvers } from "./codes";
import { revealResolvers } from "./reveals";

export const resolvers = mergeResolverMaps<CatalogContext>(
  catalogResolvers,
  shelfResolvers,
  adminResolvers,
  supplierResolvers,
  codeResolvers,
  revealResolvers,
);
