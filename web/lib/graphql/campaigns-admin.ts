// Tenant admins' campaigns: the list, what the create form offers (org units for the budget and the audience,
// segments, the shelf's SKUs), and the changes (create, transitions, grants and their jobs).
import { gql } from "@urql/core";
import type { CreateCampaignInput } from "../campaigns/campaign-draft";
import { orderUnits, type UnitChoice } from "../campaigns/org-units";
import { runMutation, type ActionError, type ActionResult } from "./action-result";
import { classifyError, describeError } from "./errors";
import { gatewayClient } from "./server-client";
import type { Loaded, MemberRole, Names, Viewer } from "./types";

export const CAMPAIGN_STATES = ["DRAFT", "SCHEDULED", "LIVE", "PAUSED", "ENDED"] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];
export type CampaignTransition = "SCHEDULE" | "PAUSE" | "RESUME" | "END";

export interface AdminCampaign {
  id: string;
  name: string;
  description: string;
  kind: "SINGLE" | "PACK";
  channel: "CLAIM" | "GRANT" | "RULE";
  state: CampaignState;
  startsAt: string;
  endsAt: string | null;
  totalLimit: number | null;
  perMemberLimit: number;
  issuedCount: number;
  remaining: number | null;
  budgetOrgUnit: { id: string; name: string };
  budgetPeriod: string;
  packChoose: number | null;
  packAllowanceFen: number | null;
  audience: { everyone: boolean; memberIds: string[]; segmentIds: string[]; orgUnitIds: string[] };
  items: { id: string; variant: string | null; costFen: number; sku: Names }[];
  createdAt: string;
}

interface AdminCampaignsData {
  me: { displayName: string; role: MemberRole; tenant: { name: string } } | null;
  campaigns: AdminCampaign[];
}

const AdminCampaignsQuery = gql<AdminCampaignsData, { first: number }>`
  query AdminCampaigns($first: Int) {
    me {
      displayName
      role
      tenant {
        name
      }
    }
    campaigns(first: $first) {
      id
      name
      description
      kind
      channel
      state
      startsAt
      endsAt
      totalLimit
      perMemberLimit
      issuedCount
      remaining
      budgetOrgUnit {
        id
        name
      }
      budgetPeriod
      packChoose
      packAllowanceFen
      audience {
        everyone
        memberIds
        segmentIds
        orgUnitIds
      }
      items {
        id
        variant
        costFen
        sku {
          name
          nameEn
        }
      }
      createdAt
    }
  }
`;

export const ADMIN_CAMPAIGN_LIMIT = 100;

export async function getAdminCampaigns(
  token: string,
): Promise<Loaded<{ viewer: Viewer; campaigns: AdminCampaign[] }>> {
  const result = await gatewayClient(token).query(AdminCampaignsQuery, { first: ADMIN_CAMPAIGN_LIMIT }).toPromise();
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure === "failed" || failure === "unavailable") console.error(describeError("AdminCampaigns", result.error));
    return { ok: false, failure };
  }
  const me = result.data?.me;
  if (!me || !result.data) return { ok: false, failure: "unauthenticated" };
  if (me.role !== "TENANT_ADMIN") return { ok: false, failure: "forbidden" };
  return {
    ok: true,
    value: {
      viewer: { displayName: me.displayName, role: me.role, tenantName: me.tenant.name },
      campaigns: result.data.campaigns,
    },
  };
}

/** A SKU of the tenant's shelf a campaign can give, at the tenant's price. */
export interface SkuChoice {
  id: string;
  name: string;
  nameEn: string;
  benefitName: string;
  fulfilmentKind: string;
  /** The tenant's shelf price. */
  priceFen: number;
  /** What an item costs the budget unless the admin says otherwise. */
  salePriceFen: number;
}

export interface CampaignFormOptions {
  /** The whole org tree, parents before their children. */
  units: UnitChoice[];
  segments: { id: string; name: string }[];
  skus: SkuChoice[];
}

interface FormOptionsData {
  orgTree: {
    id: string;
    name: string;
    descendants: { units: { id: string; name: string; parent: { id: string } | null }[] };
  } | null;
  segments: { id: string; name: string }[];
  shelf: {
    edges: {
      node: {
        benefit: { name: string };
        offers: {
          priceFen: number;
          active: boolean;
          sku: { id: string; name: string; nameEn: string; fulfilmentKind: string; salePriceFen: number };
        }[];
      };
    }[];
  };
}

const MAX_UNITS = 500;

const FormOptionsQuery = gql<FormOptionsData, { units: number }>`
  query CampaignFormOptions($units: Int) {
    orgTree {
      id
      name
      descendants(first: $units) {
        units {
          id
          name
          parent {
            id
          }
        }
      }
    }
    segments {
      id
      name
    }
    shelf(filter: { includeInactive: true }, first: 100, sort: RECOMMENDED) {
      edges {
        node {
          benefit {
            name
          }
          offers {
            priceFen
            active
            sku {
              id
              name
              nameEn
              fulfilmentKind
              salePriceFen
            }
          }
        }
      }
    }
  }
`;

export async function getCampaignFormOptions(token: string): Promise<Loaded<CampaignFormOptions>> {
  const result = await gatewayClient(token).query(FormOptionsQuery, { units: MAX_UNITS }).toPromise();
  if (result.error || !result.data) {
    const failure = result.error ? classifyError(result.error) : "failed";
    if (result.error && (failure === "failed" || failure === "unavailable")) {
      console.error(describeError("CampaignFormOptions", result.error));
    }
    return { ok: false, failure };
  }
  const { orgTree, segments, shelf } = result.data;
  const units = orgTree
    ? orderUnits({ id: orgTree.id, name: orgTree.name, parentId: null }, [
        ...orgTree.descendants.units.map((unit) => ({
          id: unit.id,
          name: unit.name,
          parentId: unit.parent?.id ?? null,
        })),
      ])
    : [];
  const skus = shelf.edges.flatMap(({ node }) =>
    node.offers
      .filter((offer) => offer.active)
      .map((offer) => ({
        id: offer.sku.id,
        name: offer.sku.name,
        nameEn: offer.sku.nameEn,
        benefitName: node.benefit.name,
        fulfilmentKind: offer.sku.fulfilmentKind,
        priceFen: offer.priceFen,
        salePriceFen: offer.sku.salePriceFen,
      })),
  );
  return { ok: true, value: { units, segments, skus } };
}

const ERRORS = `errors { code message field }`;

const CreateMutation = gql<
  { createCampaign: { campaign: { id: string; name: string } | null; errors: ActionError[] } },
  { input: CreateCampaignInput }
>`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) { campaign { id name } ${ERRORS} }
  }
`;

export function createCampaign(token: string, input: CreateCampaignInput) {
  return runMutation("CreateCampaign", token, CreateMutation, { input }, (d) => ({
    value: d.createCampaign.campaign,
    errors: d.createCampaign.errors,
  }));
}

const TransitionMutation = gql<
  { transitionCampaign: { campaign: { id: string; state: CampaignState } | null; errors: ActionError[] } },
  { id: string; transition: CampaignTransition }
>`
  mutation TransitionCampaign($id: ID!, $transition: CampaignTransition!) {
    transitionCampaign(id: $id, transition: $transition) { campaign { id state } ${ERRORS} }
  }
`;

export function transitionCampaign(token: string, id: string, transition: CampaignTransition) {
  return runMutation("TransitionCampaign", token, TransitionMutation, { id, transition }, (d) => ({
    value: d.transitionCampaign.campaign,
    errors: d.transitionCampaign.errors,
  }));
}

export interface GrantJob {
  id: string;
  state: "RUNNING" | "SUCCEEDED" | "FAILED";
  total: number;
  processed: number;
  issued: number;
  failed: number;
  failures: { code: string; count: number }[];
  error: string | null;
  finishedAt: string | null;
}

const JOB_FIELDS = `id state total processed issued failed failures { code count } error finishedAt`;

export interface GrantTargets {
  memberIds: string[];
  segmentIds: string[];
  orgUnitIds: string[];
}

const GrantMutation = gql<
  { grantCampaign: { job: GrantJob | null; errors: ActionError[] } },
  { input: GrantTargets & { campaignId: string; idempotencyKey: string } }
>`
  mutation GrantCampaign($input: GrantCampaignInput!) {
    grantCampaign(input: $input) { job { ${JOB_FIELDS} } ${ERRORS} }
  }
`;

export function grantCampaign(
  token: string,
  campaignId: string,
  idempotencyKey: string,
  targets: GrantTargets,
): Promise<ActionResult<GrantJob>> {
  const input = { campaignId, idempotencyKey, ...targets };
  return runMutation("GrantCampaign", token, GrantMutation, { input }, (d) => ({
    value: d.grantCampaign.job,
    errors: d.grantCampaign.errors,
  }));
}

const GrantJobQuery = gql<{ grantJob: GrantJob | null }, { id: string }>`
  query GrantJob($id: ID!) {
    grantJob(id: $id) { ${JOB_FIELDS} }
  }
`;

/** null when the job is unknown (or another tenant's). */
export async function getGrantJob(token: string, id: string): Promise<Loaded<GrantJob | null>> {
  const result = await gatewayClient(token).query(GrantJobQuery, { id }).toPromise();
  if (result.error || !result.data) {
    const failure = result.error ? classifyError(result.error) : "failed";
    if (result.error && (failure === "failed" || failure === "unavailable")) {
      console.error(describeError("GrantJob", result.error));
    }
    return { ok: false, failure };
  }
  return { ok: true, value: result.data.grantJob };
}
