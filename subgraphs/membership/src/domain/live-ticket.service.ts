// Websocket tickets for browsers (the live dashboard): the web server asks for one with the member's access
// token, so the page never holds that token. A ticket connects within 60 s, for subscriptions only, and its
// connection ends when the access token it came from would have expired (platform identity/ws-ticket.ts).
import {
  ACCESS_TOKEN_TTL_SECONDS,
  WS_TICKET_TTL_SECONDS,
  type MemberIdentity,
  type WsTicketCodec,
} from "@benefits-hub/platform";
import type { SessionService } from "./session.service";

export type LiveTicketResult =
  { ok: true; ticket: string; expiresIn: number } | { ok: false; code: "SESSION_ENDED"; message: string };

export class LiveTicketService {
  constructor(
    private readonly tickets: WsTicketCodec,
    private readonly sessions: SessionService,
    private readonly accessTokenTtlSeconds = ACCESS_TOKEN_TTL_SECONDS,
  ) {}

  async issue(viewer: MemberIdentity): Promise<LiveTicketResult> {
    // An access token outlives its session's logout by up to its TTL; a ticket is not minted from one.
    if (viewer.sessionId && !(await this.sessions.isLive(viewer.sessionId))) {
      return { ok: false, code: "SESSION_ENDED", message: "The session has ended: log in again" };
    }
    const now = Math.floor(Date.now() / 1000);
    const connectionEndsAt = viewer.expiresAt ?? now + this.accessTokenTtlSeconds;
    return { ok: true, ticket: await this.tickets.issue(viewer, connectionEndsAt), expiresIn: WS_TICKET_TTL_SECONDS };
  }
}
