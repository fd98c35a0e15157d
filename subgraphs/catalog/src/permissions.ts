// Who may call what in catalog. Anything not named here is denied.
import { allow } from "@benefits-hub/platform";
import type { IRules } from "graphql-shield";

export const permissions: IRules = {
  Query: {
    benefits: allow,
    benefit: allow,
    _entities: allow,
    _service: allow,
  },
  Benefit: allow,
  _Service: allow,
};
