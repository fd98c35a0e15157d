// A tenant's shelf: the browse query (one SQL statement per page, whatever
// the page size) and the offers of the benefits on a page (one more).
import { Prisma, type PrismaClient, type FulfilmentKind, type ShelfItem } from "@benefits-hub/platform/db/client";

export type ShelfItemRow = ShelfItem;

/** Which offers the viewer may see: everything, or those for their tier and segments. */
export type ShelfAudience =
  { kind: "all"; includeInactive: boolean } | { kind: "member"; tier: string | null; segmentIds: string[] };

export interface ShelfQuery {
  tenantId: string;
  audience: ShelfAudience;
  categoryId?: string;
  brandIds?: string[];
  minPriceFen?: number;
  maxPriceFen?: number;
  fulfilmentKinds?: FulfilmentKind[];
  /** Lower-cased, LIKE-escaped words; every one must occur. */
  keywords?: string[];
}

export type ShelfSort = "RECOMMENDED" | "PRICE_ASC" | "PRICE_DESC" | "NAME" | "NEWEST";

/** One benefit of a page with the values it is sorted by (they make its cursor). */
export interface ShelfRankRow {
  id: string;
  name: string;
  createdAt: Date;
  fromPriceFen: number;
  position: number;
  /** How well the benefit matches the keywords (0 without keywords). */
  relevance: number;
}

export type SortKey = { column: "relevance" | "position" | "name" | "created_at" | "from_price"; desc: boolean };

export const SORT_KEYS: Record<ShelfSort, SortKey[]> = {
  RECOMMENDED: [
    { column: "position", desc: false },
    { column: "name", desc: false },
  ],
  PRICE_ASC: [{ column: "from_price", desc: false }],
  PRICE_DESC: [{ column: "from_price", desc: true }],
  NAME: [{ column: "name", desc: false }],
  NEWEST: [{ column: "created_at", desc: true }],
};

/** The order of a page: with keywords, the shelf's own order ranks the best matches first. */
export function sortKeysFor(sort: ShelfSort, hasKeywords: boolean): SortKey[] {
  if (sort === "RECOMMENDED" && hasKeywords) return [{ column: "relevance", desc: true }, ...SORT_KEYS.RECOMMENDED];
  return SORT_KEYS[sort];
}

/** The sort values of a row after which the next page starts, then its id. */
export type ShelfCursor = { values: (string | number | Date)[]; id: string };

export class ShelfRepository {
  constructor(private readonly db: PrismaClient) {}

  /** A page of benefits (one more than `take` tells whether there is a next page) and the total. */
  async page(
    query: ShelfQuery,
    keys: SortKey[],
    take: number,
    after: ShelfCursor | null,
  ): Promise<{ rows: ShelfRankRow[]; total: number }> {
    const order = Prisma.join(
      [...keys.map((k) => Prisma.raw(`r.${k.column} ${k.desc ? "DESC" : "ASC"}`)), Prisma.raw("r.id ASC")],
      ", ",
    );
    const rows = await this.db.$queryRaw<(ShelfRankRow & { total: bigint })[]>`
      WITH offers AS (
        SELECT si.benefit_id, si.price_fen, si.position
        FROM catalog.shelf_item si
        JOIN catalog.sku s ON s.id = si.sku_id
        WHERE ${offerConditions(query)}
      ), ranked AS (
        SELECT b.id, b.name, b.created_at, min(o.price_fen)::int AS from_price, min(o.position)::int AS position,
               ${relevance(query)} AS relevance
        FROM offers o
        JOIN catalog.benefit b ON b.id = o.benefit_id
        WHERE ${benefitConditions(query)}
        GROUP BY b.id
      )
      SELECT r.id::text AS id, r.name, r.created_at AS "createdAt", r.from_price AS "fromPriceFen", r.position,
             r.relevance,
             (SELECT count(*) FROM ranked) AS total
      FROM ranked r
      WHERE ${after ? keyset(keys, after) : Prisma.sql`TRUE`}
      ORDER BY ${order}
      LIMIT ${take}`;
    return { rows: rows.map(({ total: _total, ...row }) => row), total: Number(rows[0]?.total ?? (after ? -1 : 0)) };
  }

  /** The total when a page came back empty (past the end): the same filter, counted. */
  async count(query: ShelfQuery): Promise<number> {
    const [row] = await this.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(DISTINCT b.id) AS n
      FROM catalog.shelf_item si
      JOIN catalog.sku s ON s.id = si.sku_id
      JOIN catalog.benefit b ON b.id = si.benefit_id
      WHERE ${offerConditions(query)} AND ${benefitConditions(query)}`;
    return Number(row?.n ?? 0);
  }

  /** The offers of `benefitIds` the query's viewer may see, in shelf order. */
  offers(query: ShelfQuery, benefitIds: string[]): Promise<ShelfItemRow[]> {
    if (benefitIds.length === 0) return Promise.resolve([]);
    return this.db.$queryRaw<ShelfItemRow[]>`
      SELECT si.id::text AS id, si.tenant_id::text AS "tenantId", si.sku_id::text AS "skuId",
             si.benefit_id::text AS "benefitId", si.price_fen AS "priceFen", si.tiers,
             si.segment_ids::text[] AS "segmentIds", si.position, si.active,
             si.created_at AS "createdAt", si.updated_at AS "updatedAt"
      FROM catalog.shelf_item si
      JOIN catalog.sku s ON s.id = si.sku_id
      WHERE si.benefit_id = ANY(${benefitIds}::uuid[]) AND ${offerConditions(query)}
      ORDER BY si.position, si.price_fen, si.id`;
  }
}

function offerConditions(q: ShelfQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`si.tenant_id = ${q.tenantId}::uuid`, Prisma.sql`s.archived_at IS NULL`];
  if (q.audience.kind === "member") {
    parts.push(Prisma.sql`si.active`);
    parts.push(Prisma.sql`(cardinality(si.tiers) = 0 OR ${q.audience.tier ?? ""} = ANY(si.tiers))`);
    parts.push(Prisma.sql`(cardinality(si.segment_ids) = 0 OR si.segment_ids && ${q.audience.segmentIds}::uuid[])`);
  } else if (!q.audience.includeInactive) {
    parts.push(Prisma.sql`si.active`);
  }
  if (q.fulfilmentKinds?.length) {
    parts.push(Prisma.sql`s.fulfilment_kind::text = ANY(${q.fulfilmentKinds}::text[])`);
  }
  if (q.minPriceFen !== undefined) parts.push(Prisma.sql`si.price_fen >= ${q.minPriceFen}`);
  if (q.maxPriceFen !== undefined) parts.push(Prisma.sql`si.price_fen <= ${q.maxPriceFen}`);
  return Prisma.join(parts, " AND ");
}

function benefitConditions(q: ShelfQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`b.archived_at IS NULL`];
  if (q.categoryId) {
    parts.push(
      Prisma.sql`b.category_id IN (SELECT c.id FROM catalog.category c WHERE c.path @> ARRAY[${q.categoryId}::uuid])`,
    );
  }
  if (q.brandIds?.length) parts.push(Prisma.sql`b.brand_id = ANY(${q.brandIds}::uuid[])`);
  for (const word of q.keywords ?? []) parts.push(Prisma.sql`b.search_text LIKE ${`%${word}%`}`);
  return Prisma.join(parts, " AND ");
}

/**
 * Per keyword: 4 when the benefit's own name has it, 2 when its brand's names
 * or aliases do, 1 when only the category, SKU names or description do.
 */
function relevance(q: ShelfQuery): Prisma.Sql {
  if (!q.keywords?.length) return Prisma.sql`0`;
  const scores = q.keywords.map((word) => {
    const like = `%${word}%`;
    return Prisma.sql`(CASE WHEN lower(b.name || ' ' || b.name_en) LIKE ${like} THEN 4
                           WHEN b.search_title LIKE ${like} THEN 2 ELSE 1 END)`;
  });
  return Prisma.sql`(${Prisma.join(scores, " + ")})`;
}

/** Rows strictly after the cursor in the sort order (each key ascending or descending, then id ascending). */
function keyset(keys: SortKey[], after: ShelfCursor): Prisma.Sql {
  const columns = [
    ...keys.map((k) => ({ sql: Prisma.raw(`r.${k.column}`), desc: k.desc })),
    { sql: Prisma.raw("r.id"), desc: false },
  ];
  const values = [...after.values, after.id];
  const value = (i: number) => (i === columns.length - 1 ? Prisma.sql`${values[i]}::uuid` : Prisma.sql`${values[i]}`);
  const branches: Prisma.Sql[] = columns.map((column, i) => {
    const equal = columns.slice(0, i).map((c, j) => Prisma.sql`${c.sql} = ${value(j)}`);
    const beyond = Prisma.sql`${column.sql} ${Prisma.raw(column.desc ? "<" : ">")} ${value(i)}`;
    return Prisma.sql`(${Prisma.join([...equal, beyond], " AND ")})`;
  });
  return Prisma.sql`(${Prisma.join(branches, " OR ")})`;
}
