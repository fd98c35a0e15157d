// Master catalog reads. Row-level visibility (shelf vs whole catalog, cost
// prices) is decided in CatalogService; the types are reachable only through these fields.
import { allow } from "@benefits-hub/platform";

export const catalogPermissions = {
  Query: {
    categories: allow,
    brands: allow,
    benefits: allow,
    benefit: allow,
    sku: allow,
    _entities: allow,
    _service: allow,
  },
  _Service: allow,
  Category: allow,
  Brand: allow,
  Benefit: allow,
  Sku: allow,
  Validity: allow,
};
