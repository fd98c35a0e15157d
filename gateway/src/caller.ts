// Turns the caller's credentials into an identity. No credentials: an
// anonymous caller. Bad credentials: refused, never silently anonymous.
import { anonymous, AccessTokenError, type AccessTokenCodec, type Identity } from "@benefits-hub/platform";

export class CallerError extends Error {
  override name = "CallerError";
}

export async function identifyCaller(authorization: unknown, tokens: AccessTokenCodec): Promise<Identity> {
  if (authorization === undefined || authorization === null || authorization === "") return anonymous;
  if (typeof authorization !== "string") throw new CallerError("Authorization must be a string");
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw new CallerError("Authorization must be `Bearer <access token>`");
  try {
    return await tokens.verify(match[1]!);
  } catch (error) {
    if (error instanceof AccessTokenError) throw new CallerError(error.message);
    throw error;
  }
}
