// Who may call what in membership. Anything not named here is denied.
import { allow, isMember, isUnitManagerOrAdmin } from "@benefits-hub/platform";
import type { IRules } from "graphql-shield";

export const permissions: IRules = {
  Query: {
    me: allow,
    orgTree: isMember,
    orgUnit: isMember,
    _entities: allow,
    _service: allow,
  },
  Mutation: {
    login: allow,
    createOrgUnit: isUnitManagerOrAdmin,
    renameOrgUnit: isUnitManagerOrAdmin,
    moveOrgUnit: isUnitManagerOrAdmin,
    archiveOrgUnit: isUnitManagerOrAdmin,
  },
  LoginPayload: allow,
  LoginError: allow,
  Member: isMember,
  Tenant: isMember,
  OrgUnit: isMember,
  OrgUnitPage: isMember,
  OrgUnitPayload: isMember,
  OrgError: isMember,
  _Service: allow,
};
