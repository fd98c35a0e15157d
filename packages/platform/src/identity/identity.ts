// Who a request is made for. The gateway builds it from the caller's
// credentials and forwards it signed; subgraphs trust only a valid signature.

export const MEMBER_ROLES = ["MEMBER", "UNIT_MANAGER", "TENANT_ADMIN", "PLATFORM_OPERATOR"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface MemberIdentity {
  kind: "member";
  memberId: string;
  tenantId: string;
  role: MemberRole;
  /** The member's own org unit: a unit manager's scope is its subtree. */
  orgUnitId: string;
  /** The login session (refresh-token family) the credential belongs to; absent for tokens minted without one. */
  sessionId?: string;
  /** When the credential (access token or websocket ticket's connection) expires, in epoch seconds. */
  expiresAt?: number;
}

/** What a partner's API key may be granted. */
export const PARTNER_PERMISSIONS = [
  "catalog:read",
  "entitlements:read",
  "entitlements:redeem",
  "events:write",
] as const;
export type PartnerPermission = (typeof PARTNER_PERMISSIONS)[number];

/** A partner calling with an API key: one tenant, a list of permissions. */
export interface PartnerIdentity {
  kind: "partner";
  apiKeyId: string;
  tenantId: string;
  permissions: PartnerPermission[];
}

export const isPartnerPermission = (value: unknown): value is PartnerPermission =>
  typeof value === "string" && (PARTNER_PERMISSIONS as readonly string[]).includes(value);

/** Another service of the hub calling directly (e.g. analytics reading the outbox). */
export interface ServiceIdentity {
  kind: "service";
  service: string;
}

export interface AnonymousIdentity {
  kind: "anonymous";
}

export type Identity = MemberIdentity | PartnerIdentity | ServiceIdentity | AnonymousIdentity;

export const anonymous: AnonymousIdentity = Object.freeze({ kind: "anonymous" });

export function isMemberIdentity(identity: Identity): identity is MemberIdentity {
  return identity.kind === "member";
}

export const isMemberRole = (value: unknown): value is MemberRole =>
  typeof value === "string" && (MEMBER_ROLES as readonly string[]).includes(value);
