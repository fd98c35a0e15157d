// Membership and the gateway as separate processes, as `npm start` runs them:
// a key revoked in membership is refused by the gateway within a second, over
// HTTP and on an open websocket, through the default broker (LISTEN/NOTIFY on
// the hub's database; Redis with TEST_REDIS_URL). Without a broker between
// the processes the gateway's cache would keep the key for 30 s.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@benefits-hub/platform/testing/database";
import { seedDemo } from "../../prisma/seed/demo";
import { DEMO_PASSWORD } from "../../prisma/seed/demo-data";
import { testSecrets } from "../../test/support/secrets";
import { freePort } from "../../test/support/web";

const root = fileURLToPath(new URL("../..", import.meta.url));
const children: { child: ChildProcess; output: string[] }[] = [];
let database: TestDatabase;
let gatewayUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const secrets = testSecrets();
  const db = createPrisma({ url: database.url, poolSize: 2 });
  await seedDemo(db, { NODE_ENV: "test", codeKeys: secrets.codeKeys, campaigns: false });
  await db.$disconnect();
  const [membershipPort, gatewayPort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    DATABASE_URL: database.url,
    HUB_INTERNAL_SECRET: secrets.internalSecret,
    HUB_AUTH_SECRET: secrets.authSecret,
    MEMBERSHIP_PORT: String(membershipPort),
    GATEWAY_PORT: String(gatewayPort),
    MEMBERSHIP_URL: `http://127.0.0.1:${membershipPort}/graphql`,
  };
  delete env.REDIS_URL;
  if (process.env.TEST_REDIS_URL) env.REDIS_URL = process.env.TEST_REDIS_URL;
  // The gateway needs membership only once asked to check a key: both start at once.
  start("subgraphs/membership/src/main.ts", env);
  start("gateway/src/main.ts", env);
  gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
  await Promise.all([answering(`http://127.0.0.1:${membershipPort}/health`), answering(gatewayUrl)]);
}, 300_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
  await database?.drop();
});

function start(entry: string, env: NodeJS.ProcessEnv): void {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, entry)], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) stream.on("data", (d: Buffer) => output.push(d.toString()));
  children.push({ child, output });
}

async function answering(url: string): Promise<void> {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    const exited = children.find(({ child }) => child.exitCode !== null);
    if (exited) throw new Error(`a service exited:\n${exited.output.join("")}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status > 0 && status < 500) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer:\n${children.map((c) => c.output.join("")).join("\n")}`);
}

async function gql(query: string, variables: object = {}, authorization?: string) {
  const response = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
}

test("a key revoked in membership is refused by the gateway process within a second, and its websocket closed", async () => {
  const login = await gql(
    `mutation ($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken } }`,
    {
      e: "admin@stellar.example",
      p: DEMO_PASSWORD,
    },
  );
  const admin = `Bearer ${login.data.login.accessToken}`;
  const created = (
    await gql(
      `mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id } } }`,
      { i: { name: "Till 4", permissions: ["CATALOG_READ"] } },
      admin,
    )
  ).data.createApiKey;
  const key = `ApiKey ${created.key}`;
  // The gateway now holds the key in its 30 s cache.
  expect((await gql(`{ currentPartner { apiKeyName } }`, {}, key)).data).toEqual({
    currentPartner: { apiKeyName: "Till 4" },
  });
  const socket = await openSocket(key);
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: String(reason), at: Date.now() })),
  );

  const revoked = await gql(
    `mutation ($id: ID!) { revokeApiKey(input: { id: $id }) { errors { code } } }`,
    { id: created.apiKey.id },
    admin,
  );
  expect(revoked.data.revokeApiKey.errors).toEqual([]);
  const revokedAt = Date.now();
  let refusedAt: number | null = null;
  while (Date.now() - revokedAt < 5_000) {
    const answer = await gql(`{ currentPartner { apiKeyName } }`, {}, key);
    if (answer.errors?.[0]?.extensions?.code === "UNAUTHENTICATED") {
      refusedAt = Date.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(refusedAt).not.toBeNull();
  expect(refusedAt! - revokedAt).toBeLessThan(1_000);
  const close = await closed;
  expect({ code: close.code, reason: close.reason }).toEqual({ code: 4401, reason: "The API key was revoked" });
  expect(close.at - revokedAt).toBeLessThan(1_000);
});

/** A graphql-ws connection acknowledged for `authorization`. */
async function openSocket(authorization: string): Promise<WebSocket> {
  const socket = new WebSocket(gatewayUrl.replace(/^http/, "ws"), "graphql-transport-ws");
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => socket.send(JSON.stringify({ type: "connection_init", payload: { authorization } })));
    socket.on("message", (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === "connection_ack") resolve();
    });
    socket.once("close", (code) => reject(new Error(`refused: ${code}`)));
  });
  return socket;
}
