// Renewing a session on the way through (proxy.ts before every page, the live-ticket route before a ticket): when
// the access token is near its end, the refresh token is traded for a new pair, which this request uses and the
// response hands to the browser.
import type { NextRequest, NextResponse } from "next/server";
import { forwardedFrom } from "./request-facts";
import { refreshOnce } from "./refresh-once";
import { isHttps, needsRefresh, REFRESH_COOKIE, sessionCookies, TOKEN_COOKIE, type SessionTokens } from "./session";

export type Renewal = { tokens: SessionTokens } | { ended: true } | null;

/** `share`, `capSeconds`: renew when less than that share of the token's life (at most that long) is left. */
export async function renewSession(request: NextRequest, share?: number, capSeconds?: number): Promise<Renewal> {
  const refreshToken = request.cookies.get(REFRESH_COOKIE)?.value;
  if (!refreshToken) return null;
  const accessToken = request.cookies.get(TOKEN_COOKIE)?.value;
  if (accessToken && !needsRefresh(accessToken, share, capSeconds)) return null;
  const outcome = await refreshOnce(refreshToken, forwardedFrom(request.headers));
  if (outcome.ok) {
    // What the rest of this request reads is what the browser will hold after the response.
    request.cookies.set(TOKEN_COOKIE, outcome.tokens.accessToken);
    request.cookies.set(REFRESH_COOKIE, outcome.tokens.refreshToken);
    return { tokens: outcome.tokens };
  }
  // Refused: the session is over (logged out, expired, reused). Unavailable: carry on with what there is.
  if (outcome.reason !== "refused") return null;
  request.cookies.delete(REFRESH_COOKIE);
  return { ended: true };
}

/** Puts a renewal's cookies on the response. */
export function applyRenewal(renewal: Renewal, request: NextRequest, response: NextResponse): void {
  if (!renewal) return;
  if ("ended" in renewal) {
    response.cookies.delete(REFRESH_COOKIE);
    return;
  }
  const secure = isHttps(request.headers.get("x-forwarded-proto"), request.headers.get("origin"));
  for (const cookie of sessionCookies(renewal.tokens, secure)) response.cookies.set(cookie);
}
