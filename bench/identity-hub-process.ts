// The server side of bench/identity.ts, run as its child process so that
// autocannon and the servers never share an event loop. Starts a whole hub
// with startTestHub() (its own database, the demo seed, four subgraphs, the
// gateway), then, against the same database, two more catalog subgraphs and
// two more membership subgraphs on free ports: one of each with the
// graphql-shield layer (as in production) and one without it
// (`applyPermissions: false`, a benchmark-only option of startSubgraph).
// Answers the parent over the fork() IPC channel:
//   -> { type: "ready", ... }     once, when everything is up
//   <- { type: "stats" }          -> { type: "stats", ... }  (CPU time and event-loop utilisation so far)
//   <- { type: "stop" }           stops everything, then exits
// The parent going away (IPC disconnect) also stops the hub.
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import {
  accessTokenCodec,
  createLogger,
  startSubgraph,
  type MemberIdentity,
  type RunningSubgraph,
} from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../test/support/hub";
import { typeDefs as catalogTypeDefs } from "../subgraphs/catalog/src/server";
import { resolvers as catalogResolvers } from "../subgraphs/catalog/src/resolvers";
import { permissions as catalogPermissions } from "../subgraphs/catalog/src/permissions";
import { contextFactory as catalogContext } from "../subgraphs/catalog/src/context";
import { buildDeps as catalogDeps } from "../subgraphs/catalog/src/server";
import { typeDefs as membershipTypeDefs } from "../subgraphs/membership/src/server";
import { resolvers as membershipResolvers } from "../subgraphs/membership/src/resolvers";
import { permissions as membershipPermissions } from "../subgraphs/membership/src/permissions";
import { contextFactory as membershipContext } from "../subgraphs/membership/src/context";
import { hubChild } from "./hub-child";

export interface IdentityHubReady {
  type: "ready";
  gatewayUrl: string;
  /** The extra servers, each with (`shield`) and without (`bare`) the permission layer. */
  catalog: { shield: string; bare: string };
  membership: { shield: string; bare: string };
  /** The hub's per-run internal secret: the parent signs identities for direct subgraph calls with it. */
  internalSecret: string;
  /** The demo member's credentials, for the login mutation. */
  login: { email: string; password: string };
  /** The demo tenant admin, as the gateway would forward them. */
  admin: { email: string; identity: MemberIdentity };
  /** Benefits in the catalog after the optional top-up (BENCH_CATALOG_ROWS). */
  benefitRows: number;
  database: "embedded" | "postgresql";
  pid: number;
}

export interface IdentityHubStats {
  type: "stats";
  at: number;
  cpu: NodeJS.CpuUsage;
  elu: EventLoopUtilization;
}

export type IdentityParentMessage = { type: "stats" } | { type: "stop" };
export type IdentityChildMessage = IdentityHubReady | IdentityHubStats | { type: "error"; message: string };

let hub: TestHub | undefined;
const extra: RunningSubgraph[] = [];
const { send, sendError, stop } = hubChild<IdentityChildMessage>("identity-hub-process.ts", "identity.ts", async () => {
  for (const server of extra) await server.close().catch((error) => console.error("[hub] close failed:", error));
  await hub?.stop();
});

try {
  hub = await startTestHub();
  const { db, pubsub, secrets } = hub;
  const log = createLogger("bench-identity", process.env.TEST_LOG_LEVEL ?? "silent");

  // `benefits(first: 50)` (the master catalog, as the tenant admin) should return 50 rows: top the demo's
  // benefits up with plain synthetic ones (one CARD_CODE SKU each, in the seed's default category).
  const wantRows = Number(process.env.BENCH_CATALOG_ROWS ?? 50);
  for (let have = await db.benefit.count(); have < wantRows; have++) {
    await hub.seed.benefit({
      slug: `bench-benefit-${have}`,
      name: `Bench benefit ${have}`,
      description: `A synthetic benefit for the benchmark, number ${have}.`,
      faceValueFen: 1000 + have * 100,
    });
  }
  const benefitRows = await db.benefit.count();

  const common = { port: 0, internalSecret: secrets.internalSecret, log, production: false };
  const catalog = async (applyPermissions: boolean) => {
    const server = await startSubgraph({
      ...common,
      name: `catalog-${applyPermissions ? "shield" : "bare"}`,
      typeDefs: catalogTypeDefs,
      resolvers: catalogResolvers,
      permissions: catalogPermissions,
      createContext: catalogContext(
        catalogDeps({
          db,
          log,
          pubsub,
          internalSecret: secrets.internalSecret,
          codeKeys: secrets.codeKeys,
          membershipUrl: hub!.subgraphs.membership.url.replace(/\/graphql$/, ""),
        }),
      ),
      applyPermissions,
    });
    extra.push(server);
    return server.url;
  };
  const membership = async (applyPermissions: boolean) => {
    const server = await startSubgraph({
      ...common,
      name: `membership-${applyPermissions ? "shield" : "bare"}`,
      typeDefs: membershipTypeDefs,
      resolvers: membershipResolvers,
      permissions: membershipPermissions,
      createContext: membershipContext(db, secrets.authSecret, pubsub),
      applyPermissions,
    });
    extra.push(server);
    return server.url;
  };

  const adminToken = await hub.login(hub.demo.adminEmail);
  const adminIdentity = await accessTokenCodec(secrets.authSecret).verify(adminToken);
  if (adminIdentity.role !== "TENANT_ADMIN") throw new Error(`${hub.demo.adminEmail} is ${adminIdentity.role}`);

  // BENCH_AA=1: an A/A control, both servers of each pair WITHOUT shield (the ratio should come out at 1.00).
  const control = process.env.BENCH_AA === "1";
  send({
    type: "ready",
    gatewayUrl: hub.gatewayUrl,
    catalog: { shield: await catalog(!control), bare: await catalog(false) },
    membership: { shield: await membership(!control), bare: await membership(false) },
    internalSecret: secrets.internalSecret,
    login: { email: hub.demo.memberEmail, password: hub.demo.password },
    admin: { email: hub.demo.adminEmail, identity: adminIdentity },
    benefitRows,
    database: process.env.TEST_DATABASE_URL ? "postgresql" : "embedded",
    pid: process.pid,
  });
} catch (error) {
  sendError(error);
  await stop(1);
}

process.on("message", async (message: IdentityParentMessage) => {
  try {
    if (message.type === "stats") {
      send({ type: "stats", at: performance.now(), cpu: process.cpuUsage(), elu: performance.eventLoopUtilization() });
    } else if (message.type === "stop") await stop(0);
  } catch (error) {
    sendError(error);
  }
});
