// The mall's filters live in its URL (shareable, and the filter form works without JavaScript).
// Reads them as typed, checks them, and turns them into a shelf request; builds the mall's links.
// Relative imports only: the unit test loads this file without the app's path aliases.
import {
  FULFILMENT_KINDS,
  SHELF_SORTS,
  type Brand,
  type Category,
  type FulfilmentKind,
  type ShelfFilter,
  type ShelfSort,
} from "../graphql/types";
import { parseYuan, PRICE_HINT } from "../yuan";

export type SearchParams = Record<string, string | string[] | undefined>;

export const DEFAULT_PAGE_SIZE = 12;
export const MAX_PAGE_SIZE = 100;
export const MAX_KEYWORD_LENGTH = 100;
/** The mall's URL as typed; kept verbatim so the form shows what the visitor entered. */
export interface MallQuery {
  /** Keyword, Chinese or English. */
  q: string;
  /** Category slug: that category and everything below it. */
  category: string;
  /** Brand slug. */
  brand: string;
  /** Lowest price, yuan. */
  min: string;
  /** Highest price, yuan. */
  max: string;
  /** Fulfilment kinds (the URL repeats `kind`). */
  kinds: string[];
  sort: string;
  /** Page size (1 to 100). */
  size: string;
  /** Cursor of the page to start after. */
  after: string;
}

export type MallField = keyof MallQuery;

export interface Problem {
  field: MallField;
  message: string;
}

export interface ShelfRequest {
  filter: ShelfFilter;
  sort: ShelfSort;
  first: number;
  after?: string;
}

const first = (value: string | string[] | undefined): string => (Array.isArray(value) ? value[0] : value) ?? "";
const all = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v) => v !== "");

export function readMallQuery(params: SearchParams): MallQuery {
  return {
    q: first(params["q"]).trim(),
    category: first(params["category"]).trim(),
    brand: first(params["brand"]).trim(),
    min: first(params["min"]).trim(),
    max: first(params["max"]).trim(),
    kinds: all(params["kind"]),
    sort: first(params["sort"]).trim(),
    size: first(params["size"]).trim(),
    after: first(params["after"]).trim(),
  };
}

const isSort = (value: string): value is ShelfSort => (SHELF_SORTS as readonly string[]).includes(value);
const isKind = (value: string): value is FulfilmentKind => (FULFILMENT_KINDS as readonly string[]).includes(value);

/**
 * The shelf request the URL asks for. A value that does not make sense is left out of the request
 * (the rest still applies) and reported, so the page can say what it ignored and why.
 */
export function toShelfRequest(
  query: MallQuery,
  facets: { categories: readonly Category[]; brands: readonly Brand[] },
): { request: ShelfRequest; problems: Problem[] } {
  const problems: Problem[] = [];
  const filter: ShelfFilter = {};

  if (query.q) {
    const keyword = query.q.replace(/\s+/g, " ");
    if (keyword.length > MAX_KEYWORD_LENGTH)
      problems.push({ field: "q", message: `Search words can be at most ${MAX_KEYWORD_LENGTH} characters long.` });
    else filter.keyword = keyword;
  }

  if (query.category) {
    const category = facets.categories.find((c) => c.slug === query.category);
    if (category) filter.categoryId = category.id;
    else problems.push({ field: "category", message: `There is no category “${query.category}”.` });
  }

  if (query.brand) {
    const brand = facets.brands.find((b) => b.slug === query.brand);
    if (brand) filter.brandIds = [brand.id];
    else problems.push({ field: "brand", message: `There is no brand “${query.brand}”.` });
  }

  const min = query.min ? parseYuan(query.min) : undefined;
  const max = query.max ? parseYuan(query.max) : undefined;
  if (min === null) problems.push({ field: "min", message: `Enter the lowest price ${PRICE_HINT}.` });
  if (max === null) problems.push({ field: "max", message: `Enter the highest price ${PRICE_HINT}.` });
  if (min != null && max != null && min > max) {
    problems.push({ field: "min", message: "The lowest price is above the highest price." });
  } else {
    if (min != null) filter.minPriceFen = min;
    if (max != null) filter.maxPriceFen = max;
  }

  const kinds = [...new Set(query.kinds)];
  const unknownKinds = kinds.filter((k) => !isKind(k));
  if (unknownKinds.length > 0)
    problems.push({ field: "kinds", message: `Unknown fulfilment kind: ${unknownKinds.join(", ")}.` });
  const knownKinds = kinds.filter(isKind);
  if (knownKinds.length > 0) filter.fulfilmentKinds = knownKinds;

  let sort: ShelfSort = "RECOMMENDED";
  if (query.sort && isSort(query.sort)) sort = query.sort;
  else if (query.sort) problems.push({ field: "sort", message: `Unknown sort order “${query.sort}”.` });

  let size = DEFAULT_PAGE_SIZE;
  if (query.size) {
    const parsed = /^\d{1,3}$/.test(query.size) ? Number(query.size) : NaN;
    if (parsed >= 1 && parsed <= MAX_PAGE_SIZE) size = parsed;
    else problems.push({ field: "size", message: `The page size is a whole number from 1 to ${MAX_PAGE_SIZE}.` });
  }

  const request: ShelfRequest = { filter, sort, first: size };
  if (query.after) request.after = query.after;
  return { request, problems };
}

/** Whether the URL narrows the shelf (sort, page size and cursor do not). */
export function hasFilters(query: MallQuery): boolean {
  return Boolean(query.q || query.category || query.brand || query.min || query.max || query.kinds.length);
}

/** The mall's address for a query; empty values and defaults are left out. */
export function mallHref(query: Partial<MallQuery>): string {
  const params = new URLSearchParams();
  const add = (key: string, value: string | undefined) => {
    if (value) params.append(key, value);
  };
  add("q", query.q);
  add("category", query.category);
  add("brand", query.brand);
  add("min", query.min);
  add("max", query.max);
  for (const kind of query.kinds ?? []) add("kind", kind);
  if (query.sort !== "RECOMMENDED") add("sort", query.sort);
  if (query.size !== String(DEFAULT_PAGE_SIZE)) add("size", query.size);
  add("after", query.after);
  const search = params.toString();
  return search ? `/?${search}` : "/";
}
