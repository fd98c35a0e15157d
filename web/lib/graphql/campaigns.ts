// Members: the campaigns they can claim from now (the mall's campaigns section), and the claim itself.
import { gql } from "@urql/core";
import { runMutation, type ActionError, type ActionResult } from "./action-result";
import { classifyError, describeError } from "./errors";
import { gatewayClient } from "./server-client";
import type { Loaded, Names } from "./types";

interface RawClaimable {
  id: string;
  name: string;
  description: string;
  kind: "SINGLE" | "PACK";
  endsAt: string | null;
  totalLimit: number | null;
  remaining: number | null;
  perMemberLimit: number;
  claimedByMe: number;
  remainingForMe: number;
  packChoose: number | null;
  items: { id: string; variant: string | null; sku: Names; benefit: Names }[];
}

const ClaimableQuery = gql<{ claimableCampaigns: RawClaimable[] }, Record<string, never>>`
  query ClaimableCampaigns {
    claimableCampaigns {
      id
      name
      description
      kind
      endsAt
      totalLimit
      remaining
      perMemberLimit
      claimedByMe
      remainingForMe
      packChoose
      items {
        id
        variant
        sku {
          name
          nameEn
        }
        benefit {
          name
          nameEn
        }
      }
    }
  }
`;

export interface ClaimableCampaign {
  id: string;
  name: string;
  description: string;
  isPack: boolean;
  packChoose: number | null;
  endsAt: string | null;
  /** null: unlimited stock. */
  totalLimit: number | null;
  remaining: number | null;
  perMemberLimit: number;
  /** How many of it the member already holds, and how many more they may claim now. */
  claimedByMe: number;
  remainingForMe: number;
  /** What one claim gives (a pack: what its holder chooses from). */
  items: { id: string; sku: Names; benefit: Names }[];
  /** An A/B test: each member is given one of the items' variants. */
  hasVariants: boolean;
}

export async function getClaimableCampaigns(token: string): Promise<Loaded<ClaimableCampaign[]>> {
  const result = await gatewayClient(token).query(ClaimableQuery, {}).toPromise();
  if (result.error || !result.data) {
    const failure = result.error ? classifyError(result.error) : "failed";
    if (result.error && (failure === "failed" || failure === "unavailable")) {
      console.error(describeError("ClaimableCampaigns", result.error));
    }
    return { ok: false, failure };
  }
  return {
    ok: true,
    value: result.data.claimableCampaigns.map((raw) => ({
      id: raw.id,
      name: raw.name,
      description: raw.description,
      isPack: raw.kind === "PACK",
      packChoose: raw.packChoose,
      endsAt: raw.endsAt,
      totalLimit: raw.totalLimit,
      remaining: raw.remaining,
      perMemberLimit: raw.perMemberLimit,
      claimedByMe: raw.claimedByMe,
      remainingForMe: raw.remainingForMe,
      items: raw.items.map(({ id, sku, benefit }) => ({ id, sku, benefit })),
      hasVariants: raw.items.some((item) => item.variant !== null),
    })),
  };
}

interface Claimed {
  id: string;
  benefit: { name: string };
}

const ClaimMutation = gql<
  { claimCampaign: { entitlement: Claimed | null; errors: ActionError[] } },
  { input: { campaignId: string; idempotencyKey: string; risk: { deviceId: string } } }
>`
  mutation ClaimCampaign($input: ClaimCampaignInput!) {
    claimCampaign(input: $input) {
      entitlement {
        id
        benefit {
          name
        }
      }
      errors {
        code
        message
        field
      }
    }
  }
`;

export function claimCampaign(
  token: string,
  campaignId: string,
  idempotencyKey: string,
  deviceId: string,
  headers: Record<string, string>,
): Promise<ActionResult<Claimed>> {
  const input = { campaignId, idempotencyKey, risk: { deviceId } };
  return runMutation(
    "ClaimCampaign",
    token,
    ClaimMutation,
    { input },
    (data) => ({ value: data.claimCampaign.entitlement, errors: data.claimCampaign.errors }),
    headers,
  );
}
