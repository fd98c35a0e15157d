// Process entry: `tsx subgraphs/membership/src/main.ts`.
import { createLogger } from "@benefits-hub/platform";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { runService } from "@benefits-hub/platform/server/run-service";
import { loadMembershipEnv } from "./env";
import { startMembership } from "./server";

const env = loadMembershipEnv();
const log = createLogger("membership", env.LOG_LEVEL);
const db = createPrisma({ url: env.DATABASE_URL });

await runService(log, async () => {
  const server = await startMembership({
    port: env.MEMBERSHIP_PORT,
    db,
    internalSecret: env.HUB_INTERNAL_SECRET,
    authSecret: env.HUB_AUTH_SECRET,
    log,
    production: env.NODE_ENV === "production",
  });
  return async () => {
    await server.close();
    await db.$disconnect();
  };
});
