// The quick start's first command, end to end: `npm start`'s runner brings up
// the embedded database, migrations, demo data, four subgraphs, gateway and
// web; killed with SIGKILL, it leaves nothing running (every child stops by
// itself); a second start reuses the data; Ctrl-C stops everything.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../test/support/web";
import { startTimeOf } from "../hub/process-table";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), "hub-runner-"));
const pidFile = path.join(dataDir, "hub-processes.json");
let ports: Record<string, number>;

beforeAll(async () => {
  ports = {};
  for (const name of [
    "WEB",
    "GATEWAY",
    "CATALOG",
    "MEMBERSHIP",
    "ENTITLEMENTS",
    "ANALYTICS",
    "EMBEDDED_DB",
    "SUPPLIER_SIM",
  ]) {
    ports[name] = await freePort();
  }
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startHub(): { child: ChildProcess; output: () => string; running: Promise<void> } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EMBEDDED_DB_DIR: path.join(dataDir, "pglite"),
    HUB_PID_FILE: pidFile,
    LOG_LEVEL: "info",
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  for (const [name, port] of Object.entries(ports)) env[`${name}_PORT`] = String(port);
  // The runner keeps its secrets beside the data; this test's copy stays in the temp dir.
  env.HUB_INTERNAL_SECRET = "runner-test-internal-secret-0123456789abcdef";
  env.HUB_AUTH_SECRET = "runner-test-auth-secret-0123456789abcdefghij";
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/hub.ts")], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const running = new Promise<void>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      if (output.includes("Benefits Hub is running")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`hub exited (${code}) before it was running:\n${output}`)));
  });
  return { child, output: () => output, running };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGINT");
  return exited;
}

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

test("npm start runs the whole hub; after a SIGKILL nothing of it runs and it starts again with its data; Ctrl-C stops it cleanly", async () => {
  const first = startHub();
  await first.running;
  const gateway = `http://127.0.0.1:${ports.GATEWAY}`;
  const health = await (await fetch(`${gateway}/health`)).json();
  expect(health).toEqual({
    status: "ok",
    subgraphs: { catalog: "ok", membership: "ok", entitlements: "ok", analytics: "ok" },
  });
  const page = await fetch(`http://127.0.0.1:${ports.WEB}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Sign in to see your benefits");
  const graphql = (query: string, token?: string) =>
    fetch(`${gateway}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    }).then((r) => r.json() as Promise<any>);
  const login = await graphql(`
    mutation {
      login(input: { email: "member@stellar.example", password: "benefits-demo" }) {
        accessToken
      }
    }
  `);
  const shelf = await graphql(
    `
      {
        shelf(first: 100) {
          edges {
            node {
              benefit {
                nameEn
              }
            }
          }
        }
      }
    `,
    login.data.login.accessToken,
  );
  expect(JSON.stringify(shelf.data)).toContain("Starbucks latte voucher");
  expect(first.output()).toContain("demo data seeded");

  // Killed as an OOM killer would: the hub cannot stop anything, its children notice and stop by themselves.
  const recorded = JSON.parse(readFileSync(pidFile, "utf8")) as {
    hub: { pid: number };
    children: { name: string; pid: number; startTime: string }[];
  };
  expect(recorded.hub.pid).toBe(first.child.pid);
  expect(recorded.children.map((c) => c.name).sort()).toEqual(
    ["analytics", "catalog", "database", "entitlements", "gateway", "membership", "supplier-sim", "web"].sort(),
  );
  const killed = new Promise((resolve) => first.child.once("exit", resolve));
  first.child.kill("SIGKILL");
  await killed;
  const running = () => recorded.children.filter((c) => startTimeOf(c.pid) === c.startTime).map((c) => c.name);
  // A few seconds on an idle machine; generous here, as the machine may be busy.
  await until(() => running().length === 0, 30_000);
  expect(running()).toEqual([]);
  for (const port of Object.values(ports)) expect(await portIsFree(port)).toBe(true);

  const second = startHub();
  await second.running;
  expect(second.output()).toContain("demo data present");
  expect(second.output()).not.toContain("applying migration");
  expect(await stop(second.child)).toBe(0);
  for (const port of Object.values(ports)) expect(await portIsFree(port)).toBe(true);
  expect(existsSync(pidFile)).toBe(false);
}, 240_000);
