// Benchmark: a flash sale (issue 5: "N concurrent clients claiming through the gateway from a stock S; claims per
// second, p50 and p99, oversold count (must be 0), and, in the same run, the raw throughput of a guarded stock
// decrement on the same database as the ceiling").
//
//   1  ceiling     N concurrent `UPDATE entitlements.campaign SET issued_count = issued_count + 1 WHERE id = $1 AND
//                  issued_count < total_limit` on a scratch campaign row (stock S), each autocommitted, through the
//                  hub's own Prisma client (the pool of 20 every subgraph shares), in the hub process. Run before
//                  and after the sale; the ratio uses their mean.
//   2  the sale    as the demo tenant admin, through the gateway: createCampaign (CLAIM, everyone, totalLimit S,
//                  perMemberLimit 1, one item of a demo shelf SKU, budget from the tenant's root unit for the month
//                  of the start), transitionCampaign SCHEDULE, startsAt a few seconds ahead. N distinct members,
//                  each with its own keep-alive connection to the gateway (opened and used once before the start),
//                  each send ONE claimCampaign with an idempotency key, all at the start time. Access tokens are
//                  minted in the hub process with the hub's auth secret, exactly as login signs them (2,000 scrypt
//                  logins would measure nothing of the sale).
//   3  the DB      campaign.issued_count, completed issuances, entitlements, distinct members, quotas, events and
//                  membership's budget reservations for the campaign must all equal the successes the clients were
//                  told, never above S.
//   4  retry       every member sends the very same request again (same key), all at once: a final first answer
//                  (OK or a recorded refusal such as SOLD_OUT) must come back unchanged and stock, quotas,
//                  entitlements and budget must not move; a first answer that was not final (IN_PROGRESS,
//                  UNAVAILABLE, lost) is settled by the retry's. The database is checked against the final answers.
//                  BENCH_RETRY=0 skips this (then any answer that was not final fails the run).
// Exit code 1 when oversold > 0, when the database's figures disagree, or when a retry changed anything.
//
//   npm run bench:flash-sale -w @benefits-hub/bench
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test TEST_REDIS_URL=redis://127.0.0.1:6379 \
//     npm run bench:flash-sale -w @benefits-hub/bench
//   knobs: BENCH_STOCK (500) BENCH_MEMBERS (2000) BENCH_SKU (office-gym-slot-1h) BENCH_COST_FEN (500)
//          BENCH_LEAD_SECONDS (3) BENCH_TIMEOUT (600 s per request) BENCH_RETRY (1)
//          BENCH_PROFILE (V8 CPU profile of the hub to bench/results/profiles/; split it with bench/profile-breakdown.ts)
import http from "node:http";
import os from "node:os";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { DbCheck, FlashChildMessage, FlashHubStats, FlashParentMessage, Prepared } from "./flash-sale-hub-process";
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
} from "./report";

// ---------------------------------------------------------------- settings

const settings = {
  stock: positiveInt("BENCH_STOCK", 500),
  members: positiveInt("BENCH_MEMBERS", 2000),
  skuSlug: process.env.BENCH_SKU || "office-gym-slot-1h",
  /** What one claim costs the budget (the demo gym slot's sale price is 0, which would make the budget check moot). */
  costFen: positiveInt("BENCH_COST_FEN", 500),
  leadSeconds: positiveInt("BENCH_LEAD_SECONDS", 3),
  timeoutSeconds: positiveInt("BENCH_TIMEOUT", 600),
  retry: process.env.BENCH_RETRY !== "0",
  /** Connections opened at once while warming the members' sockets. */
  warmConcurrency: 100,
};

type Hub = Child<FlashParentMessage, FlashChildMessage>;

// ---------------------------------------------------------------- HTTP: one keep-alive socket per member

interface Answer {
  status: number;
  body: string;
  /** ms from the request's own send to the end of its answer. */
  ms: number;
  /** When it was sent and answered, ms on this process's performance clock. */
  sentAt: number;
  doneAt: number;
  networkError?: string;
}

function post(
  url: URL,
  agent: http.Agent,
  token: string | undefined,
  payload: object,
  timeoutMs: number,
): Promise<Answer> {
  const body = JSON.stringify(payload);
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const done = (status: number, text: string, networkError?: string) => {
      const doneAt = performance.now();
      resolve({ status, body: text, ms: doneAt - sentAt, sentAt, doneAt, networkError });
    };
    const request = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => done(response.statusCode ?? 0, Buffer.concat(chunks).toString("utf8")));
        response.on("error", (error) => done(response.statusCode ?? 0, "", error.message));
      },
    );
    request.on("timeout", () => request.destroy(new Error("TIMEOUT")));
    request.on("error", (error: NodeJS.ErrnoException) => done(0, "", error.code ?? error.message));
    request.end(body);
  });
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string }[];
}

async function graphql<T>(url: URL, agent: http.Agent, token: string, query: string, variables: object): Promise<T> {
  const answer = await post(url, agent, token, { query, variables }, 60_000);
  let parsed: GraphQLAnswer<T> = {};
  try {
    parsed = JSON.parse(answer.body) as GraphQLAnswer<T>;
  } catch {
    /* reported below */
  }
  if (answer.status !== 200 || parsed.errors || !parsed.data) {
    throw new Error(`HTTP ${answer.status} ${answer.networkError ?? ""}: ${answer.body.slice(0, 500)}`);
  }
  return parsed.data;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function pooled<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return results;
}

// ---------------------------------------------------------------- the sale

const CREATE_CAMPAIGN = `mutation Create($input: CreateCampaignInput!) {
  createCampaign(input: $input) {
    campaign { id state startsAt totalLimit perMemberLimit budgetPeriod items { id costFen fulfilmentKind } }
    errors { code message field } } }`;
const TRANSITION = `mutation Transition($id: ID!, $transition: CampaignTransition!) {
  transitionCampaign(id: $id, transition: $transition) { campaign { id state } errors { code message } } }`;
const CLAIM = `mutation Claim($input: ClaimCampaignInput!) {
  claimCampaign(input: $input) { entitlement { id state } errors { code message } } }`;
const CAMPAIGN = `query Campaign($id: ID!) { campaign(id: $id) { id state issuedCount remaining totalLimit } }`;

interface ClaimAnswer {
  data?: {
    claimCampaign: { entitlement: { id: string; state: string } | null; errors: { code: string; message: string }[] };
  } | null;
  errors?: { message: string }[];
}

/** What one claim came to: "OK", an error code of the payload, or what went wrong on the way. */
interface Outcome {
  member: number;
  outcome: string;
  entitlementId: string | null;
  ms: number;
  sentAt: number;
  doneAt: number;
}

function classify(member: number, answer: Answer): Outcome {
  const base = { member, ms: answer.ms, sentAt: answer.sentAt, doneAt: answer.doneAt, entitlementId: null };
  if (answer.networkError) return { ...base, outcome: `NETWORK ${answer.networkError}` };
  if (answer.status !== 200) return { ...base, outcome: `HTTP ${answer.status}` };
  let parsed: ClaimAnswer;
  try {
    parsed = JSON.parse(answer.body) as ClaimAnswer;
  } catch {
    return { ...base, outcome: "BAD BODY" };
  }
  if (parsed.errors?.length) return { ...base, outcome: `GRAPHQL ${parsed.errors[0]!.message.slice(0, 60)}` };
  const payload = parsed.data?.claimCampaign;
  if (!payload) return { ...base, outcome: "BAD BODY" };
  if (payload.errors.length > 0) return { ...base, outcome: payload.errors[0]!.code };
  if (!payload.entitlement) return { ...base, outcome: "NO ENTITLEMENT" };
  return { ...base, outcome: "OK", entitlementId: payload.entitlement.id };
}

const percentile = (sorted: number[], q: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

function latencies(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 0.5), 1),
    p99: round(percentile(sorted, 0.99), 1),
    max: round(sorted.at(-1) ?? 0, 1),
  };
}

/** Member i's claim: the same request every time it is sent (a device of its own, one region). */
const claimVariables = (campaignId: string, key: string, i: number) => ({
  input: { campaignId, idempotencyKey: key, risk: { deviceId: `bench-device-${i}`, region: "CN-11" } },
});

/** All members' claims at once, each on its own connection; the answers in member order. */
async function burst(url: URL, agents: http.Agent[], prepared: Prepared, campaignId: string, keys: string[]) {
  const timeoutMs = settings.timeoutSeconds * 1000;
  const started = performance.now();
  const pending = prepared.members.map((m, i) =>
    post(
      url,
      agents[i]!,
      m.token,
      {
        query: CLAIM,
        variables: claimVariables(campaignId, keys[i]!, i),
      },
      timeoutMs,
    ).then((answer) => classify(i, answer)),
  );
  const sendSpreadMs = performance.now() - started;
  const outcomes = await Promise.all(pending);
  const wallMs = Math.max(...outcomes.map((o) => o.doneAt)) - started;
  return { outcomes, wallMs, sendSpreadMs, started };
}

function summarise(outcomes: Outcome[], wallMs: number, started: number, stock: number) {
  const byOutcome: Record<string, number> = {};
  /** When each kind of answer arrived, first and last, in ms since the first claim was sent. */
  const answeredBetweenMs: Record<string, [number, number]> = {};
  for (const o of outcomes) {
    byOutcome[o.outcome] = (byOutcome[o.outcome] ?? 0) + 1;
    const at = round(o.doneAt - started, 0);
    const span = answeredBetweenMs[o.outcome];
    answeredBetweenMs[o.outcome] = span ? [Math.min(span[0], at), Math.max(span[1], at)] : [at, at];
  }
  const ok = outcomes.filter((o) => o.outcome === "OK");
  const soldOut = byOutcome.SOLD_OUT ?? 0;
  const lastSuccessMs = ok.length ? Math.max(...ok.map((o) => o.doneAt)) - started : 0;
  return {
    attempts: outcomes.length,
    successes: ok.length,
    soldOut,
    other: outcomes.length - ok.length - soldOut,
    byOutcome,
    answeredBetweenMs,
    oversold: Math.max(0, ok.length - stock),
    distinctSuccessMembers: new Set(ok.map((o) => o.member)).size,
    wallMs: round(wallMs, 1),
    claimsPerSecond: round(outcomes.length / (wallMs / 1000), 1),
    /** Stock given out per second, up to the last successful answer. */
    successesPerSecond: lastSuccessMs > 0 ? round(ok.length / (lastSuccessMs / 1000), 1) : 0,
    lastSuccessMs: round(lastSuccessMs, 1),
    latencyMs: {
      all: latencies(outcomes.map((o) => o.ms)),
      ok: latencies(ok.map((o) => o.ms)),
      soldOut: latencies(outcomes.filter((o) => o.outcome === "SOLD_OUT").map((o) => o.ms)),
    },
  };
}

/** Answers a retry with the same key must repeat: a success, or a refusal the issuance recorded. */
const FINAL_REFUSALS = new Set([
  "SOLD_OUT",
  "PER_MEMBER_LIMIT",
  "CAMPAIGN_NOT_LIVE",
  "NOT_ELIGIBLE",
  "INSUFFICIENT_BUDGET",
  "IDEMPOTENCY_CONFLICT",
  "RISK_DENIED",
  "RISK_CHALLENGE",
  "RISK_REVIEW",
  "NOT_FOUND",
  "INVALID_INPUT",
]);
const settled = (o: Outcome) => o.outcome === "OK" || FINAL_REFUSALS.has(o.outcome);

/** What a retry must not move: stock, quotas, entitlements, money (refusals recorded anew may add FAILED rows). */
const stockFigures = (c: DbCheck) => ({
  campaign: c.campaign,
  completed: c.issuances.COMPLETED ?? 0,
  entitlements: c.entitlements,
  distinctMembers: c.distinctMembers,
  quota: c.quota,
  reservations: c.reservations,
  budget: c.budget,
});

/** Every figure the database keeps of the sale must equal the successes; none above the stock. */
function agreement(check: DbCheck, successes: number, stock: number, costFen: number, reservedBefore: number) {
  const held = check.reservations.HELD ?? { count: 0, amountFen: 0 };
  const allReservations = Object.values(check.reservations).reduce((s, r) => s + r.count, 0);
  const figures: [string, number, number][] = [
    ["campaign.issued_count", check.campaign.issuedCount, successes],
    ["issuances COMPLETED", check.issuances.COMPLETED ?? 0, successes],
    ["issuances PENDING (left over)", check.issuances.PENDING ?? 0, 0],
    ["entitlements of the campaign", check.entitlements, successes],
    ["distinct members holding one", check.distinctMembers, successes],
    ["entitlements without an event", check.entitlementsWithoutEvent, 0],
    ["campaign_member: sum of issued", check.quota.sumIssued, successes],
    ["campaign_member: over the per-member limit", check.quota.membersOverLimit, 0],
    ["budget reservations HELD (count)", held.count, successes],
    ["budget reservations, all states", allReservations, successes],
    ["budget reserved for the campaign (fen)", held.amountFen, successes * costFen],
    ["root unit's reserved_fen, change", check.budget.reservedFen - reservedBefore, successes * costFen],
    ["HELD reservations no entitlement carries", check.reservationsWithoutEntitlement, 0],
  ];
  const rows = figures.map(([name, value, expected]) => ({ name, value, expected, ok: value === expected }));
  const overStock = check.campaign.issuedCount > stock || check.entitlements > stock;
  return { rows, ok: rows.every((r) => r.ok) && !overStock, overStock };
}

// ---------------------------------------------------------------- main

async function main() {
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const database = databaseUrl ? `PostgreSQL (${redact(databaseUrl)})` : "embedded PGlite (in the hub process)";
  const command =
    [
      `BENCH_STOCK=${settings.stock}`,
      `BENCH_MEMBERS=${settings.members}`,
      `BENCH_SKU=${settings.skuSlug}`,
      `BENCH_COST_FEN=${settings.costFen}`,
      `BENCH_LEAD_SECONDS=${settings.leadSeconds}`,
      `BENCH_RETRY=${settings.retry ? 1 : 0}`,
      ...(databaseUrl ? [`TEST_DATABASE_URL=${redact(databaseUrl)}`] : []),
      ...(process.env.TEST_REDIS_URL ? [`TEST_REDIS_URL=${redact(process.env.TEST_REDIS_URL)}`] : []),
    ].join(" ") + " npm run bench:flash-sale -w @benefits-hub/bench";
  const machine = describeMachine();
  log(`reproduce: ${command}`);
  log(`machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}`);
  log(`load average at start: ${machine.loadAverageAtStart.join(" ")}`);
  log(`database: ${database}; starting the hub in a child process ...`);
  if (settings.members < settings.stock) log(`NOTE: fewer members (${settings.members}) than stock: no sell-out`);

  const startedAt = Date.now();
  const hub: Hub = Child.start("hub process", "./flash-sale-hub-process.ts", {
    execArgv: process.env.BENCH_PROFILE
      ? ["--cpu-prof", `--cpu-prof-dir=${fileURLToPath(new URL("./results/profiles/", import.meta.url))}`]
      : [],
  });
  const stopHub = () => hub.stop({ type: "stop" }).catch(() => {});
  process.once("SIGINT", () => void stopHub().then(() => process.exit(130)));
  const agents: http.Agent[] = [];
  try {
    const ready = await hub.next("ready", 600_000);
    log(`hub up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (pid ${ready.pid})`);
    const gateway = new URL(ready.gatewayUrl);
    const admin = new http.Agent({ keepAlive: true, maxSockets: 4 });
    agents.push(admin);

    // The month the sale starts in is the budget period (the demo funds 2026-11 and 2026-12).
    const period = new Date(Date.now() + settings.leadSeconds * 1000 + 60_000).toISOString().slice(0, 7);
    log(`preparing ${settings.members} members (tokens minted in the hub process), SKU ${settings.skuSlug} ...`);
    const prepared = await hub.ask(
      {
        type: "prepare",
        members: settings.members,
        skuSlug: settings.skuSlug,
        budgetNeededFen: settings.stock * settings.costFen,
        period,
      },
      "prepared",
      600_000,
    );
    log(
      `members: ${prepared.membersExisting} of the tenant's + ${prepared.membersCreated} created; root budget ` +
        `${period}: available ${prepared.budget.availableFen} fen (funded ${prepared.budget.fundedFen} fen now)`,
    );
    const where = { tenantId: prepared.tenant.id, rootUnitId: prepared.rootUnitId, period };

    // ---- 1a: the ceiling, before the sale (after a discarded run of 200 that warms the pool and the code path)
    await hub.ask({ type: "ceiling", attempts: 200, stock: 100, ...where }, "ceiling", 600_000);
    log(`ceiling run 1: ${settings.members} concurrent guarded increments, stock ${settings.stock} ...`);
    const ceilingBefore = await hub.ask(
      { type: "ceiling", attempts: settings.members, stock: settings.stock, ...where },
      "ceiling",
      600_000,
    );
    log(`ceiling run 1: ${fmt(settings.members / (ceilingBefore.wallMs / 1000))} updates/s`);

    // ---- 2: one keep-alive connection per member, opened and used once (the gateway verifies each token)
    const openConnections = async () => {
      log(`opening ${settings.members} connections to the gateway, ${settings.warmConcurrency} at a time ...`);
      const fresh = prepared.members.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
      agents.push(...fresh);
      const warmStarted = performance.now();
      await pooled(prepared.members, settings.warmConcurrency, async (member, i) => {
        const data = await graphql<{ __typename: string }>(gateway, fresh[i]!, member.token, "{ __typename }", {});
        if (data.__typename !== "Query") throw new Error(`member ${i}: unexpected answer`);
      });
      log(`connections open in ${fmt((performance.now() - warmStarted) / 1000)} s`);
      return fresh;
    };
    let memberAgents = await openConnections();

    // The claim's query plan and code path, warmed with a claim on a campaign that does not exist.
    const warmAnswer = await post(
      gateway,
      memberAgents[0]!,
      prepared.members[0]!.token,
      { query: CLAIM, variables: { input: { campaignId: randomUUID(), idempotencyKey: `warm-${randomUUID()}` } } },
      60_000,
    );
    const warm = classify(-1, warmAnswer);
    if (warm.outcome !== "NOT_FOUND") {
      throw new Error(`warm-up claim on a missing campaign answered ${warm.outcome}: ${warmAnswer.body.slice(0, 500)}`);
    }

    const startsAt = new Date(Date.now() + settings.leadSeconds * 1000);
    const created = await graphql<{
      createCampaign: {
        campaign: { id: string; state: string; budgetPeriod: string; items: { costFen: number }[] } | null;
        errors: { code: string; message: string; field: string | null }[];
      };
    }>(gateway, admin, ready.admin.token, CREATE_CAMPAIGN, {
      input: {
        name: `限时抢购 flash sale (bench) ${startsAt.toISOString()}`,
        description: "bench/flash-sale.ts",
        channel: "CLAIM",
        audience: { everyone: true },
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        totalLimit: settings.stock,
        perMemberLimit: 1,
        budgetOrgUnitId: prepared.rootUnitId,
        budgetPeriod: period,
        items: [{ skuId: prepared.sku.id, costFen: settings.costFen }],
      },
    });
    const campaign = created.createCampaign.campaign;
    if (!campaign || created.createCampaign.errors.length > 0) {
      throw new Error(`createCampaign: ${JSON.stringify(created.createCampaign.errors)}`);
    }
    const scheduled = await graphql<{
      transitionCampaign: { campaign: { state: string } | null; errors: { code: string; message: string }[] };
    }>(gateway, admin, ready.admin.token, TRANSITION, { id: campaign.id, transition: "SCHEDULE" });
    if (
      scheduled.transitionCampaign.errors.length > 0 ||
      scheduled.transitionCampaign.campaign?.state !== "SCHEDULED"
    ) {
      throw new Error(`transitionCampaign SCHEDULE: ${JSON.stringify(scheduled.transitionCampaign)}`);
    }
    const budgetBefore = await hub.ask({ type: "budget", ...where }, "budget");
    log(`campaign ${campaign.id} SCHEDULED, starts ${startsAt.toISOString()}; waiting for the start ...`);
    // 20 ms past the start: the same clock on both sides, the margin only covers rounding to milliseconds.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAt.getTime() + 20 - Date.now())));

    const keys = prepared.members.map(() => `flash-${randomUUID()}`);
    const statsBefore = (await hub.ask({ type: "stats" }, "stats")) as FlashHubStats;
    const machineBefore = await machineCpu();
    const ownBefore = process.cpuUsage();
    log(`${settings.members} claims at once ...`);
    const sale = await burst(gateway, memberAgents, prepared, campaign.id, keys);
    const own = process.cpuUsage(ownBefore);
    const machineAfter = await machineCpu();
    const statsAfter = (await hub.ask({ type: "stats" }, "stats")) as FlashHubStats;
    const hubWallUs = (statsAfter.at - statsBefore.at) * 1000;
    const hubCpuUs = statsAfter.cpu.user + statsAfter.cpu.system - (statsBefore.cpu.user + statsBefore.cpu.system);
    const eluActive = statsAfter.elu.active - statsBefore.elu.active;
    const eluIdle = statsAfter.elu.idle - statsBefore.elu.idle;
    const load = {
      hubCpuCores: round(hubCpuUs / hubWallUs, 2),
      hubEventLoopUtilisation: round(eluActive / (eluActive + eluIdle), 2),
      hubCpuMsPerClaim: round(hubCpuUs / 1000 / settings.members, 2),
      clientCpuCores: round((own.user + own.system) / (sale.wallMs * 1000), 2),
      machineCpuCores: busyCores(machineBefore, machineAfter),
      loadAverage1m: round(os.loadavg()[0]!, 2),
    };
    const summary = summarise(sale.outcomes, sale.wallMs, sale.started, settings.stock);
    log(
      `sale: ${summary.successes} OK, ${summary.soldOut} SOLD_OUT, ${summary.other} other in ${fmt(summary.wallMs)} ms ` +
        `(${fmt(summary.claimsPerSecond)} claims/s)`,
    );

    // ---- 3: the database (after any PENDING issuance had its chance to finish)
    const settledCheck = async () => {
      let c = await hub.ask({ type: "check", campaignId: campaign.id, ...where }, "check", 120_000);
      for (let i = 0; i < 30 && (c.issuances.PENDING ?? 0) > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        c = await hub.ask({ type: "check", campaignId: campaign.id, ...where }, "check", 120_000);
      }
      return c;
    };
    const check = await settledCheck();
    const viaGraph = await graphql<{ campaign: { state: string; issuedCount: number; remaining: number | null } }>(
      gateway,
      admin,
      ready.admin.token,
      CAMPAIGN,
      { id: campaign.id },
    );
    const unsettled = sale.outcomes.filter((o) => !settled(o));

    // ---- 4: the same requests again, same keys: the first answers, nothing more
    let retry:
      | {
          summary: ReturnType<typeof summarise>;
          /** Retries sent again because they got no final answer. */
          resent: number;
          sameAnswer: number;
          /** Members whose first answer was final and whose retry got another one: not idempotent. */
          differentAnswer: { member: number; first: string; retry: string }[];
          /** Members whose first answer was not final (IN_PROGRESS, UNAVAILABLE, lost): what the retry said. */
          resolved: { member: number; first: string; retry: string }[];
          stockUnchanged: boolean;
          check: DbCheck;
        }
      | undefined;
    let finalOutcomes = sale.outcomes;
    let retryWindowUs: [number, number] | undefined;
    if (settings.retry) {
      // Fresh connections: the gateway closes keep-alive sockets idle for 65 s, and reusing one as it closes is a
      // reset that says nothing about the claim.
      for (const agent of memberAgents) agent.destroy();
      memberAgents = await openConnections();
      log(`retrying all ${settings.members} claims with the same keys ...`);
      const retryStatsBefore = (await hub.ask({ type: "stats" }, "stats")) as FlashHubStats;
      const again = await burst(gateway, memberAgents, prepared, campaign.id, keys);
      const retryStatsAfter = (await hub.ask({ type: "stats" }, "stats")) as FlashHubStats;
      retryWindowUs = [retryStatsBefore.hrtimeUs, retryStatsAfter.hrtimeUs];
      const retrySummary = summarise(again.outcomes, again.wallMs, again.started, settings.stock);
      // A retry that got no final answer (lost, 401, IN_PROGRESS) is sent again, one at a time per member, up to 3 times.
      let resent = 0;
      for (let round = 0; round < 3; round++) {
        const open = again.outcomes.flatMap((o, i) => (settled(o) ? [] : [i]));
        if (open.length === 0) break;
        resent += open.length;
        await pooled(open, settings.warmConcurrency, async (i) => {
          const m = prepared.members[i]!;
          const answer = await post(
            gateway,
            memberAgents[i]!,
            m.token,
            { query: CLAIM, variables: claimVariables(campaign.id, keys[i]!, i) },
            settings.timeoutSeconds * 1000,
          );
          again.outcomes[i] = classify(i, answer);
        });
      }
      const describe = (o: Outcome) => `${o.outcome} ${o.entitlementId ?? ""}`.trim();
      const pairs = again.outcomes.map((r, i) => ({ member: i, first: sale.outcomes[i]!, retry: r }));
      const changed = pairs.filter(
        ({ first, retry: r }) => first.outcome !== r.outcome || first.entitlementId !== r.entitlementId,
      );
      const show = ({ member, first, retry: r }: (typeof pairs)[number]) => ({
        member,
        first: describe(first),
        retry: describe(r),
      });
      const checkAgain = await settledCheck();
      retry = {
        summary: retrySummary,
        resent,
        sameAnswer: settings.members - changed.length,
        differentAnswer: changed.filter((p) => settled(p.first)).map(show),
        resolved: pairs.filter((p) => !settled(p.first)).map(show),
        stockUnchanged: JSON.stringify(stockFigures(checkAgain)) === JSON.stringify(stockFigures(check)),
        check: checkAgain,
      };
      finalOutcomes = pairs.map((p) => (settled(p.first) ? p.first : p.retry));
      log(
        `retry: ${retry.sameAnswer} same answers, ${retry.differentAnswer.length} different, ` +
          `${retry.resolved.length} first answers not final`,
      );
    }
    // What the clients were finally told (a first answer that was not final: the retry's), against the database
    // as it finally is.
    const finalSuccesses = finalOutcomes.filter((o) => o.outcome === "OK").length;
    const finalCheck = retry?.check ?? check;
    const agreed = agreement(finalCheck, finalSuccesses, settings.stock, settings.costFen, budgetBefore.reservedFen);
    const oversold = Math.max(0, finalSuccesses - settings.stock, finalCheck.entitlements - settings.stock);

    // ---- 1b: the ceiling again, after the sale
    log(`ceiling run 2 ...`);
    const ceilingAfter = await hub.ask(
      { type: "ceiling", attempts: settings.members, stock: settings.stock, ...where },
      "ceiling",
      600_000,
    );
    await stopHub();

    const ceilings = [ceilingBefore, ceilingAfter].map((c) => ({
      attempts: c.attempts,
      successes: c.successes,
      issuedCount: c.issuedCount,
      wallMs: round(c.wallMs, 1),
      updatesPerSecond: round(c.attempts / (c.wallMs / 1000), 1),
      latencyMs: latencies(c.latenciesMs),
    }));
    const ceilingMean = (ceilings[0]!.updatesPerSecond + ceilings[1]!.updatesPerSecond) / 2;
    const ratio = round(summary.claimsPerSecond / ceilingMean, 4);
    const ceilingOk = ceilings.every((c) => c.successes === Math.min(settings.stock, settings.members));
    // Stock may only move on a retry whose first attempt had no final answer.
    const retryOk = !retry || (retry.differentAnswer.length === 0 && (retry.stockUnchanged || unsettled.length > 0));
    const ok = oversold === 0 && agreed.ok && retryOk && ceilingOk && (settings.retry || unsettled.length === 0);

    // ---- the report
    const out: string[] = [];
    out.push("");
    out.push(`reproduce: ${command}`);
    out.push(`Flash sale: ${new Date().toISOString()}`);
    out.push(
      `machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
        `${machine.platform}; load average at start ${machine.loadAverageAtStart.join(" ")}`,
    );
    out.push(`database: ${database}${process.env.TEST_REDIS_URL ? ", Redis pub/sub" : ""}`);
    out.push(
      `sale: stock ${settings.stock}, ${settings.members} members (${prepared.membersExisting} of tenant ` +
        `${prepared.tenant.slug}, ${prepared.membersCreated} created), 1 claim each, per-member limit 1; SKU ` +
        `${prepared.sku.slug} (${prepared.sku.fulfilmentKind}, on the shelf: ${prepared.sku.onShelf}), cost ` +
        `${settings.costFen} fen from the root unit's ${period} budget; tokens minted, not logged in`,
    );
    out.push(
      `NOTE: the hub (gateway + 4 subgraphs${databaseUrl ? "" : " + the embedded database"}) runs in ONE child ` +
        `process; the ${settings.members} clients (one keep-alive connection each, opened beforehand) run in this ` +
        `process. Both share the ${machine.cpus} cores${databaseUrl ? " with PostgreSQL" : ""} and whatever else ` +
        `runs on the machine: absolute figures are for this setup only.`,
    );
    out.push("");
    out.push(
      table(
        ["run", "claims/s", "p50 ms", "p99 ms", "max ms", "wall ms", "OK", "SOLD_OUT", "other", "OVERSOLD"],
        [
          [
            "sale",
            fmt(summary.claimsPerSecond),
            fmt(summary.latencyMs.all.p50),
            fmt(summary.latencyMs.all.p99),
            fmt(summary.latencyMs.all.max),
            fmt(summary.wallMs),
            String(summary.successes),
            String(summary.soldOut),
            String(summary.other),
            String(oversold),
          ],
          ...(retry
            ? [
                [
                  "retry, same keys",
                  fmt(retry.summary.claimsPerSecond),
                  fmt(retry.summary.latencyMs.all.p50),
                  fmt(retry.summary.latencyMs.all.p99),
                  fmt(retry.summary.latencyMs.all.max),
                  fmt(retry.summary.wallMs),
                  String(retry.summary.successes),
                  String(retry.summary.soldOut),
                  String(retry.summary.other),
                  "",
                ],
              ]
            : []),
        ],
      ),
    );
    out.push("");
    out.push(
      `claims/s = answered claims / wall time (first sent to last answered); the ${settings.members} requests took ` +
        `${fmt(sale.sendSpreadMs)} ms to send. Stock given out: ${summary.successes} in ${fmt(summary.lastSuccessMs)} ms ` +
        `(${fmt(summary.successesPerSecond)} successful claims/s). Latency p50/p99 of OK ` +
        `${fmt(summary.latencyMs.ok.p50)}/${fmt(summary.latencyMs.ok.p99)} ms, of SOLD_OUT ` +
        `${fmt(summary.latencyMs.soldOut.p50)}/${fmt(summary.latencyMs.soldOut.p99)} ms.`,
    );
    out.push(
      `answered between (ms after the first was sent): ` +
        Object.entries(summary.answeredBetweenMs)
          .map(([kind, [from, to]]) => `${kind} ${from}-${to}`)
          .join(", "),
    );
    out.push(
      `outcomes: ${JSON.stringify(summary.byOutcome)}; not final (IN_PROGRESS, UNAVAILABLE, lost): ` +
        `${unsettled.length}; OVERSOLD = max(0, successes told to clients - stock, entitlements - stock)`,
    );
    out.push(
      `during the sale: hub CPU ${fmt(load.hubCpuCores, 2)} cores (${fmt(load.hubCpuMsPerClaim, 2)} ms per claim), ` +
        `hub ELU ${fmt(load.hubEventLoopUtilisation, 2)}, clients' CPU ${fmt(load.clientCpuCores, 2)} cores, machine ` +
        `${load.machineCpuCores === null ? "n/a" : fmt(load.machineCpuCores, 2)} busy cores, load avg 1m ` +
        `${fmt(load.loadAverage1m, 2)}`,
    );
    out.push("");
    out.push(
      table(
        [`database after the ${retry ? "retry" : "sale"}`, "value", "expected", ""],
        agreed.rows.map((r) => [r.name, String(r.value), String(r.expected), r.ok ? "ok" : "DISAGREES"]),
      ),
    );
    out.push(`issuances by state: ${JSON.stringify(finalCheck.issuances)}`);
    out.push(
      `through the graph: campaign ${viaGraph.campaign.state}, issuedCount ${viaGraph.campaign.issuedCount}, ` +
        `remaining ${viaGraph.campaign.remaining}`,
    );
    if (retry) {
      out.push(
        `retry with the same keys: ${retry.sameAnswer} of ${settings.members} got their first answer back; ` +
          `${retry.differentAnswer.length} final first answers changed; ${retry.resolved.length} first answers ` +
          `were not final (${retry.resent} retries sent again for want of a final answer); stock, quotas, ` +
          `entitlements and budget ${retry.stockUnchanged ? "unchanged" : "CHANGED"}`,
      );
      for (const d of retry.differentAnswer.slice(0, 5)) {
        out.push(`  CHANGED member ${d.member}: first ${d.first}, retry ${d.retry}`);
      }
      for (const d of retry.resolved.slice(0, 5))
        out.push(`  not final: member ${d.member}: first ${d.first}, retry ${d.retry}`);
    }
    out.push("");
    out.push(
      table(
        ["ceiling: guarded increment", "updates/s", "p50 ms", "p99 ms", "wall ms", "succeeded"],
        ceilings.map((c, i) => [
          i === 0 ? "before the sale" : "after the sale",
          fmt(c.updatesPerSecond),
          fmt(c.latencyMs.p50),
          fmt(c.latencyMs.p99),
          fmt(c.wallMs),
          `${c.successes} (issued_count ${c.issuedCount})`,
        ]),
      ),
    );
    out.push(
      `ceiling: ${settings.members} concurrent autocommitted UPDATEs on a scratch campaign row through the hub's ` +
        `Prisma client (pool of ${ready.poolSize}, shared by the subgraphs), in the hub process, while it was idle.`,
    );
    out.push("");
    out.push(
      `RATIO full stack / ceiling: ${fmt(summary.claimsPerSecond)} / ${fmt(ceilingMean)} = ${fmt(ratio, 4)} ` +
        `(${fmt(ceilingMean / summary.claimsPerSecond)} times slower)`,
    );
    out.push(
      `OVERSOLD: ${oversold}; database ${agreed.ok ? "consistent" : "INCONSISTENT"}` +
        (retry ? `; retries ${retryOk ? "idempotent" : "NOT idempotent"}` : ""),
    );

    const file = await writeResults("flash-sale", {
      benchmark: "flash-sale",
      at: new Date().toISOString(),
      ok,
      machine,
      database: databaseUrl ? { kind: "postgresql", url: redact(databaseUrl) } : { kind: "embedded" },
      redis: Boolean(process.env.TEST_REDIS_URL),
      settings,
      command,
      topology: "hub (gateway + subgraphs) in a child process; one keep-alive connection per member in the parent",
      campaign: { id: campaign.id, startsAt: startsAt.toISOString(), period, sku: prepared.sku },
      members: { existing: prepared.membersExisting, created: prepared.membersCreated },
      budget: { before: budgetBefore, funded: prepared.budget.fundedFen },
      sale: { ...summary, sendSpreadMs: round(sale.sendSpreadMs, 1), load },
      finalSuccesses,
      unsettledFirstAnswers: unsettled.length,
      databaseAfterSale: check,
      databaseFinal: { ...finalCheck, rows: agreed.rows, overStock: agreed.overStock },
      viaGraph: viaGraph.campaign,
      retry: retry && {
        summary: retry.summary,
        sameAnswer: retry.sameAnswer,
        differentAnswer: retry.differentAnswer.slice(0, 100),
        resolved: retry.resolved.slice(0, 100),
        stockUnchanged: retry.stockUnchanged,
      },
      ceilings,
      ratio,
      // As bench/profile-breakdown.ts reads them (BENCH_PROFILE=1): each burst's window on the hub's clock.
      scenarios: [
        {
          name: "sale",
          measured: { requests: settings.members, hubWindowUs: [statsBefore.hrtimeUs, statsAfter.hrtimeUs] },
        },
        ...(retryWindowUs
          ? [{ name: "retry, same keys", measured: { requests: settings.members, hubWindowUs: retryWindowUs } }]
          : []),
      ],
    });
    out.push(`results: ${file}`);
    if (summary.other > 0) {
      out.push(
        `WARNING: ${summary.other} of ${settings.members} claims got neither OK nor SOLD_OUT (see outcomes above); ` +
          `the run fails only on overselling, disagreeing figures or a retry that changed something.`,
      );
    }
    console.log(out.join("\n"));
    if (!ok) {
      const why = [
        ...(oversold > 0 ? [`oversold by ${oversold}`] : []),
        ...(agreed.ok ? [] : ["the database's figures disagree (see the table)"]),
        ...(retryOk ? [] : ["a retry with the same key changed an answer or the database"]),
        ...(ceilingOk ? [] : ["the ceiling's guarded update gave out a wrong count"]),
        ...(settings.retry || unsettled.length === 0 ? [] : [`${unsettled.length} answers not final (no retry)`]),
      ];
      console.error(`\nBENCHMARK FAILED: ${why.join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    for (const agent of agents) agent.destroy();
    await stopHub();
  }
}

main().catch((error) => {
  console.error("\nBENCHMARK FAILED:", error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
