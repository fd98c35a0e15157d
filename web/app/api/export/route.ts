// GET /api/export?format=csv|xlsx&report=…&from=…&to=…&lang=…: a cockpit export as a download. Forwards the query
// to the gateway's /export/cockpit.<format> with the signed-in user's access token (renewed first when it is near
// its end, as the live ticket does) and streams the file back as it comes, never holding it whole, with a
// Content-Disposition naming the report and its date range. The gateway and analytics check the parameters and
// who may export what; their 4xx JSON answers are passed on as they are.
import { NextResponse, type NextRequest } from "next/server";
import { applyRenewal, renewSession } from "@/lib/auth/renewal";
import { forwardedFrom } from "@/lib/auth/request-facts";
import { TOKEN_COOKIE } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SAFE_NAME = /^[\w.-]{1,120}$/;

/** Links and address-bar visits of this site; another site's page may not start a download with our cookies. */
function fromThisSite(request: NextRequest): boolean {
  const site = request.headers.get("sec-fetch-site");
  return site === null || site === "same-origin" || site === "none";
}

function fileName(format: string, params: URLSearchParams, upstream: string | null): string {
  const given = upstream ? /filename="([^"]+)"/.exec(upstream)?.[1] : undefined;
  if (given && SAFE_NAME.test(given)) return given;
  const report = SAFE_NAME.test(params.get("report") ?? "") ? params.get("report") : "detail";
  const [from, to] = [params.get("from") ?? "", params.get("to") ?? ""];
  const range = DAY.test(from) && DAY.test(to) ? `-${from}_${to}` : "";
  return `cockpit-${report}${range}.${format}`;
}

export async function GET(request: NextRequest): Promise<Response> {
  if (!fromThisSite(request)) return NextResponse.json({ error: "forbidden" }, { status: 403, headers: noStore });
  const params = new URL(request.url).searchParams;
  const format = params.get("format") ?? "csv";
  if (format !== "csv" && format !== "xlsx") {
    return NextResponse.json({ error: "format must be csv or xlsx" }, { status: 400, headers: noStore });
  }
  params.delete("format");

  const renewal = await renewSession(request);
  const token = request.cookies.get(TOKEN_COOKIE)?.value;
  if (!token) {
    const response = NextResponse.json(
      { error: "Your session has ended. Please sign in again." },
      { status: 401, headers: noStore },
    );
    applyRenewal(renewal, request, response);
    return response;
  }

  const target = new URL(`/export/cockpit.${format}`, env().gatewayUrl);
  target.search = params.toString();
  let answer: Response;
  try {
    answer = await fetch(target, {
      headers: { ...forwardedFrom(request.headers), authorization: `Bearer ${token}` },
      cache: "no-store",
      // The browser cancels the download: the gateway and analytics stop too.
      signal: request.signal,
    });
  } catch (error) {
    console.error(`[web] export failed: ${(error as Error).name}`);
    return NextResponse.json(
      { error: "The gateway is unavailable; try again shortly." },
      { status: 502, headers: noStore },
    );
  }

  const headers = new Headers(noStore);
  headers.set("content-type", answer.headers.get("content-type") ?? "application/octet-stream");
  headers.set("x-accel-buffering", "no");
  headers.set("x-content-type-options", "nosniff");
  if (answer.ok) {
    const name = fileName(format, params, answer.headers.get("content-disposition"));
    headers.set("content-disposition", `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  }
  // Streamed through as it arrives.
  const response = new NextResponse(answer.body, { status: answer.status, headers });
  applyRenewal(renewal, request, response);
  return response;
}
