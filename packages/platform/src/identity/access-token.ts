// Members' access tokens: issued by membership at login, verified by the
// gateway. Short-lived HS256 JWTs carrying the member, tenant and role.
import { createSecretKey } from "node:crypto";
import { SignJWT, jwtVerify, errors, type JWTPayload } from "jose";
import { isMemberRole, type MemberIdentity } from "./identity";

const ISSUER = "benefits-hub/membership";
const AUDIENCE = "benefits-hub";
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export class AccessTokenError extends Error {
  override name = "AccessTokenError";
}

export interface AccessTokenCodec {
  issue(identity: MemberIdentity): Promise<string>;
  verify(token: string): Promise<MemberIdentity>;
}

export function accessTokenCodec(secret: string, ttlSeconds = ACCESS_TOKEN_TTL_SECONDS): AccessTokenCodec {
  // A key object made once: jose would otherwise import raw key bytes on every call.
  const key = createSecretKey(Buffer.from(secret, "utf8"));
  return {
    async issue({ memberId, tenantId, role, orgUnitId, sessionId }) {
      return new SignJWT({ tid: tenantId, role, unit: orgUnitId, ...(sessionId ? { sid: sessionId } : {}) })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(memberId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
        return memberFromClaims(payload, (reason) => new AccessTokenError(`access token ${reason}`));
      } catch (error) {
        if (error instanceof AccessTokenError) throw error;
        if (error instanceof errors.JWTExpired) throw new AccessTokenError("access token expired");
        if (error instanceof errors.JOSEError) throw new AccessTokenError("access token invalid");
        throw error;
      }
    },
  };
}

/** The member a verified token names (claims sub/tid/role/unit, optional sid), with its expiry. */
export function memberFromClaims(payload: JWTPayload, fail: (reason: string) => Error): MemberIdentity {
  const { sub, tid, role, unit, sid, exp } = payload;
  if (typeof sub !== "string" || typeof tid !== "string" || typeof unit !== "string" || !isMemberRole(role)) {
    throw fail("has malformed claims");
  }
  if (sid !== undefined && typeof sid !== "string") throw fail("has malformed claims");
  return {
    kind: "member",
    memberId: sub,
    tenantId: tid,
    role,
    orgUnitId: unit,
    ...(sid ? { sessionId: sid } : {}),
    ...(typeof exp === "number" ? { expiresAt: exp } : {}),
  };
}
