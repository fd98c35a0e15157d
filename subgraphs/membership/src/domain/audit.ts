// What an audit entry says: who (member or service), did what, to which
// target, with which details, from where. Written in the change's transaction.
import type { Identity } from "@benefits-hub/platform";

export interface AuditRecord {
  tenantId: string | null;
  actorKind: "member" | "service";
  actorId: string;
  action: string;
  targetType: string;
  targetId: string | null;
  /** JSON: amounts go in as strings, since JSON has no 64-bit integers. */
  details: Record<string, string | number | boolean | null>;
  ip?: string | null;
  userAgent?: string | null;
}

/** The actor columns of an audit entry made by `viewer`. */
export function auditActor(viewer: Identity): Pick<AuditRecord, "actorKind" | "actorId"> {
  if (viewer.kind === "member") return { actorKind: "member", actorId: viewer.memberId };
  if (viewer.kind === "service") return { actorKind: "service", actorId: viewer.service };
  throw new Error("an anonymous viewer makes no audited changes");
}
