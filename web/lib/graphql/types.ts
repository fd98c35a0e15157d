// App types: what components receive. The gateway's raw shapes stay inside lib/graphql.

export const FULFILMENT_KINDS = ["CARD_CODE", "DIRECT_TOPUP", "LINK", "INTERNAL_SERVICE"] as const;
export type FulfilmentKind = (typeof FULFILMENT_KINDS)[number];

/** The orders the shelf can be read in; RECOMMENDED is the tenant's own. */
export const SHELF_SORTS = ["RECOMMENDED", "PRICE_ASC", "PRICE_DESC", "NAME", "NEWEST"] as const;
export type ShelfSort = (typeof SHELF_SORTS)[number];

/** A name in Chinese and in English (they may be the same, as for "Coursera"). */
export interface Names {
  name: string;
  nameEn: string;
}

export interface Category extends Names {
  id: string;
  slug: string;
  parentId: string | null;
}

export interface Brand extends Names {
  id: string;
  slug: string;
}

export type Validity =
  | { kind: "DAYS_AFTER_CLAIM"; days: number | null }
  | { kind: "FIXED_DATES"; from: string | null; until: string | null };

/** One SKU a member may take, at the tenant's price. */
export interface Offer extends Names {
  id: string;
  priceFen: number;
  faceValueFen: number;
  fulfilmentKind: FulfilmentKind;
  inStock: boolean;
  validity: Validity;
}

/** A benefit on the viewer's shelf with its offers. */
export interface ShelfEntry extends Names {
  benefitId: string;
  brand: Names | null;
  category: Names;
  fromPriceFen: number;
  offers: Offer[];
}

export interface ShelfPage {
  entries: ShelfEntry[];
  /** Benefits matching the filter, over all pages. */
  totalCount: number;
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

export interface ShelfFilter {
  categoryId?: string;
  brandIds?: string[];
  minPriceFen?: number;
  maxPriceFen?: number;
  fulfilmentKinds?: FulfilmentKind[];
  keyword?: string;
}

export type MemberRole = "MEMBER" | "UNIT_MANAGER" | "TENANT_ADMIN" | "PLATFORM_OPERATOR";

export interface Viewer {
  displayName: string;
  role: MemberRole;
  tenantName: string;
}

export interface RedemptionStat {
  benefitId: string;
  benefitName: string;
  redeemedCount: number;
  updatedAt: string;
}

/** Why a read from the gateway produced no usable data. */
export type Failure = "unauthenticated" | "forbidden" | "invalid" | "unavailable" | "failed";

export type Loaded<T> = { ok: true; value: T } | { ok: false; failure: Failure };

/** An offer of the tenant's shelf as its admins see it: targeting and the switched-off ones too. */
export interface AdminShelfItem {
  id: string;
  benefit: Names;
  sku: Names;
  priceFen: number;
  faceValueFen: number;
  /** Empty: every tier. */
  tiers: string[];
  segmentCount: number;
  active: boolean;
}
