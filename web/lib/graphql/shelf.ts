// The viewer's tenant's shelf, one page at a time (server side, with the viewer's token).
import { gql } from "@urql/core";
import { classifyError, describeError } from "./errors";
import { gatewayClient } from "./server-client";
import type { FulfilmentKind, Loaded, Offer, ShelfEntry, ShelfFilter, ShelfPage, ShelfSort, Validity } from "./types";

interface RawValidity {
  kind: "FIXED_DATES" | "DAYS_AFTER_CLAIM";
  validFrom: string | null;
  validUntil: string | null;
  validDays: number | null;
}

interface RawOffer {
  id: string;
  priceFen: number;
  sku: {
    name: string;
    nameEn: string;
    faceValueFen: number;
    fulfilmentKind: FulfilmentKind;
    inStock: boolean;
    validity: RawValidity;
  };
}

interface RawShelfBenefit {
  fromPriceFen: number;
  benefit: {
    id: string;
    name: string;
    nameEn: string;
    brand: { name: string; nameEn: string } | null;
    category: { name: string; nameEn: string };
  };
  offers: RawOffer[];
}

interface ShelfData {
  shelf: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: RawShelfBenefit }[];
  };
}

export interface ShelfArgs {
  filter: ShelfFilter;
  sort: ShelfSort;
  first: number;
  after?: string | undefined;
}

const ShelfQuery = gql<ShelfData, { filter: ShelfFilter; sort: ShelfSort; first: number; after: string | null }>`
  query MallShelf($filter: ShelfFilter, $sort: ShelfSort, $first: Int, $after: String) {
    shelf(filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          fromPriceFen
          benefit {
            id
            name
            nameEn
            brand {
              name
              nameEn
            }
            category {
              name
              nameEn
            }
          }
          offers {
            id
            priceFen
            sku {
              name
              nameEn
              faceValueFen
              fulfilmentKind
              inStock
              validity {
                kind
                validFrom
                validUntil
                validDays
              }
            }
          }
        }
      }
    }
  }
`;

function toValidity(raw: RawValidity): Validity {
  return raw.kind === "FIXED_DATES"
    ? { kind: "FIXED_DATES", from: raw.validFrom, until: raw.validUntil }
    : { kind: "DAYS_AFTER_CLAIM", days: raw.validDays };
}

function toOffer({ id, priceFen, sku }: RawOffer): Offer {
  return {
    id,
    priceFen,
    name: sku.name,
    nameEn: sku.nameEn,
    faceValueFen: sku.faceValueFen,
    fulfilmentKind: sku.fulfilmentKind,
    inStock: sku.inStock,
    validity: toValidity(sku.validity),
  };
}

function toEntry({ benefit, offers, fromPriceFen }: RawShelfBenefit): ShelfEntry {
  return {
    benefitId: benefit.id,
    name: benefit.name,
    nameEn: benefit.nameEn,
    brand: benefit.brand ? { name: benefit.brand.name, nameEn: benefit.brand.nameEn } : null,
    category: { name: benefit.category.name, nameEn: benefit.category.nameEn },
    fromPriceFen,
    offers: offers.map(toOffer),
  };
}

export async function getShelf(token: string, args: ShelfArgs): Promise<Loaded<ShelfPage>> {
  const variables = { filter: args.filter, sort: args.sort, first: args.first, after: args.after ?? null };
  const result = await gatewayClient(token).query(ShelfQuery, variables).toPromise();
  if (result.error || !result.data) {
    const failure = result.error ? classifyError(result.error) : "failed";
    if (result.error && failure !== "unauthenticated" && failure !== "invalid")
      console.error(describeError("MallShelf", result.error));
    return { ok: false, failure };
  }
  const { shelf } = result.data;
  return {
    ok: true,
    value: {
      entries: shelf.edges.map((edge) => toEntry(edge.node)),
      totalCount: shelf.totalCount,
      nextCursor: shelf.pageInfo.hasNextPage ? shelf.pageInfo.endCursor : null,
    },
  };
}
