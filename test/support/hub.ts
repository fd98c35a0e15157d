// Starts a whole hub for a test file: its own database (embedded, or a fresh
// database on TEST_DATABASE_URL's server), the demo seed, the four subgraphs
// and the gateway on free ports, optionally the built web app.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createLogger, createPubSub, type HubPubSub } from "@benefits-hub/platform";
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import { createDemoDatabase } from "./demo-snapshot";
import { startCatalog } from "../../subgraphs/catalog/src/server";
import { startMembership, type MembershipOptions } from "../../subgraphs/membership/src/server";
import { startEntitlements } from "../../subgraphs/entitlements/src/server";
import { startAnalytics, type RunningAnalytics } from "../../subgraphs/analytics/src/server";
import { startGateway } from "../../gateway/src/server";
import type { DocumentLimits } from "../../gateway/src/limits";
import { DEMO_PASSWORD } from "../../prisma/seed/demo-data";
import { SeedBuilder } from "../../prisma/seed/builders";
import type { RunningSubgraph } from "@benefits-hub/platform";
import { testSecrets } from "./secrets";
import { startWeb } from "./web";

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface TestHub {
  gatewayUrl: string;
  gatewayWsUrl: string;
  webUrl: string;
  databaseUrl: string;
  db: PrismaClient;
  seed: SeedBuilder;
  pubsub: HubPubSub;
  secrets: ReturnType<typeof testSecrets>;
  subgraphs: {
    catalog: RunningSubgraph;
    membership: RunningSubgraph;
    entitlements: RunningSubgraph;
    analytics: RunningAnalytics;
  };
  demo: { adminEmail: string; memberEmail: string; otherTenantAdminEmail: string; password: string };
  /** POSTs to the gateway, as the member of `token`, or with the given headers. */
  request<T = any>(
    query: string,
    variables?: object,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  login(email: string, password?: string): Promise<string>;
  stop(): Promise<void>;
}

const supergraphSdl = readFileSync(fileURLToPath(new URL("../../schema/supergraph.graphql", import.meta.url)), "utf8");

export async function startTestHub(
  options: {
    web?: boolean;
    logLevel?: string;
    /** Seed the demo campaigns and rules. */ campaigns?: boolean;
    /** The gateway's document limits, where a test needs other than the defaults. */
    gatewayLimits?: Partial<DocumentLimits>;
    /** Login limits and access-token lifetime for membership (and the web app's refresh). */
    membership?: Pick<MembershipOptions, "authLimits" | "accessTokenTtlSeconds">;
  } = {},
): Promise<TestHub> {
  const { database, codeKeys } = await createDemoDatabase({ campaigns: options.campaigns ?? false });
  const secrets = { ...testSecrets(), codeKeys };
  const log = createLogger("test-hub", options.logLevel ?? process.env.TEST_LOG_LEVEL ?? "silent");
  const db = createPrisma({ url: database.url, poolSize: 20 });
  // The same broker as `npm start`: LISTEN/NOTIFY on the test's database, or Redis.
  const pubsub = createPubSub({ redisUrl: process.env.TEST_REDIS_URL, databaseUrl: database.url, log });
  const stops: (() => Promise<void>)[] = [];
  try {
    await pubsub.ready();
    const common = { port: 0, db, internalSecret: secrets.internalSecret, log };
    const membership = await startMembership({
      ...common,
      authSecret: secrets.authSecret,
      pubsub,
      redisUrl: process.env.TEST_REDIS_URL,
      ...options.membership,
    });
    stops.push(() => membership.close());
    const catalog = await startCatalog({
      ...common,
      pubsub,
      codeKeys: secrets.codeKeys,
      membershipUrl: membership.url.replace(/\/graphql$/, ""),
    });
    stops.push(() => catalog.close());
    const entitlements = await startEntitlements({
      ...common,
      pubsub,
      membershipUrl: membership.url.replace(/\/graphql$/, ""),
      catalogUrl: catalog.url.replace(/\/graphql$/, ""),
      workerPollMs: 100,
      issuanceStaleMs: 10_000,
    });
    stops.push(() => entitlements.close());
    const analytics = await startAnalytics({
      ...common,
      pubsub,
      entitlementsInternalUrl: entitlements.url.replace(/\/graphql$/, ""),
      membershipInternalUrl: membership.url.replace(/\/graphql$/, ""),
      catalogInternalUrl: catalog.url.replace(/\/graphql$/, ""),
      databaseUrl: database.url,
      pollMs: 100,
    });
    stops.push(() => analytics.close());
    const gateway = await startGateway({
      port: 0,
      supergraphSdl,
      subgraphUrls: {
        catalog: catalog.url,
        membership: membership.url,
        entitlements: entitlements.url,
        analytics: analytics.url,
      },
      internalSecret: secrets.internalSecret,
      authSecret: secrets.authSecret,
      pubsub,
      log,
      limits: options.gatewayLimits,
      // As behind the web app: a test can call from a chosen address (X-Forwarded-For), e.g. to place it in a region.
      trustProxy: true,
    });
    stops.push(() => gateway.close());
    let webUrl = "";
    if (options.web) {
      const web = await startWeb(gateway.url);
      webUrl = web.url;
      stops.push(() => web.stop());
    }

    const request = async <T>(
      query: string,
      variables?: object,
      token?: string,
      headers: Record<string, string> = {},
    ): Promise<GraphQLResponse<T>> => {
      const response = await fetch(gateway.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<T>;
    };
    const login = async (email: string, password = DEMO_PASSWORD) => {
      const result = await request<{ login: { accessToken: string | null; errors: { message: string }[] } }>(
        `mutation Login($input: LoginInput!) { login(input: $input) { accessToken errors { message } } }`,
        { input: { email, password } },
      );
      const token = result.data?.login.accessToken;
      if (!token) throw new Error(`login failed for ${email}: ${JSON.stringify(result)}`);
      return token;
    };

    return {
      gatewayUrl: gateway.url,
      gatewayWsUrl: gateway.wsUrl,
      webUrl,
      databaseUrl: database.url,
      db,
      seed: new SeedBuilder(db),
      pubsub,
      secrets,
      subgraphs: { catalog, membership, entitlements, analytics },
      demo: {
        adminEmail: "admin@stellar.example",
        memberEmail: "member@stellar.example",
        otherTenantAdminEmail: "admin@harbour.example",
        password: DEMO_PASSWORD,
      },
      request,
      login,
      stop: async () => {
        for (const stop of stops.reverse()) await stop().catch(() => {});
        await pubsub.close();
        await db.$disconnect();
        await database.drop();
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await pubsub.close();
    await db.$disconnect();
    await database.drop();
    throw error;
  }
}
