// A hub of separate processes, as `npm start` runs it (scripts/hub/services.ts):
// the four subgraphs and the gateway each in its own process, on free ports,
// against a fresh database on TEST_DATABASE_URL's PostgreSQL server, so a test
// can SIGKILL one and start it again.
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import { createTestDatabase } from "@benefits-hub/platform/testing/database";
import { startChild, waitForHttp, type Child } from "../../../scripts/hub/processes";
import type { HubSecrets } from "../../../scripts/hub/secrets";
import {
  nodeCommand,
  serviceEntry,
  servicesEnv,
  type ServiceName,
  type ServicePorts,
} from "../../../scripts/hub/services";
import { testSecrets } from "../../support/secrets";
import { freePort } from "../../support/web";

export const SERVICES: ServiceName[] = ["catalog", "membership", "entitlements", "analytics", "gateway"];

export interface ProcessHub {
  gatewayUrl: string;
  db: PrismaClient;
  authSecret: string;
  /** SIGKILL, and wait until it is gone. */
  kill(name: ServiceName): Promise<void>;
  /** Starts it again on its port; resolves when it answers its health check. */
  start(name: ServiceName): Promise<void>;
  /** The services that have exited without being asked (a crash). */
  crashed(): ServiceName[];
  /** The last lines a service wrote (for a failing test's message). */
  output(name: ServiceName): string;
  stop(): Promise<void>;
}

async function startDatabase(stops: (() => Promise<void>)[]): Promise<string> {
  const database = await createTestDatabase(); // a fresh database on TEST_DATABASE_URL's server
  stops.push(() => database.drop());
  return database.url;
}

export async function startProcessHub(options: { redisUrl: string }): Promise<ProcessHub> {
  const stops: (() => Promise<void>)[] = [];
  const children = new Map<ServiceName, Child>();
  const expectedExit = new Set<ServiceName>();
  const crashes = new Set<ServiceName>();
  const logs = new Map<ServiceName, string[]>();
  try {
    const databaseUrl = await startDatabase(stops);
    const db = createPrisma({ url: databaseUrl, poolSize: 5 });
    stops.push(() => db.$disconnect());
    const s = testSecrets();
    const secrets: HubSecrets = {
      HUB_INTERNAL_SECRET: s.internalSecret,
      HUB_AUTH_SECRET: s.authSecret,
      CATALOG_CODE_KEYS: s.codeKeys.masterKeys,
      CATALOG_CODE_FINGERPRINT_KEY: s.codeKeys.fingerprintKey,
    };
    const ports = Object.fromEntries(
      await Promise.all(SERVICES.map(async (name) => [name, await freePort()] as const)),
    ) as ServicePorts;
    const env = servicesEnv(
      { ...process.env, NODE_OPTIONS: "", NODE_ENV: "test", LOG_LEVEL: "warn", REDIS_URL: options.redisUrl },
      { databaseUrl, secrets, ports },
    );
    env.OUTBOX_POLL_MS = "100";

    const start = async (name: ServiceName) => {
      const lines: string[] = [];
      logs.set(name, lines);
      const child = startChild(name, ...nodeCommand(serviceEntry(name)), {
        env,
        echo: false,
        onLine: (line) => lines.push(line) > 200 && lines.shift(),
      });
      children.set(name, child);
      expectedExit.delete(name);
      child.process.once("exit", () => {
        if (!expectedExit.has(name)) crashes.add(name);
      });
      await waitForHttp(`http://127.0.0.1:${ports[name]}/health`, child, 120_000).catch((error: Error) => {
        throw new Error(`${error.message}; its last output:\n${lines.join("\n")}`);
      });
    };
    stops.push(async () => {
      for (const name of [...SERVICES].reverse()) {
        expectedExit.add(name);
        await children.get(name)?.stop();
      }
    });
    await Promise.all(SERVICES.map(start)); // the gateway's plan is static: it needs no subgraph to start

    return {
      gatewayUrl: `http://127.0.0.1:${ports.gateway}/graphql`,
      db,
      authSecret: secrets.HUB_AUTH_SECRET,
      kill: async (name) => {
        const child = children.get(name)!;
        expectedExit.add(name);
        const exited = new Promise((resolve) => child.process.once("exit", resolve));
        child.process.kill("SIGKILL");
        await exited;
      },
      start,
      crashed: () => [...crashes],
      output: (name) => (logs.get(name) ?? []).join("\n"),
      stop: async () => {
        for (const stop of stops.reverse()) await stop().catch(() => {});
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    throw error;
  }
}
