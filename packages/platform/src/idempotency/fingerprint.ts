// A request's fingerprint: what a retry under the same idempotency key must repeat.
import { createHash } from "node:crypto";

/** JSON with object keys sorted and undefined fields left out, so equal inputs give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  return JSON.stringify(value instanceof Date ? value.toISOString() : value);
}

/** SHA-256 (hex) of the operation and the canonical JSON of its input. */
export function requestHash(operation: string, request: unknown): string {
  return createHash("sha256")
    .update(`${operation}\n${canonicalJson(request)}`)
    .digest("hex");
}
