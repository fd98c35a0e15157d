// Process entry: `tsx subgraphs/catalog/src/main.ts`.
import { createLogger } from "@benefits-hub/platform";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { runService } from "@benefits-hub/platform/server/run-service";
import { loadCatalogEnv } from "./env";
import { startCatalog } from "./server";

const env = loadCatalogEnv();
const log = createLogger("catalog", env.LOG_LEVEL);
const db = createPrisma({ url: env.DATABASE_URL });

await runService(log, async () => {
  const server = await startCatalog({
    port: env.CATALOG_PORT,
    db,
    internalSecret: env.HUB_INTERNAL_SECRET,
    log,
    production: env.NODE_ENV === "production",
  });
  return async () => {
    await server.close();
    await db.$disconnect();
  };
});
