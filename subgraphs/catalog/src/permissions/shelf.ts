// The shelf: members and partners with catalog:read browse their tenant's
// (the service decides which offers); tenant admins curate it.
import { isMember, isTenantAdmin, partnerMay } from "@benefits-hub/platform";
import { or } from "graphql-shield";

const shelfReaders = or(isMember, partnerMay("catalog:read"));

export const shelfPermissions = {
  Query: { shelf: shelfReaders },
  Mutation: { shelveSku: isTenantAdmin, updateShelfItem: isTenantAdmin, removeShelfItem: isTenantAdmin },
  ShelfConnection: shelfReaders,
  ShelfEdge: shelfReaders,
  ShelfBenefit: shelfReaders,
  PageInfo: shelfReaders,
  ShelfItem: or(shelfReaders, isTenantAdmin),
  ShelfItemPayload: isTenantAdmin,
  ShelfError: isTenantAdmin,
};
