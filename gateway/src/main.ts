// Process entry: `tsx gateway/src/main.ts`.
import { readFileSync } from "node:fs";
import { createLogger, createPubSub } from "@benefits-hub/platform";
import { runService } from "@benefits-hub/platform/server/run-service";
import { documentLimitsFromEnv, loadGatewayEnv } from "./env";
import { startGateway } from "./server";

const env = loadGatewayEnv();
const log = createLogger("gateway", env.LOG_LEVEL);
const supergraphSdl = readFileSync(new URL("../../schema/supergraph.graphql", import.meta.url), "utf8");

await runService(log, async () => {
  const pubsub = createPubSub({ redisUrl: env.REDIS_URL, databaseUrl: env.DATABASE_URL, log });
  await pubsub.ready();
  const gateway = await startGateway({
    port: env.GATEWAY_PORT,
    host: env.GATEWAY_HOST,
    supergraphSdl,
    subgraphUrls: {
      catalog: env.CATALOG_URL,
      membership: env.MEMBERSHIP_URL,
      entitlements: env.ENTITLEMENTS_URL,
      analytics: env.ANALYTICS_URL,
    },
    internalSecret: env.HUB_INTERNAL_SECRET,
    authSecret: env.HUB_AUTH_SECRET,
    corsOrigins: env.GATEWAY_CORS_ORIGINS.split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    pubsub,
    trustProxy: env.GATEWAY_TRUST_PROXY === "1",
    wsMaxPayloadBytes: env.GATEWAY_WS_MAX_PAYLOAD_BYTES,
    log,
    production: env.NODE_ENV === "production",
    development: env.NODE_ENV === "development",
    limits: documentLimitsFromEnv(env),
    maxBodyBytes: env.GATEWAY_MAX_BODY_BYTES,
  });
  return async () => {
    await gateway.close();
    await pubsub.close();
  };
});
