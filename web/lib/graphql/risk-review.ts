// Tenant admins' risk review queue: requests risk control held for review (oldest first), the facts they were
// decided on and the rules that fired; and the review itself (approve carries the request out, reject ends it).
import { gql } from "@urql/core";
import { runMutation, type ActionError, type ActionResult } from "./action-result";
import { classifyError, describeError } from "./errors";
import { gatewayClient } from "./server-client";
import type { Loaded, MemberRole, Viewer } from "./types";

export interface FiredRule {
  ruleId: string;
  name: string;
  kind: string;
  outcome: string;
  reason: string;
}

export interface HeldDecision {
  id: string;
  action: "CLAIM" | "REDEEM" | "TRANSFER";
  member: { id: string; displayName: string };
  deviceId: string | null;
  ip: string | null;
  region: string | null;
  campaignId: string | null;
  /** The campaign's name, when the decision names a campaign of the tenant. */
  campaignName: string | null;
  entitlementId: string | null;
  outcome: string;
  firedRules: FiredRule[];
  /** JSON of the held request. */
  request: string | null;
  createdAt: string;
}

interface ReviewQueueData {
  me: { displayName: string; role: MemberRole; tenant: { name: string } } | null;
  reviewQueue: { endCursor: string | null; decisions: Omit<HeldDecision, "campaignName">[] };
  campaigns: { id: string; name: string }[];
}

const ReviewQueueQuery = gql<ReviewQueueData, { first: number; after: string | null }>`
  query ReviewQueue($first: Int, $after: String) {
    me {
      displayName
      role
      tenant {
        name
      }
    }
    reviewQueue(first: $first, after: $after) {
      endCursor
      decisions {
        id
        action
        member {
          id
          displayName
        }
        deviceId
        ip
        region
        campaignId
        entitlementId
        outcome
        firedRules {
          ruleId
          name
          kind
          outcome
          reason
        }
        request
        createdAt
      }
    }
    campaigns(first: 200) {
      id
      name
    }
  }
`;

export const REVIEW_PAGE_SIZE = 20;

export interface ReviewQueue {
  viewer: Viewer;
  decisions: HeldDecision[];
  nextCursor: string | null;
}

export async function getReviewQueue(token: string, after?: string): Promise<Loaded<ReviewQueue>> {
  const variables = { first: REVIEW_PAGE_SIZE, after: after ?? null };
  const result = await gatewayClient(token).query(ReviewQueueQuery, variables).toPromise();
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure === "failed" || failure === "unavailable") console.error(describeError("ReviewQueue", result.error));
    return { ok: false, failure };
  }
  const me = result.data?.me;
  if (!me || !result.data) return { ok: false, failure: "unauthenticated" };
  if (me.role !== "TENANT_ADMIN") return { ok: false, failure: "forbidden" };
  const names = new Map(result.data.campaigns.map((c) => [c.id, c.name]));
  return {
    ok: true,
    value: {
      viewer: { displayName: me.displayName, role: me.role, tenantName: me.tenant.name },
      decisions: result.data.reviewQueue.decisions.map((d) => ({
        ...d,
        campaignName: d.campaignId ? (names.get(d.campaignId) ?? null) : null,
      })),
      nextCursor: result.data.reviewQueue.endCursor,
    },
  };
}

export interface ReviewOutcome {
  reviewState: string;
  executed: boolean;
  message: string | null;
}

const ReviewMutation = gql<
  {
    reviewRiskDecision: {
      decision: { id: string; reviewState: string } | null;
      executed: boolean;
      message: string | null;
      errors: ActionError[];
    };
  },
  { input: { decisionId: string; approve: boolean; note: string | null } }
>`
  mutation ReviewRiskDecision($input: ReviewRiskDecisionInput!) {
    reviewRiskDecision(input: $input) {
      decision {
        id
        reviewState
      }
      executed
      message
      errors {
        code
        message
        field
      }
    }
  }
`;

export function reviewRiskDecision(
  token: string,
  decisionId: string,
  approve: boolean,
  note: string | null,
): Promise<ActionResult<ReviewOutcome>> {
  return runMutation("ReviewRiskDecision", token, ReviewMutation, { input: { decisionId, approve, note } }, (d) => {
    const payload = d.reviewRiskDecision;
    return {
      value: payload.decision
        ? { reviewState: payload.decision.reviewState, executed: payload.executed, message: payload.message }
        : null,
      errors: payload.errors,
    };
  });
}
