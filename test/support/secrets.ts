import { randomBytes } from "node:crypto";

/**
 * Fresh secrets per test hub, so no test depends on a known key. (A hub made
 * from the demo snapshot takes the code keys its card codes were sealed with
 * from the snapshot: see demo-snapshot.ts.)
 */
export const testSecrets = () => ({
  internalSecret: randomBytes(32).toString("base64url"),
  authSecret: randomBytes(32).toString("base64url"),
  codeKeys: {
    masterKeys: `test-${randomBytes(3).toString("hex")}:${randomBytes(32).toString("base64")}`,
    fingerprintKey: randomBytes(32).toString("base64"),
  },
});
