// Process entry: `tsx subgraphs/catalog/src/main.ts`.
import { runServiceProcess } from "@benefits-hub/platform/server/service-process";
import { loadCatalogEnv } from "./env";
import { startCatalog } from "./server";

const env = loadCatalogEnv();
await runServiceProcess("catalog", env, (r) =>
  startCatalog({
    ...r,
    port: env.CATALOG_PORT,
    internalSecret: env.HUB_INTERNAL_SECRET,
    codeKeys: { masterKeys: env.CATALOG_CODE_KEYS, fingerprintKey: env.CATALOG_CODE_FINGERPRINT_KEY },
    membershipUrl: env.MEMBERSHIP_INTERNAL_URL,
    supplierSyncIntervalMs: env.SUPPLIER_SYNC_INTERVAL_MS,
  }),
);
