// The report pages' GraphQL operations; their result types come from graphql-codegen (web/lib/gql).
import { graphql } from "@/lib/gql";

export const campaignReportQuery = graphql(`
  query ReportsCampaign($campaignId: ID!, $from: String, $to: String, $granularity: CockpitGranularity) {
    me {
      displayName
      role
      tenant {
        name
      }
    }
    # The campaign itself: one analytics has heard nothing of yet has no report, but it exists.
    campaign(id: $campaignId) {
      id
      name
    }
    campaignReport(campaignId: $campaignId, from: $from, to: $to) {
      campaignId
      name
      counts {
        issued
        claimed
        redeemed
        expired
        revoked
        redemptionRate
        cost
        faceValue
        issuedCost
      }
      plannedBudget
      budgetUsed
      budgetUsedRatio
      costPerRedemption
      roi
      series(granularity: $granularity) {
        period
        counts {
          issued
          claimed
          redeemed
          cost
        }
      }
      abTest {
        confidence
        zScore
        pValue
        significant
        winner
        variants {
          variant
          issued
          claimed
          redeemed
          redemptionRate
          rateLow
          rateHigh
          cost
          costPerRedemption
        }
      }
    }
  }
`);

export const budgetBurnQuery = graphql(`
  query ReportsBudgetBurn($period: String!, $orgUnitId: ID) {
    me {
      displayName
      role
      tenant {
        name
      }
    }
    budgetBurn(period: $period, orgUnitId: $orgUnitId) {
      orgUnitId
      orgUnitName
      period
      allocated
      allocatedOut
      reserved
      committed
      released
      remaining
      burn {
        day
        committed
        cumulativeCommitted
        burnRatio
        elapsedRatio
      }
    }
  }
`);

/** The way back up from a drilled-into unit (a separate request: the page stands without it). */
export const orgUnitPathQuery = graphql(`
  query ReportsOrgUnitPath($id: ID!) {
    orgUnit(id: $id) {
      id
      name
      ancestors {
        id
        name
      }
    }
  }
`);

export const reconciliationQuery = graphql(`
  query ReportsReconciliation($from: String!, $to: String!, $supplierId: ID, $supplierFilter: CockpitFilter!) {
    me {
      displayName
      role
      tenant {
        name
      }
    }
    reconciliation(from: $from, to: $to, supplierId: $supplierId) {
      from
      to
      statementLines
      statementTotal
      orders
      ordersTotal
      entitlementsIssued
      entitlementsRedeemed
      matched
      mismatches {
        kind
        supplierId
        reference
        skuId
        entitlementId
        statementAmount
        orderAmount
        detail
      }
    }
    suppliers: cockpitBreakdown(filter: $supplierFilter, dimension: SUPPLIER, sortBy: ISSUED, first: 200) {
      rows {
        key
        label
      }
    }
  }
`);
