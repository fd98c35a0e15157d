// Runs before every page, server action and route handler: renews the session when its access token is near
// expiry (so a session lasts as long as it is used), and sets the page's Content Security Policy with a fresh
// nonce, which Next.js puts on its own scripts.
import { randomBytes } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { applyRenewal, renewSession } from "@/lib/auth/renewal";
import { contentSecurityPolicy } from "@/lib/auth/security-headers";
import { env } from "@/lib/env";

export async function proxy(request: NextRequest) {
  const renewal = await renewSession(request);
  const nonce = randomBytes(16).toString("base64");
  const csp = contentSecurityPolicy(nonce, env().gatewayWsUrl, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  applyRenewal(renewal, request, response);
  return response;
}

export const config = {
  matcher: [
    {
      // Everything but build assets and icons; link prefetches render nothing a nonce or refresh is needed for.
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
