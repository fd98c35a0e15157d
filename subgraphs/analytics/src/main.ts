// Process entry: `tsx subgraphs/analytics/src/main.ts`.
import { runServiceProcess } from "@benefits-hub/platform/server/service-process";
import { loadAnalyticsEnv } from "./env";
import { startAnalytics } from "./server";

const env = loadAnalyticsEnv();
await runServiceProcess("analytics", env, (r) =>
  startAnalytics({
    ...r,
    port: env.ANALYTICS_PORT,
    internalSecret: env.HUB_INTERNAL_SECRET,
    entitlementsInternalUrl: env.ENTITLEMENTS_INTERNAL_URL,
    membershipInternalUrl: env.MEMBERSHIP_INTERNAL_URL,
    catalogInternalUrl: env.CATALOG_INTERNAL_URL,
    databaseUrl: env.DATABASE_URL,
    pollMs: env.OUTBOX_POLL_MS,
  }),
);
