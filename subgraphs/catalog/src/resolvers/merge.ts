import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import type { CatalogContext } from "../context";

type ResolverMap = Record<string, Record<string, unknown>>;

/** Merges per-area resolver maps; two areas defining the same field is a bug, caught at start. */
export function mergeResolverMaps(...maps: ResolverMap[]): GraphQLResolverMap<CatalogContext> {
  const merged: ResolverMap = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      const target = (merged[type] ??= {});
      for (const [field, resolver] of Object.entries(fields)) {
        if (field in target) throw new Error(`resolver ${type}.${field} is defined twice`);
        target[field] = resolver;
      }
    }
  }
  return merged as GraphQLResolverMap<CatalogContext>;
}
