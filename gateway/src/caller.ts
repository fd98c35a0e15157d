// Turns the caller's credentials into an identity: `Bearer <access token>`
// for people, `ApiKey <key>` for partners. No credentials: an anonymous
// caller. Bad credentials: refused, never silently anonymous.
import { anonymous, AccessTokenError, type AccessTokenCodec, type Identity } from "@benefits-hub/platform";
import type { ApiKeyVerifier } from "./api-keys";

export class CallerError extends Error {
  override name = "CallerError";
}

export interface Credentials {
  tokens: AccessTokenCodec;
  apiKeys: ApiKeyVerifier;
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
    return await credentials.tokens.verify(credential);
  } catch (error) {
    if (error instanceof AccessTokenError) throw new CallerError(error.message);
    throw error;
  }
}
