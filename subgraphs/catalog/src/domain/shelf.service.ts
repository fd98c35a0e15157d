// Browsing a tenant's shelf (权益货架). Members see their own tenant's shelf,
// only the offers for their tier and segments; tenant admins and partners
// with catalog:read see all of it. One browse costs a fixed number of SQL
// statements, whatever the page size: the ranking query, then the offers,
// benefits, SKUs, categories and brands of the page, each in one batch.
import { GraphQLError } from "graphql";
import type { Identity } from "@benefits-hub/platform";
import type { FulfilmentKind } from "@benefits-hub/platform/db/client";
import type { BenefitRow } from "../data/catalog.repository";
import {
  sortKeysFor,
  type ShelfAudience,
  type ShelfCursor,
  type ShelfItemRow,
  type ShelfQuery,
  type ShelfRepository,
  type ShelfSort,
  type SortKey,
} from "../data/shelf.repository";
import type { CatalogLoaders } from "../loaders";
import { isUuid } from "./ids";
import { searchKeywords } from "./search-keywords";

export const MAX_SHELF_PAGE = 100;
const MAX_KEYWORD_LENGTH = 100;

/** Where a member's tier and segments come from (membership). */
export interface AudienceSource {
  audienceOf(tenantId: string, memberId: string): Promise<{ tier: string | null; segmentIds: string[] }>;
}

export interface ShelfFilterInput {
  categoryId?: string | null;
  brandIds?: string[] | null;
  minPriceFen?: number | null;
  maxPriceFen?: number | null;
  fulfilmentKinds?: FulfilmentKind[] | null;
  keyword?: string | null;
  includeInactive?: boolean | null;
}

export interface ShelfBenefit {
  benefit: BenefitRow;
  offers: ShelfItemRow[];
  fromPriceFen: number;
}

export interface ShelfConnection {
  edges: { cursor: string; node: ShelfBenefit }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

const empty: ShelfConnection = { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };

export class ShelfService {
  constructor(
    private readonly shelf: ShelfRepository,
    private readonly loaders: CatalogLoaders,
    private readonly audiences: AudienceSource,
  ) {}

  async browse(
    viewer: Identity,
    args: { filter?: ShelfFilterInput | null; sort?: ShelfSort | null; first?: number | null; after?: string | null },
  ): Promise<ShelfConnection> {
    const audience = await this.audienceOf(viewer, args.filter?.includeInactive ?? false);
    if (!audience) return empty;
    const query = toQuery(audience.tenantId, audience.audience, args.filter ?? {});
    if (!query) return empty;
    const sort = args.sort ?? "RECOMMENDED";
    const keys = sortKeysFor(sort, !!query.keywords?.length);
    const size = Math.min(Math.max(args.first ?? 20, 1), MAX_SHELF_PAGE);
    const after = args.after ? decodeCursor(args.after, sort, keys) : null;

    const { rows, total } = await this.shelf.page(query, keys, size + 1, after);
    const pageRows = rows.slice(0, size);
    const ids = pageRows.map((r) => r.id);
    const [offers, benefits] = await Promise.all([
      this.shelf.offers(query, ids),
      Promise.all(ids.map((id) => this.loaders.benefitById.load(id))),
    ]);
    const offersOf = new Map<string, ShelfItemRow[]>();
    for (const offer of offers) offersOf.set(offer.benefitId, [...(offersOf.get(offer.benefitId) ?? []), offer]);
    const edges = pageRows.flatMap((row, i) => {
      const benefit = benefits[i];
      if (!benefit) return [];
      const cursor = encodeCursor(sort, keys, row);
      return [{ cursor, node: { benefit, offers: offersOf.get(row.id) ?? [], fromPriceFen: row.fromPriceFen } }];
    });
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: total >= 0 ? total : await this.shelf.count(query),
    };
  }

  /** Tiers and segments of an offer are how a tenant targets its members: its admins see them, nobody else. */
  static showsTargeting(viewer: Identity): boolean {
    return viewer.kind === "member" && viewer.role === "TENANT_ADMIN";
  }

  private async audienceOf(
    viewer: Identity,
    includeInactive: boolean,
  ): Promise<{ tenantId: string; audience: ShelfAudience } | null> {
    if (viewer.kind === "partner")
      return { tenantId: viewer.tenantId, audience: { kind: "all", includeInactive: false } };
    if (viewer.kind !== "member") return null;
    if (viewer.role === "TENANT_ADMIN")
      return { tenantId: viewer.tenantId, audience: { kind: "all", includeInactive } };
    const { tier, segmentIds } = await this.audiences.audienceOf(viewer.tenantId, viewer.memberId);
    return { tenantId: viewer.tenantId, audience: { kind: "member", tier, segmentIds } };
  }
}

/** The filter as SQL conditions want it, or null when it can match nothing (an unknown id). */
function toQuery(tenantId: string, audience: ShelfAudience, filter: ShelfFilterInput): ShelfQuery | null {
  const bad = (message: string) => new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
  if (filter.categoryId && !isUuid(filter.categoryId)) return null;
  const brandIds = filter.brandIds?.filter(isUuid);
  if (filter.brandIds?.length && !brandIds?.length) return null;
  for (const [name, value] of [
    ["minPriceFen", filter.minPriceFen],
    ["maxPriceFen", filter.maxPriceFen],
  ] as const) {
    if (value != null && (!Number.isInteger(value) || value < 0))
      throw bad(`${name} must be a whole number of fen, 0 or more`);
  }
  const keyword = filter.keyword?.trim().toLowerCase() ?? "";
  if (keyword.length > MAX_KEYWORD_LENGTH) throw bad(`keyword must be at most ${MAX_KEYWORD_LENGTH} characters`);
  return {
    tenantId,
    audience,
    categoryId: filter.categoryId ?? undefined,
    brandIds: brandIds?.length ? brandIds : undefined,
    minPriceFen: filter.minPriceFen ?? undefined,
    maxPriceFen: filter.maxPriceFen ?? undefined,
    fulfilmentKinds: filter.fulfilmentKinds?.length ? filter.fulfilmentKinds : undefined,
    keywords: keyword ? searchKeywords(keyword).map(escapeLike) : undefined,
  };
}

const escapeLike = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

type CursorRow = {
  id: string;
  name: string;
  createdAt: Date;
  fromPriceFen: number;
  position: number;
  relevance: number;
};

function sortValue(row: CursorRow, column: string): string | number {
  if (column === "relevance") return row.relevance;
  if (column === "position") return row.position;
  if (column === "from_price") return row.fromPriceFen;
  if (column === "created_at") return row.createdAt.toISOString();
  return row.name;
}

function encodeCursor(sort: ShelfSort, keys: SortKey[], row: CursorRow): string {
  const values = keys.map((k) => sortValue(row, k.column));
  return Buffer.from(JSON.stringify([sort, ...values, row.id])).toString("base64url");
}

function decodeCursor(cursor: string, sort: ShelfSort, keys: SortKey[]): ShelfCursor {
  const invalid = new GraphQLError("after is not a cursor of this shelf and sort order", {
    extensions: { code: "BAD_USER_INPUT" },
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(parsed) || parsed.length !== keys.length + 2 || parsed[0] !== sort) throw invalid;
  const id = parsed.at(-1);
  if (!isUuid(id)) throw invalid;
  const values = keys.map((k, i) => {
    const v: unknown = parsed[i + 1];
    if (k.column === "name" && typeof v === "string") return v;
    if ((k.column === "position" || k.column === "from_price" || k.column === "relevance") && Number.isInteger(v))
      return v as number;
    if (k.column === "created_at" && typeof v === "string" && !Number.isNaN(Date.parse(v))) return new Date(v);
    throw invalid;
  });
  return { values, id };
}
