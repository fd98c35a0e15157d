// Process entry: `tsx subgraphs/entitlements/src/main.ts`.
import { createLogger, createPubSub } from "@benefits-hub/platform";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { runService } from "@benefits-hub/platform/server/run-service";
import { loadEntitlementsEnv } from "./env";
import { startEntitlements } from "./server";

const env = loadEntitlementsEnv();
const log = createLogger("entitlements", env.LOG_LEVEL);
const db = createPrisma({ url: env.DATABASE_URL });
const pubsub = createPubSub(env.REDIS_URL);

await runService(log, async () => {
  const server = await startEntitlements({
    port: env.ENTITLEMENTS_PORT,
    db,
    pubsub,
    internalSecret: env.HUB_INTERNAL_SECRET,
    log,
    production: env.NODE_ENV === "production",
  });
  return async () => {
    await server.close();
    await pubsub.close();
    await db.$disconnect();
  };
});
