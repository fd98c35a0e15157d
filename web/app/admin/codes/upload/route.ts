// POST /admin/codes/upload?skuId=: streams an operator's CSV of card codes to the gateway with the session's token,
// and streams the gateway's NDJSON answer (progress, then the report) back. The catalog decides who may import.
import { readToken } from "@/lib/auth/session";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

function jsonError(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: { "cache-control": "no-store" } });
}

export async function POST(request: Request): Promise<Response> {
  const token = await readToken();
  if (!token) return jsonError(401, "Your session has ended. Please sign in again.");
  const skuId = new URL(request.url).searchParams.get("skuId");
  if (!skuId) return jsonError(400, "Choose a SKU to import codes into.");
  if (!request.body) return jsonError(400, "Choose a CSV file to upload.");

  const target = new URL("/uploads/card-codes", env().gatewayUrl);
  target.searchParams.set("skuId", skuId);
  let answer: Response;
  try {
    answer = await fetch(target, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": request.headers.get("content-type") ?? "application/octet-stream",
      },
      body: request.body,
      // Streamed as it arrives: the file is never held whole in memory here.
      duplex: "half",
      cache: "no-store",
      signal: request.signal,
    } as RequestInit);
  } catch (error) {
    console.error(`[web] card-code upload failed: ${(error as Error).name}`);
    return jsonError(502, "The gateway is unavailable; nothing was imported.");
  }
  return new Response(answer.body, {
    status: answer.status,
    headers: {
      "content-type": answer.headers.get("content-type") ?? "application/octet-stream",
      "cache-control": "no-store",
      "x-accel-buffering": "no",
    },
  });
}
