// The card-code key ring: master keys from the environment wrap random data
// keys (envelope encryption); data keys seal each code on its own with
// AES-256-GCM. A keyed HMAC fingerprint finds duplicate codes without any
// plaintext index. Key material never leaves this module in an error message.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  randomBytes,
  type KeyObject,
} from "node:crypto";

const ALGORITHM = "aes-256-gcm";
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const WRAP_AAD_PREFIX = "benefits-hub/catalog/data-key:";
const SMALL_VERSION = 1;
const MASTER_KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Seals `plaintext` under `dataKey` (AES-256-GCM): nonce(12) ‖ ciphertext ‖ tag(16), bound to `aad`. */
export function seal(dataKey: Buffer | KeyObject, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, asKey(dataKey), nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  const final = cipher.final();
  return Buffer.concat([nonce, body, final, cipher.getAuthTag()]);
}

/** Opens what `seal` sealed; throws if the key, the AAD or any byte is wrong. */
export function open(dataKey: Buffer | KeyObject, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new CodeCryptoError("sealed value is too short");
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv(ALGORITHM, asKey(dataKey), nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new CodeCryptoError("sealed value failed authentication (wrong key, wrong context or tampered)");
  }
}

export class CodeCryptoError extends Error {
  override name = "CodeCryptoError";
}

export class CodeKeyRing {
  readonly activeMasterKeyId: string;
  private readonly masterKeys: ReadonlyMap<string, KeyObject>;
  private readonly fingerprintKey: KeyObject;

  private constructor(masterKeys: Map<string, KeyObject>, activeMasterKeyId: string, fingerprintKey: KeyObject) {
    this.masterKeys = masterKeys;
    this.activeMasterKeyId = activeMasterKeyId;
    this.fingerprintKey = fingerprintKey;
  }

  /**
   * `masterKeys`: `id:base64(32 bytes)` pairs, comma-separated, the first one
   * active (wraps new data keys), the others only unwrap. `fingerprintKey`:
   * base64 of 32 bytes. Errors name the variable, never its value.
   */
  static fromConfig(config: { masterKeys: string; fingerprintKey: string }): CodeKeyRing {
    const keys = new Map<string, KeyObject>();
    let active: string | undefined;
    const entries = config.masterKeys
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    if (entries.length === 0) throw new Error("CATALOG_CODE_KEYS is empty: expected id:base64key pairs");
    entries.forEach((entry, index) => {
      const colon = entry.indexOf(":");
      const id = colon > 0 ? entry.slice(0, colon).trim() : "";
      if (!MASTER_KEY_ID.test(id)) {
        throw new Error(
          `CATALOG_CODE_KEYS entry ${index + 1} is malformed: expected id:base64key (id of letters, digits, '.', '_', '-')`,
        );
      }
      if (keys.has(id)) throw new Error(`CATALOG_CODE_KEYS lists the key id "${id}" twice`);
      const key = decodeKey(entry.slice(colon + 1).trim());
      if (!key) {
        throw new Error(`CATALOG_CODE_KEYS key "${id}" is not base64 of exactly ${KEY_BYTES} bytes`);
      }
      keys.set(id, createSecretKey(key));
      active ??= id;
    });
    const fingerprint = decodeKey(config.fingerprintKey.trim());
    if (!fingerprint) {
      throw new Error(`CATALOG_CODE_FINGERPRINT_KEY is not base64 of exactly ${KEY_BYTES} bytes`);
    }
    return new CodeKeyRing(keys, active!, createSecretKey(fingerprint));
  }

  /** Master key ids, the active one first. */
  get masterKeyIds(): string[] {
    return [...this.masterKeys.keys()];
  }

  /** A fresh random AES-256 data key and its wrapped form under the active master key. */
  newDataKey(): { key: Buffer; masterKeyId: string; wrapped: Buffer } {
    const key = randomBytes(KEY_BYTES);
    return { key, masterKeyId: this.activeMasterKeyId, wrapped: this.wrapDataKey(key) };
  }

  /** Wraps `key` under the active master key. */
  wrapDataKey(key: Buffer): Buffer {
    return seal(this.master(this.activeMasterKeyId), key, wrapAad(this.activeMasterKeyId));
  }

  unwrapDataKey(masterKeyId: string, wrapped: Buffer): Buffer {
    const key = open(this.master(masterKeyId), wrapped, wrapAad(masterKeyId));
    if (key.length !== KEY_BYTES) throw new CodeCryptoError("unwrapped data key has the wrong length");
    return key;
  }

  /** HMAC-SHA-256 of the trimmed code under the fingerprint key. */
  fingerprint(code: string): Buffer {
    return createHmac("sha256", this.fingerprintKey).update(code.trim(), "utf8").digest();
  }

  /**
   * Seals a small secret (a supplier's API secret, a phone number) directly
   * under the active master key: version(1) ‖ idLength(1) ‖ keyId ‖ nonce ‖ ciphertext ‖ tag.
   * `context` (e.g. "supplier-secret:<id>") is bound as AAD.
   */
  sealSmall(plaintext: string, context: string): Buffer {
    const id = Buffer.from(this.activeMasterKeyId, "utf8");
    const header = Buffer.from([SMALL_VERSION, id.length]);
    const prefix = Buffer.concat([header, id]);
    const body = seal(this.master(this.activeMasterKeyId), Buffer.from(plaintext, "utf8"), smallAad(prefix, context));
    return Buffer.concat([prefix, body]);
  }

  openSmall(sealed: Buffer, context: string): string {
    if (sealed.length < 2 || sealed[0] !== SMALL_VERSION)
      throw new CodeCryptoError("sealed secret has an unknown format");
    const idLength = sealed[1]!;
    const prefix = sealed.subarray(0, 2 + idLength);
    if (prefix.length !== 2 + idLength) throw new CodeCryptoError("sealed secret is truncated");
    const keyId = prefix.subarray(2).toString("utf8");
    return open(this.master(keyId), sealed.subarray(2 + idLength), smallAad(prefix, context)).toString("utf8");
  }

  private master(id: string): KeyObject {
    const key = this.masterKeys.get(id);
    if (!key) {
      throw new CodeCryptoError(
        `master key "${id}" is not in CATALOG_CODE_KEYS (known: ${[...this.masterKeys.keys()].join(", ")})`,
      );
    }
    return key;
  }
}

/** A new master key entry for CATALOG_CODE_KEYS (`id:base64`), for scripts and tests. */
export function generateMasterKeyEntry(id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString("base64")}`;
}

function wrapAad(masterKeyId: string): Buffer {
  return Buffer.from(WRAP_AAD_PREFIX + masterKeyId, "utf8");
}

function smallAad(prefix: Buffer, context: string): Buffer {
  return Buffer.concat([prefix, Buffer.from(`\u0000${context}`, "utf8")]);
}

function decodeKey(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const key = Buffer.from(text, text.includes("-") || text.includes("_") ? "base64url" : "base64");
  return key.length === KEY_BYTES ? key : undefined;
}

function asKey(key: Buffer | KeyObject): Buffer | KeyObject {
  if (Buffer.isBuffer(key) && key.length !== KEY_BYTES) throw new CodeCryptoError("data key must be 32 bytes");
  return key;
}
