import { Query } from "./Query";
import { Mutation } from "./Mutation";
import { Member } from "./Member";
import { Tenant } from "./Tenant";
import { PlatformQuery, PlatformMutation, AuditEntry } from "./Platform";
import { IdentityQuery, IdentityMutation, ApiKey, Partner, PartnerPermission } from "./Identity";
import { OrgUnit } from "./OrgUnit";
import { OrgQuery } from "./OrgQuery";
import { OrgMutation } from "./OrgMutation";
import { BudgetQuery } from "./BudgetQuery";
import { BudgetMutation } from "./BudgetMutation";
import { BudgetLedgerEntry, BudgetReservation } from "./BudgetTypes";
import { Fen } from "@benefits-hub/platform/server/fen-scalar";
import { MemberAdminFields, MemberAdminMutation } from "./MemberAdmin";
import { JSONObject } from "./MemberAdminScalars";
import { MemberImport, MemberImportMutation, MemberImportQuery } from "./MemberImport";
import { MemberPage, Segment, SegmentMutation, SegmentQuery } from "./Segment";

export const resolvers = {
  Query: {
    ...Query,
    ...PlatformQuery,
    ...IdentityQuery,
    ...OrgQuery,
    ...BudgetQuery,
    ...MemberImportQuery,
    ...SegmentQuery,
  },
  Mutation: {
    ...Mutation,
    ...PlatformMutation,
    ...IdentityMutation,
    ...OrgMutation,
    ...BudgetMutation,
    ...MemberAdminMutation,
    ...MemberImportMutation,
    ...SegmentMutation,
  },
  Member: { ...Member, ...MemberAdminFields },
  Tenant,
  AuditEntry,
  ApiKey,
  Partner,
  PartnerPermission,
  OrgUnit,
  BudgetLedgerEntry,
  BudgetReservation,
  Fen,
  JSONObject,
  MemberImport,
  Segment,
  MemberPage,
};
