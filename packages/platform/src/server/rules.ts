// Shield rules shared by the subgraphs: who may call, never which rows.
// Row-level checks (same tenant, owner, subtree) live in the domain services.
import { rule, allow, deny } from "graphql-shield";
import type { BaseContext } from "./context";
import type { PartnerPermission } from "../identity/identity";

const cache = "contextual" as const;

export const isMember = rule({ cache })((_p, _a, ctx: BaseContext) => ctx.viewer.kind === "member");

export const isTenantAdmin = rule({ cache })(
  (_p, _a, ctx: BaseContext) => ctx.viewer.kind === "member" && ctx.viewer.role === "TENANT_ADMIN",
);

export const isUnitManagerOrAdmin = rule({ cache })(
  (_p, _a, ctx: BaseContext) =>
    ctx.viewer.kind === "member" && (ctx.viewer.role === "TENANT_ADMIN" || ctx.viewer.role === "UNIT_MANAGER"),
);

/** A partner whose API key grants `permission`. */
export const partnerMay = (permission: PartnerPermission) =>
  rule(`partner-may-${permission}`, { cache })(
    (_p, _a, ctx: BaseContext) => ctx.viewer.kind === "partner" && ctx.viewer.permissions.includes(permission),
  );

export const isPartner = rule({ cache })((_p, _a, ctx: BaseContext) => ctx.viewer.kind === "partner");

export const isPlatformOperator = rule({ cache })(
  (_p, _a, ctx: BaseContext) => ctx.viewer.kind === "member" && ctx.viewer.role === "PLATFORM_OPERATOR",
);

export const isService = rule({ cache })((_p, _a, ctx: BaseContext) => ctx.viewer.kind === "service");

export { allow, deny };
