// Benchmark: browsing the shelf (issue 4: "browse query throughput and p99 through the gateway; SQL queries per
// request for pages of 10 and 100").
//
//   1  throughput  `shelf(filter, sort, first: 20, after)` as the demo member, cycling through 7 pages (filters by
//                  category, brands, price range and fulfilment kinds, Chinese and English keywords, every sort,
//                  a second page by cursor), on the demo tenant's shelf topped up to more than 120 benefits:
//                    gateway  POST gateway /graphql with the member's Bearer token
//                    direct   the same requests straight to the catalog subgraph, with the signed identity the gateway
//                             would send (the baseline: ratio gateway / direct = what the gateway adds)
//                  in alternating rounds (gateway first, then direct first, ...); each run a discarded warm-up, then
//                  the measured run.
//   2  SQL         statements per request, counted by a catalog subgraph started on the same database with a Prisma
//                  client whose onQuery counts them: pages of 10 and of 100 (with brands, categories and their
//                  parents, offers, SKUs, stock and validity), and each page of part 1 (first: 20).
//   3  per page    each page of part 1 alone, one request at a time (no queueing), through the gateway and directly:
//                  p50 and p99 per page, which says which filter or sort costs what.
//
// The hub (its own database, the demo seed, four subgraphs, the gateway, the counting catalog) runs in a child
// process (bench/browse-hub-process.ts); autocannon runs here, so the load generator never shares an event loop
// with the servers, though it does share the machine's cores.
//
//   npm run bench:browse -w @benefits-hub/bench
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm run bench:browse -w @benefits-hub/bench
//   knobs: BENCH_DURATION (10) BENCH_WARMUP (2) BENCH_CONNECTIONS (20) BENCH_ROUNDS (2) BENCH_STATEMENT_SAMPLES (5)
//          BENCH_SEQUENTIAL (20 requests per page and side in part 3)
//          BENCH_SHELF_BENEFITS (150 synthetic benefits added to the demo shelf) BENCH_PROFILE (V8 CPU profile of the hub)
import os from "node:os";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { IDENTITY_HEADER, internalTokenCodec, type Identity } from "@benefits-hub/platform";
import type { BrowseChildMessage, BrowseHubReady, BrowseHubStats, BrowseParentMessage } from "./browse-hub-process";
import { Child } from "./child";
import {
  busyCores,
  fmt,
  log,
  machine as describeMachine,
  machineCpu,
  positiveInt,
  redact,
  round,
  table,
  writeResults,
  loadOutcome,
} from "./report";

// ---------------------------------------------------------------- settings

const settings = {
  durationSeconds: positiveInt("BENCH_DURATION", 10),
  warmupSeconds: positiveInt("BENCH_WARMUP", 2),
  connections: positiveInt("BENCH_CONNECTIONS", 20),
  rounds: positiveInt("BENCH_ROUNDS", 2),
  /** Part 2: counted requests per page (after one uncounted request that warms the caches). */
  statementSamples: positiveInt("BENCH_STATEMENT_SAMPLES", 5),
  /** Part 3: one-at-a-time requests per page and side (after 3 uncounted). */
  sequential: positiveInt("BENCH_SEQUENTIAL", 20),
  shelfBenefits: Number(process.env.BENCH_SHELF_BENEFITS ?? 150),
  pageSize: 20,
  /** Per-request timeout (s): a request slower than this counts as an error. */
  timeoutSeconds: 10,
};
/** Signed identities live 60 s; the direct runs re-sign well before that. */
const IDENTITY_REFRESH_MS = 20_000;

/** Part 1: what a member's shelf page shows. */
const BROWSE_QUERY = `query Browse($filter: ShelfFilter, $sort: ShelfSort, $first: Int, $after: String) {
  shelf(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { fromPriceFen
      benefit { id name nameEn brand { name nameEn } category { name nameEn } }
      offers { id priceFen sku { name nameEn faceValueFen fulfilmentKind inStock } } } } } }`;

/** Part 2: as subgraphs/catalog/test/shelf/shelf-queries.test.ts, every batch the page can need. */
const PAGE_QUERY = `query Page($filter: ShelfFilter, $sort: ShelfSort, $first: Int) {
  shelf(filter: $filter, sort: $sort, first: $first) { totalCount edges { node {
  fromPriceFen benefit { name nameEn brand { name } category { name parent { name } } }
  offers { priceFen sku { name faceValueFen stock inStock validity { kind validDays } benefit { slug } } } } } } }`;

interface Page {
  name: string;
  variables: Record<string, unknown>;
}

function browsePages(ready: BrowseHubReady, secondPageCursor: string): Page[] {
  const first = settings.pageSize;
  return [
    { name: "recommended", variables: { sort: "RECOMMENDED", first } },
    { name: "recommended, page 2 (cursor)", variables: { sort: "RECOMMENDED", first, after: secondPageCursor } },
    {
      name: "category 影音娱乐 (and below), price ascending",
      variables: { filter: { categoryId: ready.ids.entertainmentCategoryId }, sort: "PRICE_ASC", first },
    },
    {
      name: "brands Starbucks + Luckin, newest",
      variables: { filter: { brandIds: ready.ids.coffeeBrandIds }, sort: "NEWEST", first },
    },
    {
      name: "10-100 yuan, card codes and top-ups, by name",
      variables: {
        filter: { minPriceFen: 1000, maxPriceFen: 10000, fulfilmentKinds: ["CARD_CODE", "DIRECT_TOPUP"] },
        sort: "NAME",
        first,
      },
    },
    { name: "keyword 咖啡, price descending", variables: { filter: { keyword: "咖啡" }, sort: "PRICE_DESC", first } },
    {
      name: "keyword 'voucher', price ascending",
      variables: { filter: { keyword: "voucher" }, sort: "PRICE_ASC", first },
    },
  ];
}

const statementPages: Page[] = [
  { name: "whole shelf, price ascending", variables: { sort: "PRICE_ASC" } },
  {
    name: "card codes and top-ups from 5 yuan, by name",
    variables: { filter: { fulfilmentKinds: ["CARD_CODE", "DIRECT_TOPUP"], minPriceFen: 500 }, sort: "NAME" },
  },
];

// ---------------------------------------------------------------- requests

type Hub = Child<BrowseParentMessage, BrowseChildMessage>;
type Codec = ReturnType<typeof internalTokenCodec>;

interface Target {
  url: string;
  /** Bearer token (through the gateway), or an identity to sign into x-hub-identity (straight to the subgraph). */
  token?: string;
  identity?: Identity;
}

async function headersFor(target: Target, codec: Codec): Promise<Record<string, string>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  if (target.identity) headers[IDENTITY_HEADER] = await codec.sign(target.identity);
  return headers;
}

interface ShelfAnswer {
  data?: { shelf: { totalCount: number; pageInfo?: { endCursor: string | null }; edges: unknown[] } } | null;
  errors?: unknown[];
}

async function post(
  target: Target,
  codec: Codec,
  query: string,
  variables: object,
): Promise<ShelfAnswer & { text: string }> {
  const response = await fetch(target.url, {
    method: "POST",
    headers: await headersFor(target, codec),
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: ShelfAnswer = {};
  try {
    body = JSON.parse(text) as ShelfAnswer;
  } catch {
    /* reported below */
  }
  if (response.status !== 200 || body.errors || !body.data?.shelf) {
    throw new Error(`HTTP ${response.status} from ${target.url}: ${text.slice(0, 500)}`);
  }
  return { ...body, text };
}

// ---------------------------------------------------------------- part 1: throughput

interface Measured {
  rps: number;
  requests: number;
  latencyMs: { p50: number; p97_5: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  statusCodes: Record<string, number>;
  hub: { cpuCores: number; eventLoopUtilisation: number; cpuMsPerRequest: number };
  loadGeneratorCpuCores: number;
  machineCpuCores: number | null;
  loadAverage1m: number;
  /** The run's window on the hub process's hrtime clock (µs), to cut a BENCH_PROFILE profile. */
  hubWindowUs: [number, number];
}

const failures = (m: Pick<Measured, "errors" | "timeouts" | "non2xx" | "mismatches">) =>
  m.errors + m.timeouts + m.non2xx + m.mismatches;

/** One autocannon run; each connection cycles through the pages in order. */
async function runOnce(target: Target, pages: Page[], seconds: number, codec: Codec): Promise<autocannon.Result> {
  let headers = await headersFor(target, codec);
  const refresh = target.identity
    ? setInterval(async () => {
        headers = await headersFor(target, codec);
      }, IDENTITY_REFRESH_MS)
    : undefined;
  try {
    return await autocannon({
      url: target.url,
      method: "POST",
      headers,
      connections: settings.connections,
      duration: seconds,
      timeout: settings.timeoutSeconds,
      requests: pages.map((page) => ({
        method: "POST",
        body: JSON.stringify({ query: BROWSE_QUERY, variables: page.variables }),
        // The current headers (a re-signed identity after IDENTITY_REFRESH_MS), at each request.
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...headers } }),
      })),
      // HTTP 200 with `errors`, or an empty page, is a failure too: counted as a mismatch.
      verifyBody: (body) =>
        body.startsWith(`{"data":{"shelf":{"totalCount":`) && body.includes(`"edges":[{`) && !body.includes(`"errors"`),
    });
  } finally {
    if (refresh) clearInterval(refresh);
  }
}

async function measure(name: string, target: Target, pages: Page[], hub: Hub, codec: Codec): Promise<Measured> {
  log(`${name}: warm-up ${settings.warmupSeconds} s ...`);
  const warm = await runOnce(target, pages, settings.warmupSeconds, codec);
  if (failures(warm) > 0) log(`${name}: WARNING warm-up had ${failures(warm)} failures`);
  log(`${name}: measuring ${settings.durationSeconds} s x ${settings.connections} connections ...`);
  const before = (await hub.ask({ type: "stats" }, "stats")) as BrowseHubStats;
  const machineBefore = await machineCpu();
  const ownBefore = process.cpuUsage();
  const ownStart = performance.now();
  const result = await runOnce(target, pages, settings.durationSeconds, codec);
  const ownWallUs = (performance.now() - ownStart) * 1000;
  const own = process.cpuUsage(ownBefore);
  const machineAfter = await machineCpu();
  const after = (await hub.ask({ type: "stats" }, "stats")) as BrowseHubStats;
  const hubWallUs = (after.at - before.at) * 1000;
  const hubCpuUs = after.cpu.user + after.cpu.system - (before.cpu.user + before.cpu.system);
  const idle = after.elu.idle - before.elu.idle;
  const active = after.elu.active - before.elu.active;
  const measured: Measured = {
    rps: result.requests.average,
    requests: result.requests.total,
    ...loadOutcome(result),
    hub: {
      cpuCores: round(hubCpuUs / hubWallUs, 2),
      eventLoopUtilisation: round(active / (active + idle), 2),
      cpuMsPerRequest: round(hubCpuUs / 1000 / Math.max(1, result.requests.total), 2),
    },
    loadGeneratorCpuCores: round((own.user + own.system) / ownWallUs, 2),
    machineCpuCores: busyCores(machineBefore, machineAfter),
    loadAverage1m: round(os.loadavg()[0]!, 2),
    hubWindowUs: [before.hrtimeUs, after.hrtimeUs],
  };
  log(
    `${name}: ${fmt(measured.rps)} rps, p50 ${measured.latencyMs.p50} ms, p99 ${measured.latencyMs.p99} ms, ` +
      `failures ${failures(measured)}`,
  );
  return measured;
}

// ---------------------------------------------------------------- part 2: SQL statements per request

interface StatementCount {
  page: string;
  first: number;
  edges: number;
  totalCount: number;
  /** Statements of each counted request. */
  counts: number[];
  min: number;
  median: number;
  max: number;
}

async function countStatements(
  hub: Hub,
  target: Target,
  codec: Codec,
  page: Page,
  query: string,
  first: number,
): Promise<StatementCount> {
  const variables = { ...page.variables, first };
  const warm = await post(target, codec, query, variables);
  const counts: number[] = [];
  for (let i = 0; i < settings.statementSamples; i++) {
    const before = await hub.ask({ type: "statements" }, "statements");
    const answer = await post(target, codec, query, variables);
    const after = await hub.ask({ type: "statements" }, "statements");
    if (answer.text !== warm.text) throw new Error(`${page.name}: the answer changed between requests`);
    counts.push(after.total - before.total);
  }
  const sorted = [...counts].sort((a, b) => a - b);
  const shelf = warm.data!.shelf;
  return {
    page: page.name,
    first,
    edges: shelf.edges.length,
    totalCount: shelf.totalCount,
    counts,
    min: sorted[0]!,
    median: sorted[Math.floor(sorted.length / 2)]!,
    max: sorted.at(-1)!,
  };
}

// ---------------------------------------------------------------- part 3: each page alone, one request at a time

interface Sequential {
  page: string;
  gateway: { p50: number; p99: number };
  direct: { p50: number; p99: number };
}

async function sequentialLatency(page: Page, gateway: Target, direct: Target, codec: Codec): Promise<Sequential> {
  const samples = { gateway: [] as number[], direct: [] as number[] };
  // Interleaved, so that load from elsewhere on the machine hits both sides alike, and the order alternates (work
  // the hub still does after answering one request delays the next one, whichever it is).
  for (let i = 0; i < settings.sequential + 3; i++) {
    for (const via of i % 2 === 0 ? (["gateway", "direct"] as const) : (["direct", "gateway"] as const)) {
      const started = performance.now();
      await post(via === "gateway" ? gateway : direct, codec, BROWSE_QUERY, page.variables);
      if (i >= 3) samples[via].push(performance.now() - started);
    }
  }
  const at = (list: number[], q: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!, 1);
  };
  return {
    page: page.name,
    gateway: { p50: at(samples.gateway, 0.5), p99: at(samples.gateway, 0.99) },
    direct: { p50: at(samples.direct, 0.5), p99: at(samples.direct, 0.99) },
  };
}

// ---------------------------------------------------------------- main

async function main() {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const database = databaseUrl ? `PostgreSQL (${redact(databaseUrl)})` : "embedded PGlite (in the hub process)";
  const machine = describeMachine();
  log(`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}`);
  log(`load average at start: ${machine.loadAverageAtStart.join(" ")}`);
  log(`database: ${database}; starting the hub in a child process ...`);

  const started = Date.now();
  const hub: Hub = Child.start("hub process", "./browse-hub-process.ts", {
    execArgv: process.env.BENCH_PROFILE
      ? ["--cpu-prof", `--cpu-prof-dir=${fileURLToPath(new URL("./results/profiles/", import.meta.url))}`]
      : [],
  });
  const stopHub = () => hub.stop({ type: "stop" }).catch(() => {});
  process.once("SIGINT", () => void stopHub().then(() => process.exit(130)));
  try {
    const ready = await hub.next("ready", 600_000);
    log(
      `hub up in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${ready.pid}); shelf of ${ready.shelf.tenant}: ` +
        `${ready.shelf.benefits} benefits, ${ready.shelf.offers} offers`,
    );
    if (ready.shelf.benefits < 120) throw new Error(`the shelf has ${ready.shelf.benefits} benefits; 120 at least`);
    const codec = internalTokenCodec(ready.internalSecret);
    const gateway: Target = { url: ready.gatewayUrl, token: ready.member.token };
    const direct: Target = { url: ready.catalogUrl, identity: ready.member.identity };
    const counting: Target = { url: ready.countingCatalogUrl, identity: ready.member.identity };

    // ---- the pages; through the gateway and directly they must be the very same answers
    const firstPage = await post(gateway, codec, BROWSE_QUERY, { sort: "RECOMMENDED", first: settings.pageSize });
    const cursor = firstPage.data!.shelf.pageInfo?.endCursor;
    if (!cursor) throw new Error("the first page has no end cursor");
    const pages = browsePages(ready, cursor);
    const preflight: { page: string; edges: number; totalCount: number; bytes: number }[] = [];
    for (const page of pages) {
      const viaGateway = await post(gateway, codec, BROWSE_QUERY, page.variables);
      const straight = await post(direct, codec, BROWSE_QUERY, page.variables);
      if (viaGateway.text !== straight.text) throw new Error(`${page.name}: gateway and direct answers differ`);
      const shelf = viaGateway.data!.shelf;
      if (shelf.edges.length === 0) throw new Error(`${page.name}: an empty page`);
      preflight.push({
        page: page.name,
        edges: shelf.edges.length,
        totalCount: shelf.totalCount,
        bytes: viaGateway.text.length,
      });
      log(`page "${page.name}": ${shelf.edges.length} of ${shelf.totalCount}, ${viaGateway.text.length} bytes`);
    }

    // ---- part 2 first (no load running): SQL statements per request
    log("SQL statements per request (counting catalog) ...");
    const statements: StatementCount[] = [];
    for (const page of statementPages) {
      for (const first of [10, 100])
        statements.push(await countStatements(hub, counting, codec, page, PAGE_QUERY, first));
    }
    const perPage: StatementCount[] = [];
    for (const page of pages) {
      perPage.push(await countStatements(hub, counting, codec, page, BROWSE_QUERY, settings.pageSize));
    }

    // ---- part 3 (also before the load): each page alone
    log(`per page, one request at a time: ${settings.sequential} per page and side ...`);
    const sequential: Sequential[] = [];
    for (const page of pages) sequential.push(await sequentialLatency(page, gateway, direct, codec));

    // ---- part 1: throughput, alternating which side goes first
    const runs: { name: string; via: "gateway" | "direct"; round: number; measured: Measured }[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      const order = round % 2 === 1 ? (["gateway", "direct"] as const) : (["direct", "gateway"] as const);
      for (const via of order) {
        const name = `${via} r${round}`;
        runs.push({
          name,
          via,
          round,
          measured: await measure(name, via === "gateway" ? gateway : direct, pages, hub, codec),
        });
      }
    }
    await stopHub();

    // ---- figures
    const mean = (via: "gateway" | "direct", pick: (m: Measured) => number) => {
      const own = runs.filter((r) => r.via === via);
      return own.reduce((sum, r) => sum + pick(r.measured), 0) / own.length;
    };
    const ratio = (pick: (m: Measured) => number) => round(mean("gateway", pick) / mean("direct", pick), 2);
    const ratios = {
      rps: ratio((m) => m.rps),
      p50: ratio((m) => m.latencyMs.p50),
      p97_5: ratio((m) => m.latencyMs.p97_5),
      p99: ratio((m) => m.latencyMs.p99),
      hubCpuMsPerRequest: ratio((m) => m.hub.cpuMsPerRequest),
      addedP50Ms: round(mean("gateway", (m) => m.latencyMs.p50) - mean("direct", (m) => m.latencyMs.p50), 1),
      addedCpuMsPerRequest: round(
        mean("gateway", (m) => m.hub.cpuMsPerRequest) - mean("direct", (m) => m.hub.cpuMsPerRequest),
        2,
      ),
    };
    const command =
      [
        `BENCH_DURATION=${settings.durationSeconds}`,
        `BENCH_WARMUP=${settings.warmupSeconds}`,
        `BENCH_CONNECTIONS=${settings.connections}`,
        `BENCH_ROUNDS=${settings.rounds}`,
        `BENCH_SEQUENTIAL=${settings.sequential}`,
        ...(settings.shelfBenefits !== 150 ? [`BENCH_SHELF_BENEFITS=${settings.shelfBenefits}`] : []),
        ...(databaseUrl ? [`TEST_DATABASE_URL=${redact(databaseUrl)}`] : []),
      ].join(" ") + " npm run bench:browse -w @benefits-hub/bench";

    const out: string[] = [];
    out.push("");
    out.push(`Shelf browse: ${new Date().toISOString()}`);
    out.push(
      `machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}`,
    );
    out.push(`database: ${database}`);
    out.push(
      `shelf: tenant ${ready.shelf.tenant}, ${ready.shelf.benefits} benefits (${ready.shelf.syntheticBenefits} synthetic ` +
        `added to the demo's), ${ready.shelf.offers} offers; as the demo member (${ready.member.email})`,
    );
    out.push(
      `load: autocannon, ${settings.connections} connections, ${settings.durationSeconds} s per run after a discarded ` +
        `${settings.warmupSeconds} s warm-up, ${settings.rounds} round(s) alternating which side goes first; every ` +
        `connection cycles through the ${pages.length} pages below (first: ${settings.pageSize})`,
    );
    out.push(
      `NOTE: the hub (gateway + 4 subgraphs + the counting catalog${databaseUrl ? "" : " + the embedded database"}) ` +
        `runs in ONE child process (one event loop); autocannon runs in this process. Both share the same ` +
        `${machine.cpus} cores${databaseUrl ? " with PostgreSQL" : ""}: absolute figures are for this setup only.`,
    );
    out.push("");
    out.push(
      table(
        ["page (first: 20)", "edges", "of", "bytes", "SQL statements"],
        pages.map((page, i) => [
          page.name,
          String(preflight[i]!.edges),
          String(preflight[i]!.totalCount),
          String(preflight[i]!.bytes),
          perPage[i]!.min === perPage[i]!.max ? String(perPage[i]!.min) : `${perPage[i]!.min}-${perPage[i]!.max}`,
        ]),
      ),
    );
    out.push("");
    out.push(
      table(
        [
          "run",
          "req/s",
          "p50 ms",
          "p97.5 ms",
          "p99 ms",
          "requests",
          "err/timeout/non2xx/bad body",
          "hub CPU ms/req",
          "hub CPU (cores)",
          "hub ELU",
          "autocannon CPU",
          "machine CPU",
          "load avg 1m",
        ],
        runs.map(({ name, measured: m }) => [
          name,
          fmt(m.rps),
          String(m.latencyMs.p50),
          String(m.latencyMs.p97_5),
          String(m.latencyMs.p99),
          String(m.requests),
          `${m.errors}/${m.timeouts}/${m.non2xx}/${m.mismatches}`,
          fmt(m.hub.cpuMsPerRequest, 2),
          fmt(m.hub.cpuCores, 2),
          fmt(m.hub.eventLoopUtilisation, 2),
          fmt(m.loadGeneratorCpuCores, 2),
          m.machineCpuCores === null ? "n/a" : fmt(m.machineCpuCores, 2),
          fmt(m.loadAverage1m, 2),
        ]),
      ),
    );
    out.push("");
    out.push(
      table(
        ["gateway / direct (means)", "req/s", "p50", "p97.5", "p99", "hub CPU/req", "added p50 ms", "added CPU ms/req"],
        [
          [
            "shelf pages as the member",
            `${fmt(ratios.rps, 2)}x`,
            `${fmt(ratios.p50, 2)}x`,
            `${fmt(ratios.p97_5, 2)}x`,
            `${fmt(ratios.p99, 2)}x`,
            `${fmt(ratios.hubCpuMsPerRequest, 2)}x`,
            fmt(ratios.addedP50Ms),
            fmt(ratios.addedCpuMsPerRequest, 2),
          ],
        ],
      ),
    );
    out.push("");
    out.push(
      `SQL statements per request (catalog only; the member's audience comes from membership over HTTP, cached), ` +
        `${settings.statementSamples} counted requests each after one uncounted:`,
    );
    out.push("");
    out.push(
      table(
        ["page", "first", "edges", "of", "statements min / median / max", "page of 100 / page of 10"],
        statements.map((s) => {
          const ten = statements.find((t) => t.page === s.page && t.first === 10)!;
          return [
            s.page,
            String(s.first),
            String(s.edges),
            String(s.totalCount),
            `${s.min} / ${s.median} / ${s.max}`,
            s.first === 100 ? `${fmt(s.median / ten.median, 2)}x` : "",
          ];
        }),
      ),
    );
    out.push("");
    out.push(
      `Each page alone, one request at a time (${settings.sequential} per page and side, interleaved in alternating ` +
        `order; ms measured ` +
        `here, so they include this process's fetch):`,
    );
    out.push("");
    out.push(
      table(
        ["page (first: 20)", "gateway p50", "gateway p99", "direct p50", "direct p99", "gateway / direct p50"],
        sequential.map((s) => [
          s.page,
          fmt(s.gateway.p50),
          fmt(s.gateway.p99),
          fmt(s.direct.p50),
          fmt(s.direct.p99),
          `${fmt(s.gateway.p50 / s.direct.p50, 2)}x`,
        ]),
      ),
    );
    out.push("");
    out.push(`reproduce: ${command}`);

    const failed = runs.filter((r) => failures(r.measured) > 0);
    const file = await writeResults("browse", {
      benchmark: "browse",
      at: new Date().toISOString(),
      ok: failed.length === 0,
      machine,
      database: databaseUrl ? { kind: "postgresql", url: redact(databaseUrl) } : { kind: "embedded" },
      settings,
      topology: "hub (gateway + subgraphs + counting catalog) in a child process; autocannon in the parent process",
      command,
      shelf: ready.shelf,
      queries: { browse: BROWSE_QUERY, statements: PAGE_QUERY },
      pages: pages.map((page, i) => ({ ...page, ...preflight[i], statements: perPage[i] })),
      statements,
      sequential,
      // `scenarios` as bench/profile-breakdown.ts reads them (BENCH_PROFILE=1).
      scenarios: runs,
      ratios,
    });
    out.push(`results: ${file}`);
    console.log(out.join("\n"));
    if (failed.length > 0) {
      const detail = failed.map(
        ({ name, measured: m }) =>
          `${name}: errors ${m.errors}, timeouts ${m.timeouts}, non-2xx ${m.non2xx} ${JSON.stringify(m.statusCodes)}, bad bodies ${m.mismatches}`,
      );
      console.error(
        `\nBENCHMARK FAILED: requests failed under load, the figures above are not valid.\n  ${detail.join("\n  ")}`,
      );
      process.exitCode = 1;
    }
  } finally {
    await stopHub();
  }
}

main().catch((error) => {
  console.error("\nBENCHMARK FAILED:", error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
