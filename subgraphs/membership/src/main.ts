// Process entry: `tsx subgraphs/membership/src/main.ts`.
import { runServiceProcess } from "@benefits-hub/platform/server/service-process";
import { loadMembershipEnv } from "./env";
import { startMembership } from "./server";

const env = loadMembershipEnv();
await runServiceProcess("membership", env, (r) =>
  startMembership({
    ...r,
    port: env.MEMBERSHIP_PORT,
    internalSecret: env.HUB_INTERNAL_SECRET,
    authSecret: env.HUB_AUTH_SECRET,
    redisUrl: env.REDIS_URL,
    accessTokenTtlSeconds: env.HUB_ACCESS_TOKEN_TTL_SECONDS,
    authLimits: { addressFailures: env.AUTH_ADDRESS_FAILURES },
  }),
);
