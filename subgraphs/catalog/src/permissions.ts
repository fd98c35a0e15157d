// Who may call what in catalog, one map per area. Anything not named is denied.
import { mergeRules } from "@benefits-hub/platform/server/merge";
import { catalogPermissions } from "./permissions/catalog";
import { shelfPermissions } from "./permissions/shelf";
import { adminPermissions } from "./permissions/admin";
import { supplierPermissions } from "./permissions/suppliers";
import { codePermissions } from "./permissions/codes";
import { revealPermissions } from "./permissions/reveals";

export const permissions = mergeRules(
  catalogPermissions,
  shelfPermissions,
  adminPermissions,
  supplierPermissions,
  codePermissions,
  revealPermissions,
);
