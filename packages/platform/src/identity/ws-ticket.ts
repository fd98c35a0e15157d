// Websocket tickets: what a browser sends in graphql-ws connection_init instead of an access token. Minted by
// membership for a signed-in member (the web server asks for one; the page never holds the access token), good for
// 60 s to connect and for subscriptions only. Signed with a key derived from the auth secret, so a ticket never
// verifies as an access token and an access token never verifies as a ticket.
import { createHmac, createSecretKey } from "node:crypto";
import { SignJWT, jwtVerify, errors } from "jose";
import { memberFromClaims } from "./access-token";
import type { MemberIdentity } from "./identity";

const ISSUER = "benefits-hub/membership";
const AUDIENCE = "benefits-hub/ws";
const PURPOSE = "ws";
export const WS_TICKET_TTL_SECONDS = 60;

export class WsTicketError extends Error {
  override name = "WsTicketError";
}

export interface WsTicket {
  /** Who connects; `expiresAt` is when the connection must end (epoch seconds). */
  identity: MemberIdentity;
  /** When the connection made with this ticket must end, in epoch milliseconds. */
  connectionExpiresAt: number;
}

export interface WsTicketCodec {
  /** A ticket for `identity`; the connection made with it ends at `connectionEndsAt` (epoch seconds). */
  issue(identity: MemberIdentity, connectionEndsAt: number): Promise<string>;
  verify(ticket: unknown): Promise<WsTicket>;
}

export function wsTicketCodec(authSecret: string, ttlSeconds = WS_TICKET_TTL_SECONDS): WsTicketCodec {
  const derived = createHmac("sha256", authSecret).update("benefits-hub/ws-ticket").digest();
  const key = createSecretKey(derived);
  return {
    async issue({ memberId, tenantId, role, orgUnitId, sessionId }, connectionEndsAt) {
      return new SignJWT({
        purpose: PURPOSE,
        tid: tenantId,
        role,
        unit: orgUnitId,
        sx: Math.floor(connectionEndsAt),
        ...(sessionId ? { sid: sessionId } : {}),
      })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(memberId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    async verify(ticket) {
      if (typeof ticket !== "string" || ticket.length === 0 || ticket.length > 4096) {
        throw new WsTicketError("ticket missing or malformed");
      }
      try {
        const { payload } = await jwtVerify(ticket, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
        if (payload.purpose !== PURPOSE) throw new WsTicketError("ticket has the wrong purpose");
        const { sx } = payload;
        if (typeof sx !== "number" || !Number.isFinite(sx)) throw new WsTicketError("ticket has malformed claims");
        if (sx * 1000 <= Date.now()) throw new WsTicketError("ticket's session expired");
        const member = memberFromClaims(payload, (reason) => new WsTicketError(`ticket ${reason}`));
        return { identity: { ...member, expiresAt: sx }, connectionExpiresAt: sx * 1000 };
      } catch (error) {
        if (error instanceof WsTicketError) throw error;
        if (error instanceof errors.JWTExpired) throw new WsTicketError("ticket expired");
        if (error instanceof errors.JOSEError) throw new WsTicketError("ticket invalid");
        throw error;
      }
    },
  };
}
