// A websocket's credentials: given once in connection_init (`authorization`:
// `Bearer <access token>` or `ApiKey <key>`, as on HTTP; or `ticket`: a live
// ticket the web server fetched for the browser), and checked again before
// every operation. A connection ends when its access token or ticket expires,
// or when its API key or session is revoked.
import { WsTicketError, type Identity, type WsTicketCodec } from "@benefits-hub/platform";
import { CallerError, identifyCaller, type Credentials } from "../caller";

export interface WsCredentials extends Credentials {
  tickets: WsTicketCodec;
}

export interface ConnectionCredential {
  identity: Identity;
  /** When the connection must end (epoch ms): its access token's or ticket's end; none for keys and anonymous callers. */
  endsAt?: number;
  /** A live ticket allows subscriptions only. */
  subscriptionsOnly: boolean;
  /** The API key, to ask again whether it still holds. */
  apiKeyAuthorization?: string;
}

/** Close codes sent when a connection's credential ends (4401: as graphql-ws's Unauthorized). */
export const CREDENTIAL_ENDED = 4401;

export async function connectionCredential(
  params: Readonly<Record<string, unknown>> | undefined,
  credentials: WsCredentials,
): Promise<ConnectionCredential> {
  const ticket = params?.ticket;
  const authorization = params?.authorization;
  if (ticket !== undefined) {
    if (authorization !== undefined) throw new CallerError("Send either a ticket or an authorization, not both");
    try {
      const { identity, connectionExpiresAt } = await credentials.tickets.verify(ticket);
      if (credentials.revocations?.isSessionRevoked(identity.sessionId)) {
        throw new CallerError("The session has ended: sign in again");
      }
      return { identity, endsAt: connectionExpiresAt, subscriptionsOnly: true };
    } catch (error) {
      if (error instanceof WsTicketError) throw new CallerError(`Live ${error.message}`);
      throw error;
    }
  }
  const identity = await identifyCaller(authorization, credentials);
  return {
    identity,
    endsAt: identity.kind === "member" && identity.expiresAt ? identity.expiresAt * 1000 : undefined,
    subscriptionsOnly: false,
    apiKeyAuthorization: identity.kind === "partner" ? (authorization as string) : undefined,
  };
}

/** Why the connection's credential no longer holds, or null while it does. */
export async function credentialEnded(
  credential: ConnectionCredential,
  credentials: WsCredentials,
): Promise<string | null> {
  const { identity } = credential;
  if (credential.endsAt !== undefined && Date.now() >= credential.endsAt) {
    return credential.subscriptionsOnly ? "The live ticket's session expired" : "The access token expired";
  }
  if (identity.kind === "member" && credentials.revocations?.isSessionRevoked(identity.sessionId)) {
    return "The session has ended";
  }
  if (identity.kind === "partner" && credential.apiKeyAuthorization) {
    try {
      await identifyCaller(credential.apiKeyAuthorization, credentials);
    } catch (error) {
      if (error instanceof CallerError) return "The API key was revoked";
      throw error;
    }
  }
  return null;
}
