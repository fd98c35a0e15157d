// Reveal history: tenant admins and platform operators; which tenant's rows
// each may read is decided in RevealHistoryService. Members are denied.
import { isPlatformOperator, isTenantAdmin } from "@benefits-hub/platform";
import { or } from "graphql-shield";

const adminOrOperator = or(isTenantAdmin, isPlatformOperator);

export const revealPermissions = {
  Query: { cardCodeReveals: adminOrOperator },
  CardCodeRevealRecord: adminOrOperator,
  CardCodeRevealPage: adminOrOperator,
};
