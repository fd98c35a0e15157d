// Who a request is made for. The gateway builds it from the caller's
// credentials and forwards it signed; subgraphs trust only a valid signature.

export type Role = "MEMBER" | "TENANT_ADMIN" | "SERVICE";

export interface MemberIdentity {
  kind: "member";
  memberId: string;
  tenantId: string;
  role: Exclude<Role, "SERVICE">;
}

/** Another service of the hub calling directly (e.g. analytics reading the outbox). */
export interface ServiceIdentity {
  kind: "service";
  service: string;
}

export interface AnonymousIdentity {
  kind: "anonymous";
}

export type Identity = MemberIdentity | ServiceIdentity | AnonymousIdentity;

export const anonymous: AnonymousIdentity = Object.freeze({ kind: "anonymous" });

export function isMemberIdentity(identity: Identity): identity is MemberIdentity {
  return identity.kind === "member";
}
