// Ids the budget code derives rather than draws: ledger entry ids from an
// idempotency key, and opaque ledger cursors.
import { createHash } from "node:crypto";

// A fixed namespace, so the same (tenant, key) gives the same ids on every instance, forever.
const NAMESPACE = Buffer.from("6f0c2a4e8d1b4f57a93e5c7d0b2e8f41", "hex");

/**
 * The id of entry `index` of the money movement a tenant made under an
 * idempotency key: a UUID v5 (SHA-1 name-based, RFC 9562) of tenant, key and
 * index. Inserting it with ON CONFLICT DO NOTHING makes a retry a no-op.
 */
export function ledgerEntryIdFor(tenantId: string, idempotencyKey: string, index: number): string {
  const hash = createHash("sha1").update(NAMESPACE).update(`${tenantId}\u0000${idempotencyKey}\u0000${index}`).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const encodeLedgerCursor = (seq: bigint): string => Buffer.from(`seq:${seq}`).toString("base64url");

/** The seq a cursor stands for; null for no cursor or one this code did not make. */
export function decodeLedgerCursor(cursor: string | null | undefined): bigint | null {
  if (!cursor) return null;
  const match = /^seq:(\d{1,19})$/.exec(Buffer.from(cursor, "base64url").toString());
  return match ? BigInt(match[1]!) : null;
}
