// The code a member shows a partner at the point of service. Derived from the
// entitlement id with a keyed HMAC, so it is never stored: the database keeps
// only its SHA-256 (entitlement.code_hash) to find the entitlement by code.
import { createHash, createHmac, hkdfSync } from "node:crypto";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I
const LENGTH = 16;

export class RedemptionCodes {
  private readonly key: Buffer;

  /** The key is derived from the hub's internal secret, for this purpose only. */
  constructor(internalSecret: string) {
    this.key = Buffer.from(hkdfSync("sha256", internalSecret, "benefits-hub", "entitlements redemption codes", 32));
  }

  /** 16 characters from a 32-letter alphabet (80 bits), shown in groups of four. */
  codeOf(entitlementId: string): string {
    const mac = createHmac("sha256", this.key).update(entitlementId.toLowerCase()).digest();
    let code = "";
    for (let i = 0; i < LENGTH; i++) code += ALPHABET[mac[i]! % 32];
    return code.replace(/(.{4})(?=.)/g, "$1-");
  }

  /** What is stored and looked up: the hash of the normalised code. */
  hashOf(code: string): string {
    return createHash("sha256").update(normalise(code)).digest("hex");
  }

  hashFor(entitlementId: string): string {
    return this.hashOf(this.codeOf(entitlementId));
  }
}

/** Upper case, without spaces or dashes: what a cashier may type. */
export const normalise = (code: string) => code.toUpperCase().replace(/[\s-]/g, "");
