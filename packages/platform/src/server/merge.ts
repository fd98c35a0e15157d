// Merges a subgraph's per-area resolver and permission maps into one. Two
// areas defining the same field (or rule) is a bug, caught at start.
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import type { IRules } from "graphql-shield";

/** Per type, a map of field resolvers, or a scalar's GraphQLScalarType. */
type ResolverMap = Record<string, object>;
type RuleMap = Record<string, unknown>;

export function mergeResolverMaps<TContext>(...maps: ResolverMap[]): GraphQLResolverMap<TContext> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      if (!isFieldMap(fields)) {
        if (type in merged) throw new Error(`resolver ${type} is defined twice`);
        merged[type] = fields as Record<string, unknown>;
        continue;
      }
      const target = (merged[type] ??= {});
      for (const [field, resolver] of Object.entries(fields)) {
        if (field in target) throw new Error(`resolver ${type}.${field} is defined twice`);
        target[field] = resolver;
      }
    }
  }
  return merged as GraphQLResolverMap<TContext>;
}

/** Field maps of one type are merged; a type ruled as a whole by two areas is refused. */
export function mergeRules(...maps: RuleMap[]): IRules {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [type, rule] of Object.entries(map)) {
      const existing = merged[type];
      if (existing === undefined) merged[type] = rule;
      else if (isFieldMap(existing) && isFieldMap(rule)) {
        for (const field of Object.keys(rule)) {
          if (field in existing) throw new Error(`permission ${type}.${field} is defined twice`);
        }
        merged[type] = { ...existing, ...rule };
      } else throw new Error(`permissions for ${type} are defined twice`);
    }
  }
  return merged as IRules;
}

const isFieldMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && value.constructor === Object;
