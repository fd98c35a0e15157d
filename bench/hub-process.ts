// The server side of the benchmarks, run as a child process of the load
// generator so that autocannon and the servers never share an event loop.
// Starts a whole hub (its own database, the demo seed, four subgraphs, the
// gateway) with startTestHub(), signs the demo member and the demo tenant
// admin in, and answers the parent over the fork() IPC channel:
//   -> { type: "ready", ... }     once, when the hub is up
//   <- { type: "login", as }      -> { type: "token", token }   (a fresh access token of the member or the admin)
//   <- { type: "stats" }          -> { type: "stats", ... }     (CPU time and event-loop utilisation so far)
//   <- { type: "stop" }           stops the hub, then exits
// The parent going away (IPC disconnect) also stops the hub.
import { performance, type EventLoopUtilization } from "node:perf_hooks";
import { accessTokenCodec, type MemberIdentity } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../test/support/hub";
import { hubChild } from "./hub-child";

export interface HubReady {
  type: "ready";
  gatewayUrl: string;
  subgraphUrls: { catalog: string; membership: string; entitlements: string; analytics: string };
  /** The hub's per-run internal secret: the parent signs identities for direct subgraph calls with it. */
  internalSecret: string;
  /** The demo member signed in, and who they are (as the gateway would forward it). */
  member: {
    email: string;
    token: string;
    identity: MemberIdentity;
  };
  /** The same for the demo tenant's admin (reads the master catalog). */
  admin: {
    email: string;
    token: string;
    identity: MemberIdentity;
  };
  database: "embedded" | "postgresql";
  pid: number;
}

/** Cumulative figures of the hub process; the parent diffs two of them around a run. */
export interface HubStats {
  type: "stats";
  at: number;
  /** process.hrtime in µs: the clock of V8 CPU profiles (BENCH_PROFILE), to cut a profile per run. */
  hrtimeUs: number;
  cpu: NodeJS.CpuUsage;
  elu: EventLoopUtilization;
}

export type ParentMessage = { type: "login"; as: "member" | "admin" } | { type: "stats" } | { type: "stop" };
export type ChildMessage = HubReady | HubStats | { type: "token"; token: string } | { type: "error"; message: string };

let hub: TestHub | undefined;
const { send, sendError, stop } = hubChild<ChildMessage>("hub-process.ts", "gateway-overhead.ts", async () => {
  await hub?.stop();
});

try {
  hub = await startTestHub();
  const codec = accessTokenCodec(hub.secrets.authSecret);
  const token = await hub.login(hub.demo.memberEmail);
  const identity = await codec.verify(token);
  const adminToken = await hub.login(hub.demo.adminEmail);
  const adminIdentity = await codec.verify(adminToken);
  if (adminIdentity.role !== "TENANT_ADMIN") throw new Error(`${hub.demo.adminEmail} is ${adminIdentity.role}`);
  const { catalog, membership, entitlements, analytics } = hub.subgraphs;
  send({
    type: "ready",
    gatewayUrl: hub.gatewayUrl,
    subgraphUrls: {
      catalog: catalog.url,
      membership: membership.url,
      entitlements: entitlements.url,
      analytics: analytics.url,
    },
    internalSecret: hub.secrets.internalSecret,
    member: { email: hub.demo.memberEmail, token, identity },
    admin: { email: hub.demo.adminEmail, token: adminToken, identity: adminIdentity },
    database: process.env.TEST_DATABASE_URL ? "postgresql" : "embedded",
    pid: process.pid,
  });
} catch (error) {
  sendError(error);
  await stop(1);
}

process.on("message", async (message: ParentMessage) => {
  try {
    if (message.type === "login") {
      const email = message.as === "admin" ? hub!.demo.adminEmail : hub!.demo.memberEmail;
      send({ type: "token", token: await hub!.login(email) });
    } else if (message.type === "stats") {
      send({
        type: "stats",
        at: performance.now(),
        hrtimeUs: Number(process.hrtime.bigint() / 1000n),
        cpu: process.cpuUsage(),
        elu: performance.eventLoopUtilization(),
      });
    } else if (message.type === "stop") await stop(0);
  } catch (error) {
    sendError(error);
  }
});
