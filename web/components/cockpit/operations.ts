// The dashboard's GraphQL operations. Their result and variable types are generated into lib/gql
// (npm run codegen -w @benefits-hub/web): nothing here is typed by hand.
import { graphql } from "@/lib/gql";

export const CockpitOverviewFields = graphql(`
  fragment CockpitOverviewFields on CockpitOverview {
    from
    to
    previousFrom
    previousTo
    issued {
      current
      previous
      change
    }
    claimed {
      current
      previous
      change
    }
    redeemed {
      current
      previous
      change
    }
    expired {
      current
      previous
      change
    }
    revoked {
      current
      previous
      change
    }
    redemptionRate {
      current
      previous
      change
    }
    cost {
      current
      previous
      change
    }
    faceValue {
      current
      previous
      change
    }
    activeMembers {
      current
      previous
      change
    }
  }
`);

export const CockpitViewerQuery = graphql(`
  query CockpitViewer {
    me {
      displayName
      role
      tenant {
        name
      }
      orgUnit {
        id
        name
      }
    }
  }
`);

export const CockpitDashboardQuery = graphql(`
  query CockpitDashboard(
    $filter: CockpitFilter!
    $granularity: CockpitGranularity!
    $dimension: CockpitDimension!
    $sortBy: CockpitMetric!
    $direction: CockpitSortDirection!
    $first: Int!
    $offset: Int!
  ) {
    cockpitOverview(filter: $filter) {
      ...CockpitOverviewFields
    }
    cockpitTimeSeries(filter: $filter, granularity: $granularity) {
      period
      counts {
        issued
        claimed
        redeemed
        cost
      }
    }
    cockpitFunnel(filter: $filter) {
      issued
      claimed
      redeemed
      claimRate
      redemptionRate
      overallRate
    }
    cockpitBreakdown(
      filter: $filter
      dimension: $dimension
      sortBy: $sortBy
      direction: $direction
      first: $first
      offset: $offset
    ) {
      dimension
      totalRows
      rows {
        key
        label
        counts {
          issued
          claimed
          redeemed
          expired
          revoked
          redemptionRate
          cost
          faceValue
        }
      }
    }
  }
`);

export const CockpitOrgUnitQuery = graphql(`
  query CockpitOrgUnit($id: ID!) {
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

export const CockpitUpdatedSubscription = graphql(`
  subscription CockpitUpdated($filter: CockpitFilter!) {
    cockpitUpdated(filter: $filter) {
      at
      kinds
      overview {
        ...CockpitOverviewFields
      }
    }
  }
`);
