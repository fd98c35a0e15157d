// `npm run catalog:rewrap-keys`: after a new master key is put first in
// CATALOG_CODE_KEYS (the old one kept after it), wraps every card-code data
// key again under the new one, and seals suppliers' API secrets and top-up
// accounts (sealed straight under a master key) again. Then the old key can go. Safe to run twice and
// while the catalog serves (each data key is swapped with one guarded UPDATE).
// Needs DATABASE_URL, CATALOG_CODE_KEYS and CATALOG_CODE_FINGERPRINT_KEY.
import { baseEnvShape, createLogger, parseEnv } from "@benefits-hub/platform";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { CodeKeyRing } from "../crypto/key-ring";
import { CardCodeRepository } from "../data/codes/card-code.repository";
import { SupplierRepository } from "../data/suppliers/supplier.repository";
import { TopupRepository } from "../data/suppliers/topup.repository";
import { rewrapDataKeys } from "../domain/codes/rewrap";
import { resealSupplierSecrets } from "../domain/suppliers/reseal";
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
  const codes = await rewrapDataKeys(new CardCodeRepository(db), keyRing, log);
  log.info({ rewrapped: codes.rewrapped, active: codes.activeMasterKeyId }, "data keys rewrapped");
  for (const failure of codes.failed) log.error(failure, "data key not rewrapped");
  const secrets = await resealSupplierSecrets(new SupplierRepository(db), new TopupRepository(db), keyRing, log);
  log.info({ ...secrets.resealed, active: secrets.activeMasterKeyId }, "supplier secrets and top-up accounts resealed");
  for (const failure of secrets.failed) log.error(failure, "not resealed");
  process.exitCode = codes.failed.length + secrets.failed.length > 0 ? 1 : 0;
} finally {
  await db.$disconnect();
}
