import type { MembershipContext } from "../context";
import type { CreateTenantInput } from "../domain/tenant.service";
import type { AuditEntryRow } from "../data/audit-log.repository";
import { keyedMutation } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

interface AuditArgs {
  first?: number | null;
  after?: string | null;
  action?: string | null;
  targetType?: string | null;
}

export const PlatformQuery = {
  tenants: (_: unknown, __: unknown, ctx: MembershipContext) => ctx.services.tenants.list(ctx.viewer),
  auditLog: (_: unknown, args: AuditArgs, ctx: MembershipContext) => ctx.services.auditLog.page(ctx.viewer, args),
};

export const PlatformMutation = {
  createTenant: keyedMutation(shapes.tenant, ({ input }: { input: CreateTenantInput }, ctx: MembershipContext) =>
    ctx.services.tenants.create(ctx.viewer, input),
  ),
};

export const AuditEntry = {
  actor: (entry: AuditEntryRow, _: unknown, ctx: MembershipContext) =>
    entry.actorKind === "member" ? ctx.services.members.byId(ctx.viewer, entry.actorId) : null,
  details: (entry: AuditEntryRow) => JSON.stringify(entry.details),
  createdAt: (entry: AuditEntryRow) => entry.createdAt.toISOString(),
};
