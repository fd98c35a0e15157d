// The catalog's resolvers, one module per area, merged type by type.
import { mergeResolverMaps } from "./merge";
import { catalogResolvers } from "./catalog";
import { shelfResolvers } from "./shelf";
import { adminResolvers } from "./admin";
import { supplierResolvers } from "./suppliers";
import { codeResolvers } from "./codes";

export const resolvers = mergeResolverMaps(
  catalogResolvers,
  shelfResolvers,
  adminResolvers,
  supplierResolvers,
  codeResolvers,
);
