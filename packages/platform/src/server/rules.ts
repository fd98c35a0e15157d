// Shield rules shared by the subgraphs: who may call, never which rows.
// Row-level checks (same tenant, owner, subtree) live in the domain services.
import { rule, allow, deny } from "graphql-shield";
import type { BaseContext } from "./context";

const cache = "contextual" as const;

export const isMember = rule({ cache })((_p, _a, ctx: BaseContext) => ctx.viewer.kind === "member");

export const isTenantAdmin = rule({ cache })(
  (_p, _a, ctx: BaseContext) => ctx.viewer.kind === "member" && ctx.viewer.role === "TENANT_ADMIN",
);

export const isUnitManagerOrAdmin = rule({ cache })(
  (_p, _a, ctx: BaseContext) =>
    ctx.viewer.kind === "member" && (ctx.viewer.role === "TENANT_ADMIN" || ctx.viewer.role === "UNIT_MANAGER"),
);

export const isService = rule({ cache })((_p, _a, ctx: BaseContext) => ctx.viewer.kind === "service");

export { allow, deny };
