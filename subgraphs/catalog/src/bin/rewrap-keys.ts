// `npm run catalog:rewrap-keys`: after a new master key is put first in
// CATALOG_CODE_KEYS (the old one kept after it), wraps every data key again
// under the new one. Then the old key can be removed. Safe to run twice and
// while the catalog serves (each data key is swapped with one guarded UPDATE).
// Needs DATABASE_URL, CATALOG_CODE_KEYS and CATALOG_CODE_FINGERPRINT_KEY.
import { baseEnvShape, createLogger, parseEnv } from "@benefits-hub/platform";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { CodeKeyRing } from "../crypto/key-ring";
import { CardCodeRepository } from "../data/codes/card-code.repository";
import { rewrapDataKeys } from "../domain/codes/rewrap";
import { catalogEnvShape } from "../env";

const { NODE_ENV, LOG_LEVEL, DATABASE_URL } = baseEnvShape;
const { CATALOG_CODE_KEYS, CATALOG_CODE_FINGERPRINT_KEY } = catalogEnvShape;
const env = parseEnv({ NODE_ENV, LOG_LEVEL, DATABASE_URL, CATALOG_CODE_KEYS, CATALOG_CODE_FINGERPRINT_KEY });
const log = createLogger("catalog-rewrap", env.LOG_LEVEL);
const db = createPrisma({ url: env.DATABASE_URL, poolSize: 2 });
try {
  const keyRing = CodeKeyRing.fromConfig({
    masterKeys: env.CATALOG_CODE_KEYS,
    fingerprintKey: env.CATALOG_CODE_FINGERPRINT_KEY,
  });
  const result = await rewrapDataKeys(new CardCodeRepository(db), keyRing, log);
  log.info({ rewrapped: result.rewrapped, active: result.activeMasterKeyId }, "data keys rewrapped");
  for (const failure of result.failed) log.error(failure, "data key not rewrapped");
  process.exitCode = result.failed.length > 0 ? 1 : 0;
} finally {
  await db.$disconnect();
}
