import { Query } from "./Query";
import { Mutation } from "./Mutation";
import { Member } from "./Member";
import { Tenant } from "./Tenant";
import { IdentityQuery, IdentityMutation, ApiKey, Partner, PartnerPermission } from "./Identity";
import { OrgUnit } from "./OrgUnit";
import { OrgQuery } from "./OrgQuery";
import { OrgMutation } from "./OrgMutation";
import { BudgetQuery } from "./BudgetQuery";
import { BudgetMutation } from "./BudgetMutation";
import { BudgetLedgerEntry, BudgetReservation } from "./BudgetTypes";
import { Fen } from "./BudgetScalars";

export const resolvers = {
  Query: { ...Query, ...IdentityQuery, ...OrgQuery, ...BudgetQuery },
  Mutation: { ...Mutation, ...IdentityMutation, ...OrgMutation, ...BudgetMutation },
  Member,
  Tenant,
  ApiKey,
  Partner,
  PartnerPermission,
  OrgUnit,
  BudgetLedgerEntry,
  BudgetReservation,
  Fen,
};
