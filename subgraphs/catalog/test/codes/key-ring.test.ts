import { randomBytes } from "node:crypto";
import { CodeKeyRing, generateMasterKeyEntry, open, seal } from "../../src/crypto/key-ring";

const fingerprintKey = randomBytes(32).toString("base64");
const k1 = generateMasterKeyEntry("k1");
const k2 = generateMasterKeyEntry("k2");

describe("seal/open", () => {
  const key = randomBytes(32);
  const aad = Buffer.from("code-id|sku-id");

  test("round trip, a fresh nonce each time", () => {
    const a = seal(key, Buffer.from("CODE-1234"), aad);
    const b = seal(key, Buffer.from("CODE-1234"), aad);
    expect(a.equals(b)).toBe(false);
    expect(a.length).toBe(12 + 9 + 16);
    expect(open(key, a, aad).toString()).toBe("CODE-1234");
  });

  test("a flipped byte anywhere fails", () => {
    const sealed = seal(key, Buffer.from("CODE-1234"), aad);
    for (let i = 0; i < sealed.length; i++) {
      const tampered = Buffer.from(sealed);
      tampered[i]! ^= 0x01;
      expect(() => open(key, tampered, aad)).toThrow(/failed authentication/);
    }
  });

  test("wrong AAD or wrong key fails", () => {
    const sealed = seal(key, Buffer.from("CODE-1234"), aad);
    expect(() => open(key, sealed, Buffer.from("other-id|sku-id"))).toThrow(/failed authentication/);
    expect(() => open(randomBytes(32), sealed, aad)).toThrow(/failed authentication/);
    expect(() => open(key, sealed.subarray(0, 20), aad)).toThrow(/too short/);
  });
});

describe("CodeKeyRing", () => {
  test("data keys wrap under the active key and unwrap", () => {
    const ring = CodeKeyRing.fromConfig({ masterKeys: `${k1},${k2}`, fingerprintKey });
    expect(ring.activeMasterKeyId).toBe("k1");
    const { key, masterKeyId, wrapped } = ring.newDataKey();
    expect(masterKeyId).toBe("k1");
    expect(wrapped.includes(key)).toBe(false);
    expect(ring.unwrapDataKey("k1", wrapped).equals(key)).toBe(true);
    // The wrap is bound to the master key id.
    expect(() => ring.unwrapDataKey("k2", wrapped)).toThrow(/failed authentication/);
  });

  test("rotation: a data key wrapped by an old key unwraps when that key is listed second", () => {
    const old = CodeKeyRing.fromConfig({ masterKeys: k1, fingerprintKey });
    const { key, wrapped } = old.newDataKey();
    const rotated = CodeKeyRing.fromConfig({ masterKeys: `${k2},${k1}`, fingerprintKey });
    expect(rotated.activeMasterKeyId).toBe("k2");
    expect(rotated.unwrapDataKey("k1", wrapped).equals(key)).toBe(true);
    expect(rotated.newDataKey().masterKeyId).toBe("k2");
    // Once k1 is dropped, its data keys are unreadable — with a clear error.
    const dropped = CodeKeyRing.fromConfig({ masterKeys: k2, fingerprintKey });
    expect(() => dropped.unwrapDataKey("k1", wrapped)).toThrow(/master key "k1" is not in CATALOG_CODE_KEYS/);
  });

  test("fingerprints are keyed, deterministic and trim the code", () => {
    const ring = CodeKeyRing.fromConfig({ masterKeys: k1, fingerprintKey });
    const other = CodeKeyRing.fromConfig({ masterKeys: k1, fingerprintKey: randomBytes(32).toString("base64") });
    expect(ring.fingerprint(" ABC-1 ").equals(ring.fingerprint("ABC-1"))).toBe(true);
    expect(ring.fingerprint("ABC-1").equals(ring.fingerprint("ABC-2"))).toBe(false);
    expect(ring.fingerprint("ABC-1").equals(other.fingerprint("ABC-1"))).toBe(false);
    expect(ring.fingerprint("ABC-1")).toHaveLength(32);
  });

  test("small secrets are self-describing across rotation and bound to their context", () => {
    const old = CodeKeyRing.fromConfig({ masterKeys: k1, fingerprintKey });
    const sealed = old.sealSmall("13800000000", "topup-account:e1");
    expect(sealed.toString("latin1")).not.toContain("13800000000");
    const rotated = CodeKeyRing.fromConfig({ masterKeys: `${k2},${k1}`, fingerprintKey });
    expect(rotated.openSmall(sealed, "topup-account:e1")).toBe("13800000000");
    expect(() => rotated.openSmall(sealed, "topup-account:e2")).toThrow(/failed authentication/);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => rotated.openSmall(tampered, "topup-account:e1")).toThrow(/failed authentication/);
    // A forged key id in the header changes the AAD, so it fails too.
    const forged = Buffer.from(sealed);
    forged[3] = "2".charCodeAt(0);
    expect(() => rotated.openSmall(forged, "topup-account:e1")).toThrow(/failed authentication/);
  });

  test("malformed configuration names the variable, never the value", () => {
    const secret = randomBytes(16).toString("base64");
    const cases: Array<[{ masterKeys: string; fingerprintKey: string }, RegExp]> = [
      [{ masterKeys: "", fingerprintKey }, /CATALOG_CODE_KEYS is empty/],
      [{ masterKeys: secret, fingerprintKey }, /CATALOG_CODE_KEYS entry 1 is malformed/],
      [{ masterKeys: `k1:${secret}`, fingerprintKey }, /CATALOG_CODE_KEYS key "k1" is not base64 of exactly 32 bytes/],
      [{ masterKeys: `${k1},${k1}`, fingerprintKey }, /lists the key id "k1" twice/],
      [{ masterKeys: k1, fingerprintKey: secret }, /CATALOG_CODE_FINGERPRINT_KEY is not base64/],
    ];
    for (const [config, message] of cases) {
      let error: Error | undefined;
      try {
        CodeKeyRing.fromConfig(config);
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toContain(secret);
      expect(error?.message).not.toContain(k1.split(":")[1]);
    }
  });
});
