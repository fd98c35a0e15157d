// The signed-in member's wallet (卡包), one page of one state tab at a time, with what each entitlement is
// (benefit and SKU through the graph), its dates, and what its card needs for its actions (a pack's options).
import { gql } from "@urql/core";
import type { EntitlementState } from "../wallet/tabs";
import { classifyError, describeError } from "./errors";
import { gatewayClient } from "./server-client";
import type { Loaded, MemberRole, Names, Viewer } from "./types";

interface RawEntitlement {
  id: string;
  state: EntitlementState;
  fulfilmentKind: string | null;
  isPack: boolean;
  variant: string | null;
  costFen: number;
  issuedAt: string;
  claimedAt: string | null;
  expiresAt: string | null;
  revealedAt: string | null;
  redeemedAt: string | null;
  redeemedBy: string | null;
  transferable: boolean;
  redemptionCode: string | null;
  benefit: Names;
  sku: Names | null;
  transferredFrom: { id: string } | null;
  campaign: {
    name: string;
    packChoose: number | null;
    packAllowanceFen: number | null;
    items: { id: string; variant: string | null; costFen: number; sku: Names; benefit: Names }[];
  } | null;
  packOptions: { id: string; benefit: Names; sku: Names | null }[];
}

interface WalletData {
  me: { id: string; displayName: string; role: MemberRole; tenant: { name: string } } | null;
  myWallet: { endCursor: string | null; entitlements: RawEntitlement[] };
}

interface WalletVariables {
  states: EntitlementState[] | null;
  first: number;
  after: string | null;
}

const WalletQuery = gql<WalletData, WalletVariables>`
  query Wallet($states: [EntitlementState!], $first: Int, $after: String) {
    me {
      id
      displayName
      role
      tenant {
        name
      }
    }
    myWallet(states: $states, first: $first, after: $after) {
      endCursor
      entitlements {
        id
        state
        fulfilmentKind
        isPack
        variant
        costFen
        issuedAt
        claimedAt
        expiresAt
        revealedAt
        redeemedAt
        redeemedBy
        transferable
        redemptionCode
        benefit {
          name
          nameEn
        }
        sku {
          name
          nameEn
        }
        transferredFrom {
          id
        }
        campaign {
          name
          packChoose
          packAllowanceFen
          items {
            id
            variant
            costFen
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
        packOptions {
          id
          benefit {
            name
            nameEn
          }
          sku {
            name
            nameEn
          }
        }
      }
    }
  }
`;

/** One option of a pack: a campaign item the member may choose. */
export interface PackOption {
  itemId: string;
  sku: Names;
  benefit: Names;
  costFen: number;
}

export interface WalletEntitlement {
  id: string;
  state: EntitlementState;
  fulfilmentKind: string | null;
  isPack: boolean;
  issuedAt: string;
  claimedAt: string | null;
  expiresAt: string | null;
  revealedAt: string | null;
  redeemedAt: string | null;
  /** "member", "topup", "pack" or "partner:<key id>". */
  redeemedBy: string | null;
  transferable: boolean;
  /** What the member shows a partner (owner only, while usable). */
  redemptionCode: string | null;
  /** Received by transfer from another member. */
  received: boolean;
  benefit: Names;
  sku: Names | null;
  campaignName: string | null;
  /** Packs only: how many to choose, within which allowance, from which options. */
  pack: { choose: number; allowanceFen: number; options: PackOption[] } | null;
  /** A used pack's chosen options. */
  chosen: { id: string; name: string }[];
}

export interface WalletPage {
  viewer: Viewer;
  /** The member's own id: what a colleague enters to give them something. */
  memberId: string;
  entitlements: WalletEntitlement[];
  nextCursor: string | null;
}

function toPack(raw: RawEntitlement): WalletEntitlement["pack"] {
  const campaign = raw.campaign;
  if (!raw.isPack || !campaign || campaign.packChoose === null || campaign.packAllowanceFen === null) return null;
  const options = campaign.items
    // Items of the member's A/B variant, or of every variant.
    .filter((item) => item.variant === null || raw.variant === null || item.variant === raw.variant)
    .map((item) => ({ itemId: item.id, sku: item.sku, benefit: item.benefit, costFen: item.costFen }));
  return { choose: campaign.packChoose, allowanceFen: campaign.packAllowanceFen, options };
}

function toEntitlement(raw: RawEntitlement): WalletEntitlement {
  return {
    id: raw.id,
    state: raw.state,
    fulfilmentKind: raw.fulfilmentKind,
    isPack: raw.isPack,
    issuedAt: raw.issuedAt,
    claimedAt: raw.claimedAt,
    expiresAt: raw.expiresAt,
    revealedAt: raw.revealedAt,
    redeemedAt: raw.redeemedAt,
    redeemedBy: raw.redeemedBy,
    transferable: raw.transferable,
    redemptionCode: raw.redemptionCode,
    received: raw.transferredFrom !== null,
    benefit: raw.benefit,
    sku: raw.sku,
    campaignName: raw.campaign?.name ?? null,
    pack: toPack(raw),
    chosen: raw.packOptions.map((option) => ({ id: option.id, name: option.sku?.name ?? option.benefit.name })),
  };
}

export async function getWallet(
  token: string,
  states: EntitlementState[] | null,
  first: number,
  after?: string,
): Promise<Loaded<WalletPage>> {
  const variables = { states, first, after: after ?? null };
  const result = await gatewayClient(token).query(WalletQuery, variables).toPromise();
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure === "failed" || failure === "unavailable") console.error(describeError("Wallet", result.error));
    return { ok: false, failure };
  }
  const me = result.data?.me;
  if (!me || !result.data) return { ok: false, failure: "unauthenticated" };
  return {
    ok: true,
    value: {
      viewer: { displayName: me.displayName, role: me.role, tenantName: me.tenant.name },
      memberId: me.id,
      entitlements: result.data.myWallet.entitlements.map(toEntitlement),
      nextCursor: result.data.myWallet.endCursor,
    },
  };
}
