// Card codes: imports and alerts are the platform operators'; allocation is
// for services (the entitlements domain); a reveal is a member's, for their
// own entitlement only (checked row by row in CardCodeService).
import { isMember, isPlatformOperator, isService } from "@benefits-hub/platform";
import { or } from "graphql-shield";

export const codePermissions = {
  Query: { codeImport: isPlatformOperator, codeImports: isPlatformOperator, lowStockAlerts: isPlatformOperator },
  Mutation: { allocateCardCode: isService, revealCardCode: isMember },
  CodeImport: isPlatformOperator,
  CodeImportProblem: isPlatformOperator,
  LowStockAlert: isPlatformOperator,
  CardCodeAllocation: isService,
  AllocateCardCodePayload: isService,
  CardCodeReveal: isMember,
  RevealCardCodePayload: isMember,
  CardCodeError: or(isService, isMember),
};
