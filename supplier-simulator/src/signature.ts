// Request signing shared by the supplier and its clients: an HMAC-SHA-256,
// under the shared secret, of the timestamp, method, path (with query) and body.
import { createHmac, timingSafeEqual } from "node:crypto";

export const TIMESTAMP_HEADER = "x-supplier-timestamp";
export const SIGNATURE_HEADER = "x-supplier-signature";
/** How far a request's timestamp may be from the supplier's clock. */
export const MAX_SKEW_MS = 5 * 60_000;

export function signRequest(secret: string, timestamp: string, method: string, pathAndQuery: string, body: string) {
  return createHmac("sha256", secret)
    .update(`${timestamp}\n${method.toUpperCase()}\n${pathAndQuery}\n${body}`, "utf8")
    .digest("hex");
}

export function verifyRequest(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  method: string,
  pathAndQuery: string,
  body: string,
  now = Date.now(),
): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,16}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) return false;
  if (Math.abs(now - Number(timestamp)) > MAX_SKEW_MS) return false;
  const expected = Buffer.from(signRequest(secret, timestamp, method, pathAndQuery, body), "hex");
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}
