// Opaque secrets handed to clients (refresh tokens, API keys): random, stored
// only as a SHA-256 hash (they are high-entropy, so a slow hash adds nothing),
// compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const newSecret = () => randomBytes(32).toString("base64url");
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), "hex");
  const expected = Buffer.from(storedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
