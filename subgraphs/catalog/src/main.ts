// Process entry: `tsx subgraphs/catalog/src/main.ts`.
import { runServiceProcess } from "@benefits-hub/platform/server/service-process";
import { loadCatalogEnv } from "./env";
import { startCatalog } from "./server";

const env = loadCatalogEnv();
await runServiceProcess("catalog", env, (r) =>
  startCatalog({ ...r, port: env.CATALOG_PORT, internalSecret: env.HUB_INTERNAL_SECRET }),
);
