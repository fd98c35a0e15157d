import { currentOrigin, isMemberIdentity, type PartnerPermission as Permission } from "@benefits-hub/platform";
import type { MembershipContext } from "../context";
import type { ApiKeyRow } from "../data/api-key.repository";
import { keyedMutation } from "@benefits-hub/platform/idempotency";
import { shapes } from "./payload-shapes";

type Input<T> = { input: T };
const iso = (d: Date | null) => d?.toISOString() ?? null;

export const IdentityQuery = {
  apiKeys: (_: unknown, __: unknown, ctx: MembershipContext) => ctx.services.apiKeys.list(ctx.viewer),
  currentPartner: (_: unknown, __: unknown, ctx: MembershipContext) => ctx.services.apiKeys.currentPartner(ctx.viewer),
};

export const IdentityMutation = {
  refreshSession: async (_: unknown, { input }: Input<{ refreshToken: string }>, ctx: MembershipContext) => {
    const result = await ctx.services.sessions.refresh(input.refreshToken, currentOrigin()?.ip);
    if (!result.ok) return { accessToken: null, expiresIn: null, refreshToken: null, member: null, errors: [result] };
    const { accessToken, expiresIn, refreshToken, member } = result;
    return { accessToken, expiresIn, refreshToken, member, errors: [] };
  },
  logout: async (_: unknown, { input }: Input<{ refreshToken: string }>, ctx: MembershipContext) => ({
    loggedOut: await ctx.services.sessions.logout(input.refreshToken),
  }),
  issueLiveTicket: async (_: unknown, __: unknown, ctx: MembershipContext) => {
    if (!isMemberIdentity(ctx.viewer)) throw new Error("members only"); // the shield lets only members here
    const result = await ctx.services.liveTickets.issue(ctx.viewer);
    return result.ok ? { ...result, errors: [] } : { ticket: null, expiresIn: null, errors: [result] };
  },
  createApiKey: keyedMutation(
    shapes.createdApiKey,
    ({ input }: Input<{ name: string; permissions: Permission[] }>, ctx: MembershipContext) =>
      ctx.services.apiKeys.create(ctx.viewer, input.name, input.permissions),
  ),
  revokeApiKey: keyedMutation(shapes.apiKey, ({ input }: Input<{ id: string }>, ctx: MembershipContext) =>
    ctx.services.apiKeys.revoke(ctx.viewer, input.id),
  ),
};

export const ApiKey = {
  createdAt: (key: ApiKeyRow) => key.createdAt.toISOString(),
  lastUsedAt: (key: ApiKeyRow) => iso(key.lastUsedAt),
  revokedAt: (key: ApiKeyRow) => iso(key.revokedAt),
};

export const Partner = {
  apiKeyName: (key: ApiKeyRow) => key.name,
  tenant: (key: ApiKeyRow, _: unknown, ctx: MembershipContext) => ctx.services.members.tenantRow(key.tenantId),
};

/** GraphQL's enum values stand for the permission strings kept in keys and identities. */
export const PartnerPermission = {
  CATALOG_READ: "catalog:read",
  ENTITLEMENTS_READ: "entitlements:read",
  ENTITLEMENTS_REDEEM: "entitlements:redeem",
  EVENTS_WRITE: "events:write",
};
