// Who may call what in catalog, one map per area. Anything not named is denied.
import type { IRules } from "graphql-shield";
import { catalogPermissions } from "./permissions/catalog";
import { shelfPermissions } from "./permissions/shelf";
import { adminPermissions } from "./permissions/admin";
import { supplierPermissions } from "./permissions/suppliers";
import { codePermissions } from "./permissions/codes";

type RuleMap = Record<string, unknown>;

function mergeRules(...maps: RuleMap[]): IRules {
  const merged: Record<string, unknown> = {};
  for (const map of maps) {
    for (const [type, rule] of Object.entries(map)) {
      const existing = merged[type];
      if (existing === undefined) merged[type] = rule;
      else if (isFieldMap(existing) && isFieldMap(rule)) merged[type] = { ...existing, ...rule };
      else throw new Error(`permissions for ${type} are defined twice`);
    }
  }
  return merged as IRules;
}

const isFieldMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && value.constructor === Object;

export const permissions = mergeRules(
  catalogPermissions,
  shelfPermissions,
  adminPermissions,
  supplierPermissions,
  codePermissions,
);
