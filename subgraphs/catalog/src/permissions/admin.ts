// Platform operators keep the master catalog; the audit log is read by
// operators (everything) and tenant admins (their shelf), scoped in the service.
import { isPlatformOperator, isTenantAdmin } from "@benefits-hub/platform";
import { or } from "graphql-shield";

export const adminPermissions = {
  Query: { catalogAuditLog: or(isPlatformOperator, isTenantAdmin) },
  Mutation: {
    createCategory: isPlatformOperator,
    updateCategory: isPlatformOperator,
    createBrand: isPlatformOperator,
    updateBrand: isPlatformOperator,
    createBenefit: isPlatformOperator,
    updateBenefit: isPlatformOperator,
    createSku: isPlatformOperator,
    updateSku: isPlatformOperator,
  },
  CatalogError: isPlatformOperator,
  CategoryPayload: isPlatformOperator,
  BrandPayload: isPlatformOperator,
  BenefitPayload: isPlatformOperator,
  SkuPayload: isPlatformOperator,
  CatalogAuditEntry: or(isPlatformOperator, isTenantAdmin),
  CatalogAuditPage: or(isPlatformOperator, isTenantAdmin),
};
