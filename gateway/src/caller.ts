// Turns the caller's credentials into an identity: `Bearer <access token>`
// for people, `ApiKey <key>` for partners. No credentials: an anonymous
// caller. Bad credentials: refused, never silently anonymous. Also where a
// request came from, the same for HTTP and websocket upgrades.
import type { IncomingMessage } from "node:http";
import {
  anonymous,
  AccessTokenError,
  type AccessTokenCodec,
  type Identity,
  type RequestOrigin,
} from "@benefits-hub/platform";
import type { ApiKeyVerifier } from "./api-keys";
import type { Revocations } from "./revocations";

export class CallerError extends Error {
  override name = "CallerError";
}

export interface Credentials {
  tokens: AccessTokenCodec;
  apiKeys: ApiKeyVerifier;
  /** Sessions revoked while this gateway listened: their access tokens are refused. */
  revocations?: Revocations;
}

export async function identifyCaller(authorization: unknown, credentials: Credentials): Promise<Identity> {
  if (authorization === undefined || authorization === null || authorization === "") return anonymous;
  if (typeof authorization !== "string") throw new CallerError("Authorization must be a string");
  const match = /^(Bearer|ApiKey)\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw new CallerError("Authorization must be `Bearer <access token>` or `ApiKey <key>`");
  const [, scheme, credential] = match as unknown as [string, string, string];
  if (scheme.toLowerCase() === "apikey") {
    const partner = await credentials.apiKeys.verify(credential);
    if (!partner) throw new CallerError("API key unknown or revoked");
    return partner;
  }
  try {
    const member = await credentials.tokens.verify(credential);
    if (credentials.revocations?.isSessionRevoked(member.sessionId)) {
      throw new CallerError("The session has ended: sign in again");
    }
    return member;
  } catch (error) {
    if (error instanceof AccessTokenError) throw new CallerError(error.message);
    throw error;
  }
}

/** The caller as the gateway saw it; behind a trusted proxy (GATEWAY_TRUST_PROXY), the address it forwarded. */
export function callerOrigin(request: IncomingMessage, trustProxy: boolean): RequestOrigin {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const forwarded = trustProxy ? header("x-forwarded-for")?.split(",")[0]?.trim() : undefined;
  return { ip: forwarded || request.socket.remoteAddress, userAgent: header("user-agent") };
}
