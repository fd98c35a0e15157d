// A subgraph's process: its logger, database client and pub/sub, started
// and stopped around the service itself.
import { createLogger, type Logger } from "../logger";
import { createPrisma, type PrismaClient } from "../db/client";
import { createPubSub, type HubPubSub } from "../pubsub/pubsub";
import { runService } from "./run-service";

export interface ServiceResources {
  db: PrismaClient;
  pubsub: HubPubSub;
  log: Logger;
  production: boolean;
}

interface ProcessEnv {
  NODE_ENV: string;
  LOG_LEVEL: string;
  DATABASE_URL: string;
  REDIS_URL?: string;
}

export function runServiceProcess(
  name: string,
  env: ProcessEnv,
  start: (resources: ServiceResources) => Promise<{ close(): Promise<void> }>,
): Promise<void> {
  const log = createLogger(name, env.LOG_LEVEL);
  const db = createPrisma({ url: env.DATABASE_URL });
  const pubsub = createPubSub({ redisUrl: env.REDIS_URL, databaseUrl: env.DATABASE_URL, log });
  return runService(log, async () => {
    await pubsub.ready();
    const service = await start({ db, pubsub, log, production: env.NODE_ENV === "production" });
    return async () => {
      await service.close();
      await pubsub.close();
      await db.$disconnect();
    };
  });
}

/** A readiness probe that fails when the database does not answer. */
export const databaseHealth = (db: PrismaClient) => async () => {
  await db.$queryRaw`SELECT 1`;
};
