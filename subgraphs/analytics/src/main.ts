// Process entry: `tsx subgraphs/analytics/src/main.ts`.
import { createLogger, createPubSub } from "@benefits-hub/platform";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { runService } from "@benefits-hub/platform/server/run-service";
import { loadAnalyticsEnv } from "./env";
import { startAnalytics } from "./server";

const env = loadAnalyticsEnv();
const log = createLogger("analytics", env.LOG_LEVEL);
const db = createPrisma({ url: env.DATABASE_URL });
const pubsub = createPubSub(env.REDIS_URL);

await runService(log, async () => {
  const server = await startAnalytics({
    port: env.ANALYTICS_PORT,
    db,
    pubsub,
    internalSecret: env.HUB_INTERNAL_SECRET,
    entitlementsInternalUrl: env.ENTITLEMENTS_INTERNAL_URL,
    pollMs: env.OUTBOX_POLL_MS,
    log,
    production: env.NODE_ENV === "production",
  });
  return async () => {
    await server.close();
    await pubsub.close();
    await db.$disconnect();
  };
});
