// The member's session in two httpOnly cookies: the short-lived access token and the refresh token that renews
// it (proxy.ts refreshes before the access token expires, so a session lasts as long as it is used). Page
// JavaScript can read neither; only this server sends them to the gateway.
import { cookies, headers } from "next/headers";

export const TOKEN_COOKIE = "hub_token";
export const REFRESH_COOKIE = "hub_refresh";
/** Membership's refresh tokens last 30 days; the cookie no longer. */
export const REFRESH_COOKIE_SECONDS = 30 * 24 * 3600;

export interface SessionTokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

export async function readToken(): Promise<string | undefined> {
  return (await cookies()).get(TOKEN_COOKIE)?.value || undefined;
}

export async function readRefreshToken(): Promise<string | undefined> {
  return (await cookies()).get(REFRESH_COOKIE)?.value || undefined;
}

/** Secure when the page was served over https (behind a TLS proxy too); plain http on localhost keeps working. */
export function isHttps(forwardedProto: string | null, origin: string | null): boolean {
  const proto = forwardedProto ?? origin?.split(":")[0];
  return proto === "https";
}

export async function servedOverHttps(): Promise<boolean> {
  const h = await headers();
  return isHttps(h.get("x-forwarded-proto"), h.get("origin"));
}

/** The cookies of a session, for `cookies().set` (server actions) and `NextResponse.cookies.set` (proxy). */
export function sessionCookies(tokens: SessionTokens, secure: boolean) {
  const common = { httpOnly: true, sameSite: "lax" as const, secure, path: "/" };
  return [
    { name: TOKEN_COOKIE, value: tokens.accessToken, ...common, maxAge: tokens.expiresIn },
    { name: REFRESH_COOKIE, value: tokens.refreshToken, ...common, maxAge: REFRESH_COOKIE_SECONDS },
  ];
}

export async function storeSession(tokens: SessionTokens): Promise<void> {
  const jar = await cookies();
  for (const cookie of sessionCookies(tokens, await servedOverHttps())) jar.set(cookie);
}

export async function clearSession(): Promise<void> {
  const jar = await cookies();
  jar.delete(TOKEN_COOKIE);
  jar.delete(REFRESH_COOKIE);
}

/**
 * Whether an access token should be renewed now: it cannot be read, or less than `share` of its life (at most
 * `capSeconds`) is left. Only decides when to refresh: the gateway verifies the token itself.
 */
export function needsRefresh(token: string, share = 0.25, capSeconds = 60, nowMs = Date.now()): boolean {
  const payload = token.split(".")[1];
  if (!payload) return true;
  try {
    const { exp, iat } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    if (typeof exp !== "number" || typeof iat !== "number") return true;
    return exp - nowMs / 1000 < Math.min(capSeconds, (exp - iat) * share);
  } catch {
    return true;
  }
}
