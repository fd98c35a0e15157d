// 10,000 random and malformed requests, generated from the composed schema by
// a seeded generator (test/support/fuzz-documents.ts), sent to a test hub's
// gateway as a visitor, a member and a tenant admin. None may get a 5xx, an
// HTML page or a stack trace; the gateway must still answer afterwards, and
// its heap after a full GC must come back near where it started.
// FUZZ_SEED=<n> replays another sequence; a failure prints the seed and request.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { Agent } from "undici";
import { SupergraphPlanner } from "../gateway/src/subscriptions/planner";
import { startTestHub, type TestHub } from "./support/hub";
import { FuzzDocuments, random, type FuzzRequest } from "./support/fuzz-documents";

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const WARM_UP = 300;
const CONCURRENCY = 8;
/** Heap the gateway may keep after the run: its bounded caches (parsed documents, query plans) fill with new documents. */
const HEAP_GROWTH_ALLOWED = 96 * 1024 * 1024;

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const heapAfterGc = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage();
};

const schema = new SupergraphPlanner(
  readFileSync(fileURLToPath(new URL("../schema/supergraph.graphql", import.meta.url)), "utf8"),
).apiGraphQLSchema;

const agent = new Agent({ connections: CONCURRENCY });
let hub: TestHub;
let callers: (string | undefined)[];
beforeAll(async () => {
  hub = await startTestHub();
  callers = [undefined, await hub.login(hub.demo.memberEmail), await hub.login(hub.demo.adminEmail)];
}, 120_000);
afterAll(async () => {
  await agent.close();
  await hub?.stop();
});

interface Outcome {
  status: number;
  problem?: string;
}

async function send(request: FuzzRequest, token: string | undefined): Promise<Outcome> {
  // undici's request rather than fetch: less client CPU, which shares the process with the hub.
  const response = await agent.request({
    origin: new URL(hub.gatewayUrl).origin,
    path: "/graphql",
    method: "POST",
    headers: {
      ...(request.contentType ? { "content-type": request.contentType } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: request.body,
  });
  const text = await response.body.text();
  const status = response.statusCode;
  const type = String(response.headers["content-type"] ?? "");
  if (status >= 500) return { status, problem: `HTTP ${status}: ${text.slice(0, 300)}` };
  if (!type.startsWith("application/json")) return { status, problem: `content-type ${type}` };
  if (/<html|stacktrace|\n\s+at /i.test(text)) return { status, problem: `leaks: ${text.slice(0, 300)}` };
  return { status };
}

async function run(documents: FuzzDocuments, count: number, offset: number) {
  const statuses = new Map<number, number>();
  const problems: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const index = offset + next++;
        const request = documents.next();
        const outcome = await send(request, callers[index % callers.length]);
        statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
        if (outcome.problem && problems.length < 5) {
          problems.push(
            `seed ${SEED} #${index} ${request.kind}: ${outcome.problem}\n  body: ${request.body.slice(0, 400)}`,
          );
        }
      }
    }),
  );
  return { statuses, problems };
}

test(`${REQUESTS} random and malformed requests: no 5xx, the gateway stays up, memory comes back`, async () => {
  const documents = new FuzzDocuments(schema, random(SEED));
  await run(documents, WARM_UP, 0);
  const before = heapAfterGc();
  const started = performance.now();
  const cpu = process.cpuUsage();

  const { statuses, problems } = await run(documents, REQUESTS, WARM_UP);

  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  const after = heapAfterGc();
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  console.log(
    `fuzz seed ${SEED}: ${REQUESTS} requests in ${seconds.toFixed(1)} s (${((user + system) / 1e6).toFixed(1)} s CPU); statuses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
      `heap ${mb(before.heapUsed)} -> ${mb(after.heapUsed)} MB, rss ${mb(before.rss)} -> ${mb(after.rss)} MB`,
  );
  expect(problems).toEqual([]);
  expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(REQUESTS);
  // Both answered and refused requests were exercised.
  expect(statuses.get(200)).toBeGreaterThan(REQUESTS / 10);
  expect(statuses.get(400)).toBeGreaterThan(REQUESTS / 10);

  // The gateway still serves, and its subgraphs are healthy.
  expect(await hub.request("{ __typename }")).toEqual({ data: { __typename: "Query" } });
  const health = await fetch(new URL("/health", hub.gatewayUrl));
  expect(health.status).toBe(200);
  expect(after.heapUsed - before.heapUsed).toBeLessThan(HEAP_GROWTH_ALLOWED);
}, 900_000);
