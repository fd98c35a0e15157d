// A websocket ticket for the live dashboard: the page asks this server (same origin, with its session cookie) and
// gets a 60 s, subscriptions-only ticket; the access token itself never reaches the page. The connection made with
// a ticket ends when the access token it came from would, so the session is renewed first when less than half of
// the token's life is left: every connection then lasts at least that long.
import { NextResponse, type NextRequest } from "next/server";
import { applyRenewal, renewSession } from "@/lib/auth/renewal";
import { forwardedFrom } from "@/lib/auth/request-facts";
import { liveTicket } from "@/lib/auth/session-api";
import { TOKEN_COOKIE } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

/** Sec-Fetch-Site where the browser sends it (https, localhost); else the Origin a POST always carries. */
function fromThisSite(request: NextRequest): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = request.headers.get("origin");
  try {
    return origin !== null && new URL(origin).host === request.headers.get("host");
  } catch {
    return false;
  }
}

export async function POST(request: NextRequest) {
  // Pages of this site only: another site's page cannot use a visitor's cookies to ask for one.
  if (!fromThisSite(request)) {
    return NextResponse.json({ error: "forbidden" }, { status: 403, headers: noStore });
  }
  const renewal = await renewSession(request, 0.5, Infinity);
  const token = request.cookies.get(TOKEN_COOKIE)?.value;
  const outcome = token
    ? await liveTicket(token, forwardedFrom(request.headers))
    : ({ ok: false, status: 401 } as const);
  const response = outcome.ok
    ? NextResponse.json({ ticket: outcome.ticket }, { headers: noStore })
    : NextResponse.json({ error: "no ticket" }, { status: outcome.status, headers: noStore });
  applyRenewal(renewal, request, response);
  return response;
}
