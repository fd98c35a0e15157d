// App types: what components receive. The gateway's raw shapes stay inside lib/graphql.

export type FulfilmentKind = "CARD_CODE" | "DIRECT_TOPUP" | "LINK" | "INTERNAL_SERVICE";

export interface Benefit {
  id: string;
  name: string;
  description: string;
  category: string;
  fulfilmentKind: FulfilmentKind;
  faceValueFen: number;
}

export type MemberRole = "MEMBER" | "TENANT_ADMIN";

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
export type Failure = "unauthenticated" | "forbidden" | "unavailable" | "failed";

export type Loaded<T> = { ok: true; value: T } | { ok: false; failure: Failure };
