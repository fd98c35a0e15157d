// Process entry: `tsx subgraphs/entitlements/src/main.ts`.
import { runServiceProcess } from "@benefits-hub/platform/server/service-process";
import { loadEntitlementsEnv } from "./env";
import { startEntitlements } from "./server";

const env = loadEntitlementsEnv();
await runServiceProcess("entitlements", env, (r) =>
  startEntitlements({
    ...r,
    port: env.ENTITLEMENTS_PORT,
    internalSecret: env.HUB_INTERNAL_SECRET,
    membershipUrl: env.MEMBERSHIP_INTERNAL_URL,
    catalogUrl: env.CATALOG_INTERNAL_URL,
  }),
);
