// Suppliers are the platform operators' business; top-ups are requested by
// services (the entitlements domain) and read by services, operators and the
// owning member (checked row by row in TopupService).
import { isMember, isPlatformOperator, isService } from "@benefits-hub/platform";
import { or } from "graphql-shield";

export const supplierPermissions = {
  Query: {
    suppliers: isPlatformOperator,
    supplierProducts: isPlatformOperator,
    supplierStatement: isPlatformOperator,
    importedSupplierStatements: isPlatformOperator,
    topupOrder: or(isService, isMember),
  },
  Mutation: {
    createSupplier: isPlatformOperator,
    updateSupplier: isPlatformOperator,
    listSupplierProduct: isPlatformOperator,
    syncSupplier: isPlatformOperator,
    importSupplierStatement: isPlatformOperator,
    requestTopup: isService,
  },
  Supplier: or(isPlatformOperator, isService),
  SupplierProduct: isPlatformOperator,
  SettlementLine: isPlatformOperator,
  SettlementStatement: isPlatformOperator,
  ImportedStatement: isPlatformOperator,
  ImportedStatementLine: isPlatformOperator,
  ImportSupplierStatementPayload: isPlatformOperator,
  SupplierPayload: isPlatformOperator,
  SyncSupplierPayload: isPlatformOperator,
  TopupOrder: or(isService, isMember),
  TopupPayload: isService,
  TopupError: isService,
};
