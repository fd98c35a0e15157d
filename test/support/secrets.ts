import { randomBytes } from "node:crypto";

/** Fresh secrets per test hub, so no test depends on a known key. */
export const testSecrets = () => ({
  internalSecret: randomBytes(32).toString("base64url"),
  authSecret: randomBytes(32).toString("base64url"),
  codeKeys: {
    masterKeys: `test-${randomBytes(3).toString("hex")}:${randomBytes(32).toString("base64")}`,
    fingerprintKey: randomBytes(32).toString("base64"),
  },
});
