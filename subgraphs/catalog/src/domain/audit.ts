// What a catalog audit entry says: who (member or service), did what, to
// which target, with which details. Written in the change's transaction.
import type { Identity } from "@benefits-hub/platform";

export type AuditDetails = Record<string, string | number | boolean | null | string[]>;

export interface AuditRecord {
  /** Null for a change to the master catalog. */
  tenantId: string | null;
  actorKind: "member" | "service";
  actorId: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: AuditDetails;
}

/** The actor columns of an audit entry made by `viewer`. */
export function auditActor(viewer: Identity): Pick<AuditRecord, "actorKind" | "actorId"> {
  if (viewer.kind === "member") return { actorKind: "member", actorId: viewer.memberId };
  if (viewer.kind === "service") return { actorKind: "service", actorId: viewer.service };
  throw new Error("an anonymous viewer makes no audited changes");
}
