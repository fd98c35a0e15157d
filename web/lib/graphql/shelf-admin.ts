// Tenant admins' view of their shelf (every offer, with targeting and state) and the price change.
import { gql } from "@urql/core";
import { classifyError, describeError } from "./errors";
import { gatewayClient } from "./server-client";
import type { AdminShelfItem, Loaded, MemberRole, Viewer } from "./types";

export const ADMIN_SHELF_PAGE_SIZE = 50;

interface AdminShelfData {
  me: { displayName: string; role: MemberRole; tenant: { name: string } } | null;
  shelf: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        benefit: { name: string; nameEn: string };
        offers: {
          id: string;
          priceFen: number;
          tiers: string[] | null;
          segmentIds: string[] | null;
          active: boolean;
          sku: { name: string; nameEn: string; faceValueFen: number };
        }[];
      };
    }[];
  };
}

const AdminShelfQuery = gql<AdminShelfData, { first: number; after: string | null }>`
  query AdminShelf($first: Int, $after: String) {
    me {
      displayName
      role
      tenant {
        name
      }
    }
    shelf(filter: { includeInactive: true }, sort: RECOMMENDED, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          benefit {
            name
            nameEn
          }
          offers {
            id
            priceFen
            tiers
            segmentIds
            active
            sku {
              name
              nameEn
              faceValueFen
            }
          }
        }
      }
    }
  }
`;

export interface AdminShelf {
  viewer: Viewer;
  items: AdminShelfItem[];
  /** Benefits on the shelf (a benefit has one or more offers). */
  benefitCount: number;
  nextCursor: string | null;
}

/** "forbidden" for anyone but a tenant admin: members may read a shelf, but not this view of it. */
export async function getAdminShelf(token: string, after?: string): Promise<Loaded<AdminShelf>> {
  const variables = { first: ADMIN_SHELF_PAGE_SIZE, after: after ?? null };
  const result = await gatewayClient(token).query(AdminShelfQuery, variables).toPromise();
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure === "failed" || failure === "unavailable") console.error(describeError("AdminShelf", result.error));
    return { ok: false, failure };
  }
  const me = result.data?.me;
  if (!me || !result.data) return { ok: false, failure: "unauthenticated" };
  if (me.role !== "TENANT_ADMIN") return { ok: false, failure: "forbidden" };
  const { shelf } = result.data;
  return {
    ok: true,
    value: {
      viewer: { displayName: me.displayName, role: me.role, tenantName: me.tenant.name },
      items: shelf.edges.flatMap(({ node }) =>
        node.offers.map((offer) => ({
          id: offer.id,
          benefit: { name: node.benefit.name, nameEn: node.benefit.nameEn },
          sku: { name: offer.sku.name, nameEn: offer.sku.nameEn },
          priceFen: offer.priceFen,
          faceValueFen: offer.sku.faceValueFen,
          tiers: offer.tiers ?? [],
          segmentCount: offer.segmentIds?.length ?? 0,
          active: offer.active,
        })),
      ),
      benefitCount: shelf.totalCount,
      nextCursor: shelf.pageInfo.hasNextPage ? shelf.pageInfo.endCursor : null,
    },
  };
}

interface UpdatePriceData {
  updateShelfItem: {
    shelfItem: { id: string; priceFen: number } | null;
    errors: { code: string; message: string }[];
  };
}

const UpdatePriceMutation = gql<UpdatePriceData, { input: { id: string; priceFen: number } }>`
  mutation UpdateShelfPrice($input: UpdateShelfItemInput!) {
    updateShelfItem(input: $input) {
      shelfItem {
        id
        priceFen
      }
      errors {
        code
        message
      }
    }
  }
`;

export type PriceUpdate = { ok: true; priceFen: number } | { ok: false; message: string };

export async function updateShelfPrice(token: string, id: string, priceFen: number): Promise<PriceUpdate> {
  const result = await gatewayClient(token).mutation(UpdatePriceMutation, { input: { id, priceFen } }).toPromise();
  if (result.error) {
    const failure = classifyError(result.error);
    if (failure === "unauthenticated") return { ok: false, message: "Your session has ended. Please sign in again." };
    if (failure === "forbidden") return { ok: false, message: "Only enterprise admins can change prices." };
    console.error(describeError("UpdateShelfPrice", result.error));
    return { ok: false, message: "The price could not be saved right now. Please try again in a moment." };
  }
  const payload = result.data?.updateShelfItem;
  const [firstError] = payload?.errors ?? [];
  if (firstError) return { ok: false, message: firstError.message };
  if (!payload?.shelfItem) return { ok: false, message: "The price could not be saved." };
  return { ok: true, priceFen: payload.shelfItem.priceFen };
}
