// Who may call what in membership. Anything not named here is denied.
import { allow, isMember } from "@benefits-hub/platform";
import type { IRules } from "graphql-shield";

export const permissions: IRules = {
  Query: {
    me: allow,
    _entities: allow,
    _service: allow,
  },
  Mutation: {
    login: allow,
  },
  LoginPayload: allow,
  LoginError: allow,
  Member: isMember,
  Tenant: isMember,
  _Service: allow,
};
