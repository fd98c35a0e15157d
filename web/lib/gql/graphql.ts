/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** How an entitlement reached its holder (the channel analytics counts it under). */
export type CockpitChannel =
  /** A member claimed it from a campaign (flash sales included). */
  | 'CLAIM'
  /** An admin granted it to a list, a segment or a subtree. */
  | 'GRANT'
  /** A partner issued or redeemed it over the open API. */
  | 'PARTNER'
  /** A member bought it in the points mall. */
  | 'PURCHASE'
  /** An issuance rule granted it on an ingested event. */
  | 'RULE'
  /** A colleague gave it (transfer or gift). */
  | 'TRANSFER';

/**
 * Which events a cockpit question counts. Days are calendar days in
 * Asia/Shanghai, written YYYY-MM-DD, both ends inclusive. Every list narrows the
 * answer to the values given; an empty or absent list does not narrow. The
 * viewer's own scope always applies on top: a unit manager sees only their
 * subtree, a tenant admin their tenant.
 */
export type CockpitFilter = {
  benefitIds?: Array<string | number> | null | undefined;
  brandIds?: Array<string | number> | null | undefined;
  campaignIds?: Array<string | number> | null | undefined;
  categoryIds?: Array<string | number> | null | undefined;
  channels?: Array<CockpitChannel> | null | undefined;
  from: string;
  /** These org units and everything under them. */
  orgUnitIds?: Array<string | number> | null | undefined;
  skuIds?: Array<string | number> | null | undefined;
  supplierIds?: Array<string | number> | null | undefined;
  /** Platform operators only: these tenants (absent: every tenant). */
  tenantIds?: Array<string | number> | null | undefined;
  tiers?: Array<string> | null | undefined;
  to: string;
  variants?: Array<string> | null | undefined;
};

/** How a time series buckets its days (weeks start on Monday, Asia/Shanghai). */
export type CockpitGranularity =
  | 'DAY'
  | 'MONTH'
  | 'WEEK';

export type MemberRole =
  | 'MEMBER'
  /** Runs the platform. */
  | 'PLATFORM_OPERATOR'
  | 'TENANT_ADMIN'
  /** Manages the subtree of the org tree rooted at their own unit. */
  | 'UNIT_MANAGER';

export type ReconciliationMismatchKind =
  /** Both have the line, with different amounts or quantities. */
  | 'AMOUNT_MISMATCH'
  /** A redeemed entitlement that needed a supplier order and has none. */
  | 'ENTITLEMENT_WITHOUT_ORDER'
  /** The statement bills something we never ordered. */
  | 'EXTRA_IN_STATEMENT'
  /** We placed a supplier order the statement does not bill. */
  | 'MISSING_IN_STATEMENT'
  /** A supplier order whose entitlement was never issued, or ended revoked. */
  | 'ORDER_WITHOUT_ENTITLEMENT';

export type ReportsCampaignQueryVariables = Exact<{
  campaignId: string | number;
  from?: string | null | undefined;
  to?: string | null | undefined;
  granularity?: CockpitGranularity | null | undefined;
}>;


export type ReportsCampaignQuery = { me: { displayName: string, role: MemberRole, tenant: { name: string } } | null, campaignReport: { campaignId: string, name: string, plannedBudget: string | null, budgetUsed: string, budgetUsedRatio: number | null, costPerRedemption: string | null, roi: number | null, counts: { issued: number, claimed: number, redeemed: number, expired: number, revoked: number, redemptionRate: number, cost: string, faceValue: string, issuedCost: string }, series: Array<{ period: string, counts: { issued: number, claimed: number, redeemed: number, cost: string } }>, abTest: { confidence: number, zScore: number | null, pValue: number | null, significant: boolean, winner: string | null, variants: Array<{ variant: string, issued: number, claimed: number, redeemed: number, redemptionRate: number, rateLow: number, rateHigh: number, cost: string, costPerRedemption: string | null }> } | null } | null };

export type ReportsBudgetBurnQueryVariables = Exact<{
  period: string;
  orgUnitId?: string | number | null | undefined;
}>;


export type ReportsBudgetBurnQuery = { me: { displayName: string, role: MemberRole, tenant: { name: string } } | null, budgetBurn: Array<{ orgUnitId: string, orgUnitName: string, period: string, allocated: string, allocatedOut: string, reserved: string, committed: string, released: string, remaining: string, burn: Array<{ day: string, committed: string, cumulativeCommitted: string, burnRatio: number, elapsedRatio: number }> }> };

export type ReportsOrgUnitPathQueryVariables = Exact<{
  id: string | number;
}>;


export type ReportsOrgUnitPathQuery = { orgUnit: { id: string, name: string, ancestors: Array<{ id: string, name: string }> } | null };

export type ReportsReconciliationQueryVariables = Exact<{
  from: string;
  to: string;
  supplierId?: string | number | null | undefined;
  supplierFilter: CockpitFilter;
}>;


export type ReportsReconciliationQuery = { me: { displayName: string, role: MemberRole, tenant: { name: string } } | null, reconciliation: { from: string, to: string, statementLines: number, statementTotal: string, orders: number, ordersTotal: string, entitlementsIssued: number, entitlementsRedeemed: number, matched: number, mismatches: Array<{ kind: ReconciliationMismatchKind, supplierId: string, reference: string, skuId: string | null, entitlementId: string | null, statementAmount: string | null, orderAmount: string | null, detail: string }> }, suppliers: { rows: Array<{ key: string, label: string }> } };


export const ReportsCampaignDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReportsCampaign"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"campaignId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CockpitGranularity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"campaignReport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"campaignId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"campaignId"}}},{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"campaignId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issued"}},{"kind":"Field","name":{"kind":"Name","value":"claimed"}},{"kind":"Field","name":{"kind":"Name","value":"redeemed"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}},{"kind":"Field","name":{"kind":"Name","value":"revoked"}},{"kind":"Field","name":{"kind":"Name","value":"redemptionRate"}},{"kind":"Field","name":{"kind":"Name","value":"cost"}},{"kind":"Field","name":{"kind":"Name","value":"faceValue"}},{"kind":"Field","name":{"kind":"Name","value":"issuedCost"}}]}},{"kind":"Field","name":{"kind":"Name","value":"plannedBudget"}},{"kind":"Field","name":{"kind":"Name","value":"budgetUsed"}},{"kind":"Field","name":{"kind":"Name","value":"budgetUsedRatio"}},{"kind":"Field","name":{"kind":"Name","value":"costPerRedemption"}},{"kind":"Field","name":{"kind":"Name","value":"roi"}},{"kind":"Field","name":{"kind":"Name","value":"series"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"granularity"},"value":{"kind":"Variable","name":{"kind":"Name","value":"granularity"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issued"}},{"kind":"Field","name":{"kind":"Name","value":"claimed"}},{"kind":"Field","name":{"kind":"Name","value":"redeemed"}},{"kind":"Field","name":{"kind":"Name","value":"cost"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"abTest"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"zScore"}},{"kind":"Field","name":{"kind":"Name","value":"pValue"}},{"kind":"Field","name":{"kind":"Name","value":"significant"}},{"kind":"Field","name":{"kind":"Name","value":"winner"}},{"kind":"Field","name":{"kind":"Name","value":"variants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"variant"}},{"kind":"Field","name":{"kind":"Name","value":"issued"}},{"kind":"Field","name":{"kind":"Name","value":"claimed"}},{"kind":"Field","name":{"kind":"Name","value":"redeemed"}},{"kind":"Field","name":{"kind":"Name","value":"redemptionRate"}},{"kind":"Field","name":{"kind":"Name","value":"rateLow"}},{"kind":"Field","name":{"kind":"Name","value":"rateHigh"}},{"kind":"Field","name":{"kind":"Name","value":"cost"}},{"kind":"Field","name":{"kind":"Name","value":"costPerRedemption"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReportsCampaignQuery, ReportsCampaignQueryVariables>;
export const ReportsBudgetBurnDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReportsBudgetBurn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"period"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orgUnitId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"budgetBurn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"period"},"value":{"kind":"Variable","name":{"kind":"Name","value":"period"}}},{"kind":"Argument","name":{"kind":"Name","value":"orgUnitId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orgUnitId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orgUnitId"}},{"kind":"Field","name":{"kind":"Name","value":"orgUnitName"}},{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"allocated"}},{"kind":"Field","name":{"kind":"Name","value":"allocatedOut"}},{"kind":"Field","name":{"kind":"Name","value":"reserved"}},{"kind":"Field","name":{"kind":"Name","value":"committed"}},{"kind":"Field","name":{"kind":"Name","value":"released"}},{"kind":"Field","name":{"kind":"Name","value":"remaining"}},{"kind":"Field","name":{"kind":"Name","value":"burn"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"day"}},{"kind":"Field","name":{"kind":"Name","value":"committed"}},{"kind":"Field","name":{"kind":"Name","value":"cumulativeCommitted"}},{"kind":"Field","name":{"kind":"Name","value":"burnRatio"}},{"kind":"Field","name":{"kind":"Name","value":"elapsedRatio"}}]}}]}}]}}]} as unknown as DocumentNode<ReportsBudgetBurnQuery, ReportsBudgetBurnQueryVariables>;
export const ReportsOrgUnitPathDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReportsOrgUnitPath"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orgUnit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"ancestors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ReportsOrgUnitPathQuery, ReportsOrgUnitPathQueryVariables>;
export const ReportsReconciliationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReportsReconciliation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"from"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"to"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"supplierId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"supplierFilter"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CockpitFilter"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"reconciliation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"from"},"value":{"kind":"Variable","name":{"kind":"Name","value":"from"}}},{"kind":"Argument","name":{"kind":"Name","value":"to"},"value":{"kind":"Variable","name":{"kind":"Name","value":"to"}}},{"kind":"Argument","name":{"kind":"Name","value":"supplierId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"supplierId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"statementLines"}},{"kind":"Field","name":{"kind":"Name","value":"statementTotal"}},{"kind":"Field","name":{"kind":"Name","value":"orders"}},{"kind":"Field","name":{"kind":"Name","value":"ordersTotal"}},{"kind":"Field","name":{"kind":"Name","value":"entitlementsIssued"}},{"kind":"Field","name":{"kind":"Name","value":"entitlementsRedeemed"}},{"kind":"Field","name":{"kind":"Name","value":"matched"}},{"kind":"Field","name":{"kind":"Name","value":"mismatches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"supplierId"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"skuId"}},{"kind":"Field","name":{"kind":"Name","value":"entitlementId"}},{"kind":"Field","name":{"kind":"Name","value":"statementAmount"}},{"kind":"Field","name":{"kind":"Name","value":"orderAmount"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"suppliers"},"name":{"kind":"Name","value":"cockpitBreakdown"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"supplierFilter"}}},{"kind":"Argument","name":{"kind":"Name","value":"dimension"},"value":{"kind":"EnumValue","value":"SUPPLIER"}},{"kind":"Argument","name":{"kind":"Name","value":"sortBy"},"value":{"kind":"EnumValue","value":"ISSUED"}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"200"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}}]}}]}}]} as unknown as DocumentNode<ReportsReconciliationQuery, ReportsReconciliationQueryVariables>;