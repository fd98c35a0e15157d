// The identity the gateway forwards to subgraphs: a short-lived HS256 JWS in
// the x-hub-identity header (or the graphql-ws connection payload). A request
// without a valid one is refused outright, so a caller who reaches a subgraph
// directly gets nothing.
import { createSecretKey } from "node:crypto";
import { SignJWT, jwtVerify, errors } from "jose";
import { anonymous, isMemberRole, isPartnerPermission, type Identity } from "./identity";
import { parseOrigin, type RequestOrigin } from "../server/request-origin";

export const IDENTITY_HEADER = "x-hub-identity";
const ISSUER = "benefits-hub/gateway";
const AUDIENCE = "benefits-hub/subgraph";
/**
 * A hop's token must outlive the time a request can queue in front of a busy
 * subgraph: in a flash-sale burst on a small machine, requests waited over a
 * minute and were refused as unauthenticated (bench/flash-sale). Still short,
 * and valid only to holders of the internal secret.
 */
const TTL_SECONDS = 300;

export class IdentityError extends Error {
  override name = "IdentityError";
}

export interface InternalTokenCodec {
  sign(identity: Identity, origin?: RequestOrigin): Promise<string>;
  verify(token: string | undefined | null): Promise<Identity>;
  /** The identity and where the request came from. */
  verifyRequest(token: string | undefined | null): Promise<{ identity: Identity; origin: RequestOrigin }>;
}

export function internalTokenCodec(secret: string): InternalTokenCodec {
  // A key object made once: jose would otherwise import raw key bytes on every call.
  const key = createSecretKey(Buffer.from(secret, "utf8"));
  return {
    async sign(identity, origin) {
      return new SignJWT(origin ? { identity, origin } : { identity })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${TTL_SECONDS}s`)
        .sign(key);
    },
    async verify(token) {
      return (await this.verifyRequest(token)).identity;
    },
    async verifyRequest(token) {
      if (!token) throw new IdentityError("missing identity");
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ["HS256"],
        });
        return { identity: parseIdentity(payload.identity), origin: parseOrigin(payload.origin) };
      } catch (error) {
        if (error instanceof IdentityError) throw error;
        if (error instanceof errors.JOSEError) throw new IdentityError(`invalid identity: ${error.code}`);
        throw error;
      }
    },
  };
}

function parseIdentity(value: unknown): Identity {
  const v = value as Record<string, unknown> | undefined;
  switch (v?.kind) {
    case "anonymous":
      return anonymous;
    case "member":
      if (
        typeof v.memberId === "string" &&
        typeof v.tenantId === "string" &&
        typeof v.orgUnitId === "string" &&
        isMemberRole(v.role)
      ) {
        return {
          kind: "member",
          memberId: v.memberId,
          tenantId: v.tenantId,
          role: v.role,
          orgUnitId: v.orgUnitId,
          ...(typeof v.sessionId === "string" ? { sessionId: v.sessionId } : {}),
          ...(typeof v.expiresAt === "number" ? { expiresAt: v.expiresAt } : {}),
        };
      }
      break;
    case "partner":
      if (
        typeof v.apiKeyId === "string" &&
        typeof v.tenantId === "string" &&
        Array.isArray(v.permissions) &&
        v.permissions.every(isPartnerPermission)
      ) {
        return { kind: "partner", apiKeyId: v.apiKeyId, tenantId: v.tenantId, permissions: v.permissions };
      }
      break;
    case "service":
      if (typeof v.service === "string") return { kind: "service", service: v.service };
      break;
  }
  throw new IdentityError("invalid identity: malformed claims");
}
