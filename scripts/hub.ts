// `npm start`: the whole hub on one machine. With no DATABASE_URL it runs the
// embedded database (data in .data/pglite, kept across restarts); it applies
// migrations, seeds the demo data (never in production), starts the supplier
// simulator the demo supplier points at (development only), then the four
// subgraphs, the gateway and the web app, and stops them all on Ctrl-C. Its
// children stop by themselves if it dies (see processes.ts); what a dead run
// left is cleared at the next start (pid-file.ts).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { pino } from "pino";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { migrate } from "@benefits-hub/platform/db/migrate";
import { seedDemo } from "../prisma/seed/demo";
import { connectDemoSupplier } from "../prisma/seed/demo-catalog-seed";
import { CodeKeyRing } from "../subgraphs/catalog/src/crypto/key-ring";
import { DEMO_PASSWORD, demoApiKey, demoTenants, platformTenant } from "../prisma/seed/demo-data";
import { PidFile } from "./hub/pid-file";
import { assertPortsFree, type PortNeed } from "./hub/ports";
import { format, nextColourCode, startChild, waitForHttp, type Child } from "./hub/processes";
import { loadSecrets, loadSimulatorSecret } from "./hub/secrets";
import { nodeCommand as node, serviceEntry, servicesEnv, type ServicePorts } from "./hub/services";
import { ensureWebBuild, webDir } from "./hub/web-build";
import { subgraphs, type SubgraphInfo } from "./subgraphs";

const root = fileURLToPath(new URL("..", import.meta.url));
const hubColour = nextColourCode();
const log = pino(
  { name: "hub", level: process.env.LOG_LEVEL ?? "info" },
  { write: (line: string) => console.log(format("hub", hubColour, line.trim())) },
);
const production = process.env.NODE_ENV === "production";
const children: Child[] = [];
let stopping = false;
const pidFile = new PidFile(process.env.HUB_PID_FILE ?? path.join(root, ".data", "hub-processes.json"));

// Ports: the documented defaults, each overridable (the runner's own test uses free ports).
const portOf = (variable: string, fallback: number) => Number(process.env[variable] ?? fallback);
const ports = {
  web: portOf("WEB_PORT", 3000),
  gateway: portOf("GATEWAY_PORT", 4000),
  supplierSim: portOf("SUPPLIER_SIM_PORT", 4010),
  ...Object.fromEntries(subgraphs.map((s) => [s.name, portOf(`${s.name.toUpperCase()}_PORT`, s.port)])),
} as Record<"web" | "gateway" | "supplierSim" | SubgraphInfo["name"], number>;
/** For children that know nothing of the hub: a preload that stops them when it is gone. */
const stopWithParent = ["--import", pathToFileURL(path.join(root, "scripts/hub/stop-with-parent.mjs")).href];

/** Starts a child, remembered for the orderly stop and in the pid file. */
function start(name: string, command: string, args: readonly string[], options: Parameters<typeof startChild>[3]) {
  const child = startChild(name, command, [...args], options);
  children.push(child);
  pidFile.add(name, child.process.pid);
  return child;
}

/** The ports this run will listen on, checked before anything starts. */
function portNeeds(): PortNeed[] {
  const needs: PortNeed[] = [
    { service: "web app", port: ports.web, variable: "WEB_PORT" },
    { service: "gateway", port: ports.gateway, variable: "GATEWAY_PORT" },
    ...subgraphs.map((s) => ({
      service: `${s.name} subgraph`,
      port: ports[s.name],
      variable: `${s.name.toUpperCase()}_PORT`,
    })),
  ];
  if (!production)
    needs.push({ service: "supplier simulator", port: ports.supplierSim, variable: "SUPPLIER_SIM_PORT" });
  if (!process.env.DATABASE_URL) {
    needs.push({ service: "embedded database", port: portOf("EMBEDDED_DB_PORT", 54329), variable: "EMBEDDED_DB_PORT" });
  }
  return needs;
}

async function startEmbeddedDatabase(): Promise<string> {
  let ready: (url: string) => void;
  const url = new Promise<string>((resolve) => (ready = resolve));
  const [cmd, args] = node("packages/platform/src/bin/embedded-db.ts");
  const child = start("database", cmd, args, {
    env: process.env,
    onLine: (line) => line.startsWith("READY ") && ready(line.slice(6).trim()),
  });
  const exited = new Promise<never>((_, reject) =>
    child.process.once("exit", (code) => reject(new Error(`embedded database exited (${code})`))),
  );
  exited.catch(() => {}); // after READY, an exit is handled by the watcher in main()
  return Promise.race([url, exited]);
}

/**
 * The simulated supplier (development only) on SUPPLIER_SIM_PORT, with its
 * request-signing secret. Ready when it says it listens (a health check
 * could be answered by another process already on the port).
 */
async function startSupplierSimulator(): Promise<{ baseUrl: string; secret: string }> {
  const secret = loadSimulatorSecret(path.join(root, ".data"), process.env);
  let ready: () => void;
  const listening = new Promise<void>((resolve) => (ready = resolve));
  const [cmd, args] = node("supplier-simulator/src/main.ts");
  const child = start("supplier-sim", cmd, [...stopWithParent, ...args], {
    env: { ...process.env, SUPPLIER_SIM_PORT: String(ports.supplierSim), SUPPLIER_SIM_SECRET: secret },
    onLine: (line) => line.includes("supplier simulator listening") && ready(),
  });
  const exited = new Promise<never>((_, reject) =>
    child.process.once("exit", (code) =>
      reject(new Error(`the supplier simulator exited (${code}); is port ${ports.supplierSim} taken?`)),
    ),
  );
  exited.catch(() => {}); // after it listens, an exit is handled by the watcher in main()
  await Promise.race([listening, exited]);
  return { baseUrl: `http://127.0.0.1:${ports.supplierSim}`, secret };
}

async function main() {
  await pidFile.claim((message) => log.warn(message));
  await assertPortsFree(portNeeds());
  const secrets = loadSecrets(path.join(root, ".data"), process.env);
  const databaseUrl = process.env.DATABASE_URL ?? (await startEmbeddedDatabase());
  const applied = await migrate({ url: databaseUrl, log });
  log.info({ applied: applied.applied.length }, "migrations up to date");

  const simulator = production ? null : await startSupplierSimulator();
  if (!production && process.env.HUB_DEMO_SEED !== "off") {
    const db = createPrisma({ url: databaseUrl, poolSize: 2 });
    const codeKeys = { masterKeys: secrets.CATALOG_CODE_KEYS, fingerprintKey: secrets.CATALOG_CODE_FINGERPRINT_KEY };
    log.info(`demo data ${await seedDemo(db, { NODE_ENV: process.env.NODE_ENV, codeKeys, history: true })}`);
    // The demo supplier holds the simulator's secret, sealed with the catalog's own key ring.
    const keyRing = CodeKeyRing.fromConfig(codeKeys);
    log.info(`demo supplier ${await connectDemoSupplier(db, { keyRing, ...simulator! })}`);
    await db.$disconnect();
  }
  ensureWebBuild();

  const env = servicesEnv(process.env, { databaseUrl, secrets, ports: ports as ServicePorts });
  await Promise.all(
    subgraphs.map(async (s) => {
      const child = start(s.name, ...node(serviceEntry(s.name)), { env });
      await waitForHttp(`http://127.0.0.1:${ports[s.name]}/health`, child);
    }),
  );
  const gateway = start("gateway", ...node(serviceEntry("gateway")), { env });
  await waitForHttp(`http://127.0.0.1:${ports.gateway}/health`, gateway);

  // web/server.mjs: Next.js behind a front that sets the client's address itself (never the browser's header).
  const webServer = path.join(webDir, "server.mjs");
  const web = start(
    "web",
    process.execPath,
    [...stopWithParent, webServer, "-p", String(ports.web), "-H", "127.0.0.1"],
    {
      env: { ...process.env, GATEWAY_URL: `http://127.0.0.1:${ports.gateway}/graphql`, NEXT_TELEMETRY_DISABLED: "1" },
      cwd: webDir,
    },
  );
  await waitForHttp(`http://127.0.0.1:${ports.web}/`, web);

  for (const child of children) {
    child.process.once("exit", (code) => {
      if (stopping) return;
      log.error({ service: child.name, code }, "a service stopped unexpectedly; stopping the hub");
      void shutdown(1);
    });
  }
  const supplierLine = production ? "" : `\n    supplier    http://127.0.0.1:${ports.supplierSim}   (simulator)`;
  const logins = [
    ...demoTenants.flatMap((t) => t.members.map((m) => `${m.email} (${m.role})`)),
    `${platformTenant.operator.email} (PLATFORM_OPERATOR)`,
  ];
  console.log(`
  Benefits Hub is running   (Ctrl-C stops it)
    mall        http://127.0.0.1:${ports.web}/
    admin       http://127.0.0.1:${ports.web}/admin
    gateway     http://127.0.0.1:${ports.gateway}/graphql   (HTTP and graphql-ws)
    subgraphs   ${subgraphs.map((s) => `${s.name} :${ports[s.name]}`).join(", ")}${supplierLine}
    database    ${process.env.DATABASE_URL ? "DATABASE_URL" : `embedded PGlite in ${process.env.EMBEDDED_DB_DIR ?? ".data/pglite"}`}
  ${production || process.env.HUB_DEMO_SEED === "off" ? "" : `demo logins (password "${DEMO_PASSWORD}"):\n    ${logins.join("\n    ")}\n  demo partner key: Authorization: ApiKey ${demoApiKey()}`}
`);
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  // The database goes last, after everything that uses it.
  for (const child of [...children].reverse()) await child.stop();
  pidFile.remove(); // every child has exited (stop() waits for it)
  process.exit(code);
}

process.once("SIGINT", () => void shutdown(0));
process.once("SIGTERM", () => void shutdown(0));
process.once("SIGHUP", () => void shutdown(0)); // the terminal closed
// Started by a process that has died (npm or tsx killed): stop rather than run on unattended.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid === parentPid) return;
  log.warn({ parentPid }, "the process that started the hub is gone; stopping");
  void shutdown(1);
}, 1_000).unref();
main().catch(async (error: unknown) => {
  log.fatal(`the hub could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
});
