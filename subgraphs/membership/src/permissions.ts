// Who may call what in membership. Anything not named here is denied.
import { allow, isMember, isUnitManagerOrAdmin } from "@benefits-hub/platform";
import { isPartner, isService, isTenantAdmin } from "@benefits-hub/platform";
import { or, type IRules } from "graphql-shield";

// Budgets: readers are admins, unit managers (subtree checked in the service) and services; spenders are services and admins.
const budgetReaders = or(isService, isUnitManagerOrAdmin);
const budgetSpenders = or(isService, isTenantAdmin);

export const permissions: IRules = {
  Query: {
    me: allow,
    apiKeys: isTenantAdmin,
    currentPartner: isPartner,
    orgTree: isMember,
    orgUnit: isMember,
    budgetAccount: budgetReaders,
    budgetLedger: budgetReaders,
    budgetLedgerCheck: isTenantAdmin,
    _entities: allow,
    _service: allow,
  },
  Mutation: {
    login: allow,
    refreshSession: allow,
    logout: allow,
    createApiKey: isTenantAdmin,
    revokeApiKey: isTenantAdmin,
    createOrgUnit: isUnitManagerOrAdmin,
    renameOrgUnit: isUnitManagerOrAdmin,
    moveOrgUnit: isUnitManagerOrAdmin,
    archiveOrgUnit: isUnitManagerOrAdmin,
    fundBudget: isTenantAdmin,
    allocateBudget: isUnitManagerOrAdmin,
    reserveBudget: budgetSpenders,
    commitBudgetReservation: budgetSpenders,
    releaseBudgetReservation: budgetSpenders,
  },
  LoginPayload: allow,
  LoginError: allow,
  LogoutPayload: allow,
  ApiKey: isTenantAdmin,
  ApiKeyError: isTenantAdmin,
  CreateApiKeyPayload: isTenantAdmin,
  RevokeApiKeyPayload: isTenantAdmin,
  Partner: isPartner,
  Member: isMember,
  Tenant: or(isMember, isPartner),
  OrgUnit: isMember,
  OrgUnitPage: isMember,
  OrgUnitPayload: isMember,
  OrgError: isMember,
  // Budget types are reachable only through the guarded fields above.
  BudgetAccount: allow,
  BudgetLedgerEntry: allow,
  BudgetLedgerPage: allow,
  BudgetReservation: allow,
  BudgetBalances: allow,
  BudgetLedgerCheck: allow,
  BudgetError: allow,
  FundBudgetPayload: allow,
  AllocateBudgetPayload: allow,
  BudgetReservationPayload: allow,
  _Service: allow,
};
