// The data cockpit's benchmark (issue 12), on PostgreSQL (TEST_DATABASE_URL)
// or the embedded database (default):
//
// 1. Events applied per second by analytics' consumers. Entitlement events
//    (creating ones with payload.facts, then accepted, redeemed, expired,
//    revoked; bench/analytics-events.ts) are written straight into
//    entitlements.entitlement_event with SQL (hash NULL: the tenant anchor
//    trigger skips them) and budget/org events into membership.outbox_event.
//    The sources' outboxes are served by the platform's outboxRoute in one
//    child process; the real consumers (OutboxConsumer over OutboxClient,
//    folding on a node-postgres pool as the service does) run in another
//    until their checkpoints reach the end. Baseline in the same run: the
//    same client reads the same outboxes without folding.
// 2. Dashboard query latency at a big tenant against a small one in the same
//    database (PostgreSQL: 10,000,000 vs 100,000 events; embedded: 1,000,000
//    vs 10,000). The small tenant is folded by the consumers in part 1; the
//    big one is generated in the analytics process and folded with
//    foldEntitlementEvents directly, one transaction per batch (no outbox).
//    Then the dashboard's questions through the analytics subgraph over HTTP
//    with a signed identity (as the gateway sends it), as each tenant's admin
//    and a unit manager, for 30 and 90 days, rounds interleaving the tenants.
//
//   npm run bench:analytics                                               # embedded
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npm run bench:analytics
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import {
  appendOutboxEvents,
  IDENTITY_HEADER,
  internalTokenCodec,
  waitForOutboxHorizon,
  type MemberIdentity,
} from "@benefits-hub/platform";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { Child } from "./child";
import type { DatabaseChildMessage, DatabaseParentMessage, DatabaseStats } from "./database-process";
import type { AnalyticsChildMessage, AnalyticsParentMessage, Pass, TenantSpec } from "./analytics-process";
import type { SourcesChildMessage, SourcesParentMessage } from "./analytics-sources-process";
import { entitlementEvents, makeTenant, membershipEvents, type Tenant } from "./analytics-events";
import { busyCores, fmt, log, machine, machineCpu, positiveInt, redact, round, table, writeResults } from "./report";

const postgres = Boolean(process.env.TEST_DATABASE_URL);
const DAYS = positiveInt("BENCH_DAYS", 120);
const SMALL = positiveInt("BENCH_SMALL_EVENTS", postgres ? 100_000 : 10_000);
const BIG = positiveInt("BENCH_BIG_EVENTS", postgres ? 10_000_000 : 1_000_000);
const FLOW = positiveInt("BENCH_FLOW_EVENTS", postgres ? 200_000 : 40_000);
const ROUNDS = positiveInt("BENCH_ROUNDS", 20);
const WARMUP = positiveInt("BENCH_WARMUP_ROUNDS", 2);
const FILL_BATCH = positiveInt("BENCH_FILL_BATCH", 5_000);
const WRITE_BATCH = 5_000;

// Midnight today in Asia/Shanghai: the events fill the DAYS days before it.
const todayShanghai = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const END = new Date(`${todayShanghai}T00:00:00+08:00`);
const dayString = (offset: number) =>
  new Date(END.getTime() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

// Tenants: departments and members grow with the events (~25 and ~50 events a member over the period).
const spec = (label: string, events: number): TenantSpec => ({
  label,
  departments: Math.min(400, Math.max(24, Math.round(events / 25_000))),
  members: Math.max(200, Math.round(events / 40)),
  campaigns: 40,
  days: DAYS,
});
const smallSpec = spec("bench-small", SMALL);
const bigSpec = spec("bench-big", BIG);
const flowSpec = spec("bench-flow", FLOW);

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
const secret = randomBytes(32).toString("hex");

const database = Child.start<DatabaseParentMessage, DatabaseChildMessage>("database", "./database-process.ts");
const sources = Child.start<SourcesParentMessage, SourcesChildMessage>("sources", "./analytics-sources-process.ts");
const analytics = Child.start<AnalyticsParentMessage, AnalyticsChildMessage>("analytics", "./analytics-process.ts", {
  // BENCH_PROFILE=1: a V8 CPU profile of the analytics process (every phase) in bench/results/profiles/.
  execArgv: [
    "--max-old-space-size=4096",
    ...(process.env.BENCH_PROFILE
      ? ["--cpu-prof", `--cpu-prof-dir=${new URL("./results/profiles", import.meta.url).pathname}`]
      : []),
  ],
});

const dbStats = async () => (await database.ask({ type: "stats" }, "stats")) as DatabaseStats;

try {
  const ready = await database.next("ready", 300_000);
  log(`database ${ready.embedded ? "embedded (PGlite)" : redact(ready.url)}`);
  const { urls } = await sources.ask({ type: "start", url: ready.url, internalSecret: secret }, "ready", 120_000);
  await analytics.ask({ type: "start", url: ready.url, internalSecret: secret, sources: urls }, "started", 120_000);
  const db = createPrisma({ url: ready.url, poolSize: 2 });

  // ---- 1. Write the small and the flow tenant's events into the outboxes. ----
  const small = makeTenant(smallSpec.label, smallSpec);
  const flow = makeTenant(flowSpec.label, flowSpec);
  const expected = new Map<string, Record<string, number>>();
  const totals = new Map<string, number>();
  const count = (tenantId: string, type: string, channel?: string) => {
    const e = expected.get(tenantId) ?? { issued: 0, claimed: 0, redeemed: 0, expired: 0, revoked: 0 };
    expected.set(tenantId, e);
    totals.set(tenantId, (totals.get(tenantId) ?? 0) + 1);
    if (type === "entitlement.issued" || type === "entitlement.claimed") if (channel !== "TRANSFER") e.issued!++;
    if (type === "entitlement.claimed" || type === "entitlement.accepted") e.claimed!++;
    if (type === "entitlement.redeemed") e.redeemed!++;
    if (type === "entitlement.expired") e.expired!++;
    if (type === "entitlement.revoked") e.revoked!++;
  };
  let written = 0;
  const w0 = performance.now();
  const streams = [
    entitlementEvents(small, SMALL, { days: DAYS, end: END, batch: WRITE_BATCH, seed: 1 }),
    entitlementEvents(flow, FLOW, { days: DAYS, end: END, batch: WRITE_BATCH, seed: 2 }),
  ];
  // Interleaved batches, one INSERT (unnest, in order) per batch and transaction.
  for (let open = streams.length; open > 0;) {
    open = 0;
    for (const stream of streams) {
      const next = stream.next();
      if (next.done) continue;
      open++;
      const batch = next.value;
      for (const e of batch) count(e.tenantId, e.type, (e.payload.facts as { channel?: string } | undefined)?.channel);
      await db.$executeRawUnsafe(
        `INSERT INTO entitlements.entitlement_event (id, tenant_id, entitlement_id, type, payload, occurred_at)
         SELECT gen_random_uuid(), e.tenant_id, e.entitlement_id, e.type, e.payload, e.occurred_at
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[], $5::timestamptz[])
           WITH ORDINALITY AS e(tenant_id, entitlement_id, type, payload, occurred_at, n)
         ORDER BY e.n`,
        batch.map((e) => e.tenantId),
        batch.map((e) => e.entitlementId),
        batch.map((e) => e.type),
        batch.map((e) => JSON.stringify(e.payload)),
        batch.map((e) => e.occurredAt.toISOString()),
      );
      written += batch.length;
    }
  }
  const budget = [
    ...membershipEvents(small, Math.round(SMALL / 20), { days: DAYS, end: END, seed: 3 }),
    ...membershipEvents(flow, Math.round(FLOW / 20), { days: DAYS, end: END, seed: 4 }),
  ];
  await appendOutboxEvents(db, "membership", budget);
  await waitForOutboxHorizon(db, { timeoutMs: 300_000 });
  const last = async (table: string) => {
    // Ordered by the columns (xid8, bigint), not by their text.
    const [row] = await db.$queryRawUnsafe<{ x: string; s: string }[]>(
      `SELECT e.xid::text AS x, e.seq::text AS s FROM ${table} e ORDER BY e.xid DESC, e.seq DESC LIMIT 1`,
    );
    return { xid: row!.x, seq: row!.s };
  };
  const ends = {
    entitlements: await last("entitlements.entitlement_event"),
    membership: await last("membership.outbox_event"),
  };
  const [{ n: outboxRows }] = (await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT (SELECT count(*) FROM entitlements.entitlement_event)::int + (SELECT count(*) FROM membership.outbox_event)::int AS n`,
  )) as [{ n: number }];
  log(
    `wrote ${written} entitlement and ${budget.length} membership events in ${fmt((performance.now() - w0) / 1000)} s`,
  );

  // ---- Baseline: the same client reads the same outboxes, nothing folded. ----
  const phase = async (message: AnalyticsParentMessage) => {
    const m0 = await machineCpu();
    const d0 = ready.embedded ? await dbStats() : null;
    const pass = (await analytics.ask(message, "pass", 3_600_000)) as Pass;
    const d1 = ready.embedded ? await dbStats() : null;
    return {
      pass,
      machineCores: busyCores(m0, await machineCpu()),
      embeddedDbCpuMs:
        d0 && d1 ? cpuMs({ user: d1.cpu.user - d0.cpu.user, system: d1.cpu.system - d0.cpu.system }) : null,
    };
  };
  log("read-only pass");
  const read = await phase({ type: "read", ends });
  const readEvents = Object.values(read.pass.events).reduce((a, b) => a + b, 0);
  if (readEvents !== outboxRows)
    throw new Error(
      `the read-only pass read ${JSON.stringify(read.pass.events)} of ${outboxRows} events, ends ${JSON.stringify(ends)}`,
    );
  log("fold pass (the consumers)");
  const fold = await phase({ type: "fold", ends });

  // The folded counts equal the events written (per tenant).
  for (const tenant of [small, flow]) {
    const [row] = await db.$queryRawUnsafe<Record<string, number>[]>(
      `SELECT sum(issued)::int AS issued, sum(claimed)::int AS claimed, sum(redeemed)::int AS redeemed,
              sum(expired)::int AS expired, sum(revoked)::int AS revoked
       FROM analytics.daily_rollup WHERE tenant_id = $1::uuid`,
      tenant.id,
    );
    const want = expected.get(tenant.id)!;
    for (const k of Object.keys(want))
      if (row![k] !== want[k]) throw new Error(`${tenant.name}: ${k} folded ${row![k]}, events say ${want[k]}`);
  }
  log("folded counts equal the events written");

  // ---- 2. The big tenant, folded directly. ----
  log(`filling ${bigSpec.label}: ${BIG} events through foldEntitlementEvents, ${FILL_BATCH} a transaction`);
  const fm0 = await machineCpu();
  const filled = await analytics.ask(
    { type: "fill", tenant: bigSpec, events: BIG, end: END.toISOString(), seed: 5, batch: FILL_BATCH },
    "filled",
    6 * 3_600_000,
  );
  if (filled.type !== "filled") throw new Error("fill failed");
  const fillCores = busyCores(fm0, await machineCpu());
  const big = makeTenant(bigSpec.label, bigSpec);
  const rollupRows = await db.$queryRawUnsafe<
    { tenant_id: string; rollup: number; unit: number; member_day: number; facts: number }[]
  >(
    `SELECT t.tenant_id::text,
       (SELECT count(*) FROM analytics.daily_rollup r WHERE r.tenant_id = t.tenant_id)::int AS rollup,
       (SELECT count(*) FROM analytics.daily_unit_rollup r WHERE r.tenant_id = t.tenant_id)::int AS unit,
       (SELECT count(*) FROM analytics.member_day r WHERE r.tenant_id = t.tenant_id)::int AS member_day,
       (SELECT count(*) FROM analytics.entitlement_fact r WHERE r.tenant_id = t.tenant_id)::int AS facts
     FROM (SELECT unnest($1::uuid[]) AS tenant_id) t`,
    [small.id, big.id],
  );
  await db.$executeRawUnsafe(
    `ANALYZE analytics.daily_rollup, analytics.daily_unit_rollup, analytics.member_day, analytics.entitlement_fact`,
  );

  // ---- Queries over HTTP. ----
  const { url } = (await analytics.ask({ type: "serve" }, "serving", 120_000)) as { url: string };
  const codec = internalTokenCodec(secret);
  const viewers = (t: Tenant) =>
    ({
      admin: { kind: "member", memberId: t.members[0]!.id, tenantId: t.id, role: "TENANT_ADMIN", orgUnitId: t.root.id },
      manager: {
        kind: "member",
        memberId: t.members.find((m) => m.unit.path.includes(t.managed.id))!.id,
        tenantId: t.id,
        role: "UNIT_MANAGER",
        orgUnitId: t.managed.id,
      },
    }) satisfies Record<string, MemberIdentity>;
  const ranges = {
    "30 d": { from: dayString(-30), to: dayString(-1) },
    "90 d": { from: dayString(-90), to: dayString(-1) },
  };
  /** The A/B campaign (else any) that ran longest within the range. */
  const campaignIn = (t: Tenant, days: number) => {
    const overlap = (c: Tenant["campaigns"][number]) =>
      Math.max(0, Math.min(c.lastDay, DAYS - 1) - Math.max(c.firstDay, DAYS - days) + 1) + (c.variants ? 1000 : 0);
    return [...t.campaigns].sort((a, b) => overlap(b) - overlap(a))[0]!.id;
  };
  const COUNTS = "issued claimed redeemed expired revoked redemptionRate cost faceValue issuedCost";
  const KPI = "current previous change";
  const QUERIES: Record<string, string> = {
    overview: `query ($f: CockpitFilter!) { cockpitOverview(filter: $f) { issued { ${KPI} } claimed { ${KPI} } redeemed { ${KPI} } expired { ${KPI} } revoked { ${KPI} } redemptionRate { ${KPI} } cost { ${KPI} } faceValue { ${KPI} } activeMembers { ${KPI} } } }`,
    "series by day": `query ($f: CockpitFilter!) { cockpitTimeSeries(filter: $f, granularity: DAY) { period counts { ${COUNTS} } } }`,
    funnel: `query ($f: CockpitFilter!) { cockpitFunnel(filter: $f) { issued claimed redeemed claimRate redemptionRate overallRate } }`,
    "by campaign": `query ($f: CockpitFilter!) { cockpitBreakdown(filter: $f, dimension: CAMPAIGN, first: 20) { totalRows rows { key label counts { ${COUNTS} } } totals { ${COUNTS} } } }`,
    "by org unit": `query ($f: CockpitFilter!) { cockpitBreakdown(filter: $f, dimension: ORG_UNIT, first: 20) { totalRows rows { key label counts { ${COUNTS} } } totals { ${COUNTS} } } }`,
    "campaign report": `query ($c: ID!, $from: String, $to: String) { campaignReport(campaignId: $c, from: $from, to: $to) { name counts { ${COUNTS} } plannedBudget budgetUsed budgetUsedRatio costPerRedemption roi series { period counts { issued redeemed cost } } abTest { variants { variant issued claimed redeemed redemptionRate rateLow rateHigh cost costPerRedemption } zScore pValue significant winner } } }`,
  };
  type Case = {
    key: string;
    tenant: "small" | "big";
    viewer: "admin" | "manager";
    range: keyof typeof ranges;
    query: string;
  };
  const cases: Case[] = [];
  for (const query of Object.keys(QUERIES))
    for (const viewer of ["admin", "manager"] as const)
      for (const range of Object.keys(ranges) as (keyof typeof ranges)[])
        for (const tenant of ["small", "big"] as const)
          cases.push({ key: `${query}|${viewer}|${range}|${tenant}`, tenant, viewer, range, query });
  const tenants = { small, big };
  const tokens = new Map<string, { token: string; at: number }>();
  const sign = async (identity: MemberIdentity) => {
    const k = `${identity.tenantId}|${identity.role}`;
    const cached = tokens.get(k);
    if (cached && Date.now() - cached.at < 20_000) return cached.token;
    const token = await codec.sign(identity);
    tokens.set(k, { token, at: Date.now() });
    return token;
  };
  const ask = async (c: Case) => {
    const t = tenants[c.tenant];
    const range = ranges[c.range];
    const variables =
      c.query === "campaign report"
        ? { c: campaignIn(t, c.range === "30 d" ? 30 : 90), from: range.from, to: range.to }
        : { f: range };
    const token = await sign(viewers(t)[c.viewer]);
    const t0 = performance.now();
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", [IDENTITY_HEADER]: token },
      body: JSON.stringify({ query: QUERIES[c.query], variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    const ms = performance.now() - t0;
    if (!response.ok || body.errors || !body.data || Object.values(body.data).some((v) => v === null))
      throw new Error(`${c.key}: ${response.status} ${JSON.stringify(body).slice(0, 400)}`);
    return { ms, data: body.data };
  };
  // Every figure is real: each tenant's admin sees its issued count for 90 days, the manager a part of it.
  const seen: Record<string, number> = {};
  for (const c of cases.filter((c) => c.query === "funnel" && c.range === "90 d")) {
    const { data } = await ask(c);
    seen[`${c.tenant} ${c.viewer}`] = (data.cockpitFunnel as { issued: number }).issued;
  }
  for (const t of ["small", "big"])
    if (!(seen[`${t} admin`]! > seen[`${t} manager`]! && seen[`${t} manager`]! > 0))
      throw new Error(`funnel issued, 90 days: ${JSON.stringify(seen)}`);
  log(`funnel issued over 90 days: ${JSON.stringify(seen)}`);

  const latencies = new Map<string, number[]>(cases.map((c) => [c.key, []]));
  const qm0 = await machineCpu();
  const q0 = performance.now();
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    for (const c of cases) {
      const { ms } = await ask(c);
      if (round >= WARMUP) latencies.get(c.key)!.push(ms);
    }
    log(`query round ${round + 1}/${WARMUP + ROUNDS}`);
  }
  const queryWallS = (performance.now() - q0) / 1000;
  const queryCores = busyCores(qm0, await machineCpu());
  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)]!;
  };

  // ---- Report. ----
  const totalEvents = outboxRows;
  const rate = (p: Pass) => totalEvents / (p.wallMs / 1000);
  const perK = (p: Pass) => cpuMs(p.cpu) / (totalEvents / 1000);
  const phaseRow = (name: string, r: typeof read) => [
    name,
    String(totalEvents),
    fmt(r.pass.wallMs / 1000, 2),
    fmt(rate(r.pass), 0),
    fmt(perK(r.pass), 1),
    r.embeddedDbCpuMs === null ? "-" : fmt(r.embeddedDbCpuMs / (totalEvents / 1000), 1),
    r.machineCores === null ? "-" : fmt(r.machineCores, 2),
  ];
  const db1 = ready.embedded ? "embedded (PGlite, in its own process)" : "PostgreSQL";
  const out: string[] = [];
  out.push(`## Analytics benchmark: ${db1}, ${new Date().toISOString()}`);
  out.push("");
  out.push(
    `### 1. Consumers: ${written} entitlement events (tenants ${smallSpec.label} ${SMALL}, ${flowSpec.label} ${FLOW}) + ${budget.length} membership events, ${DAYS} days`,
  );
  out.push("");
  out.push(
    table(
      [
        "pass",
        "events",
        "wall s",
        "events/s",
        "analytics CPU ms / 1,000 ev",
        "embedded db CPU ms / 1,000 ev",
        "machine busy cores",
      ],
      [phaseRow("read only (baseline)", read), phaseRow("fold (consumers)", fold)],
    ),
  );
  out.push("");
  out.push(
    `fold / read: events/s ${fmt(rate(fold.pass) / rate(read.pass), 2)}x, analytics CPU per event ${fmt(perK(fold.pass) / perK(read.pass), 2)}x`,
  );
  out.push("");
  out.push(
    `### 2. Big tenant filled directly: ${filled.events} events in ${filled.batches} transactions, ${fmt(filled.wallMs / 1000, 0)} s (${fmt(filled.events / (filled.wallMs / 1000), 0)} events/s; ${fmt(filled.foldMs / 1000, 0)} s inside fold transactions; analytics CPU ${fmt(cpuMs(filled.cpu) / (filled.events / 1000), 1)} ms / 1,000 ev incl. generating them; machine ${fillCores ?? "-"} busy cores)`,
  );
  out.push("");
  out.push(
    table(
      ["tenant", "events", "entitlement_fact", "daily_rollup", "daily_unit_rollup", "member_day"],
      rollupRows.map((r) => [
        r.tenant_id === small.id ? `small (${smallSpec.label})` : `big (${bigSpec.label})`,
        String(r.tenant_id === small.id ? totals.get(small.id) : filled.events),
        String(r.facts),
        String(r.rollup),
        String(r.unit),
        String(r.member_day),
      ]),
    ),
  );
  out.push("");
  out.push(
    `### 3. Dashboard queries over HTTP (analytics subgraph, signed identity), ${ROUNDS} rounds after ${WARMUP} warm-up, tenants interleaved; ${fmt(queryWallS, 0)} s, machine ${queryCores ?? "-"} busy cores`,
  );
  out.push("");
  const rows: string[][] = [];
  const ratios: number[] = [];
  for (const query of Object.keys(QUERIES))
    for (const viewer of ["admin", "manager"] as const)
      for (const range of Object.keys(ranges)) {
        const s = latencies.get(`${query}|${viewer}|${range}|small`)!;
        const b = latencies.get(`${query}|${viewer}|${range}|big`)!;
        const ratio = pct(b, 0.95) / pct(s, 0.95);
        ratios.push(ratio);
        rows.push([
          `${query}, ${viewer}, ${range}`,
          fmt(pct(s, 0.5)),
          fmt(pct(s, 0.95)),
          fmt(pct(b, 0.5)),
          fmt(pct(b, 0.95)),
          `${fmt(ratio, 2)}x`,
        ]);
      }
  out.push(
    table(["query, viewer, range", `small p50 ms`, `small p95 ms`, `big p50 ms`, `big p95 ms`, "p95 big/small"], rows),
  );
  const allSmall = cases.filter((c) => c.tenant === "small").flatMap((c) => latencies.get(c.key)!);
  const allBig = cases.filter((c) => c.tenant === "big").flatMap((c) => latencies.get(c.key)!);
  out.push("");
  out.push(
    `All queries: small p95 ${fmt(pct(allSmall, 0.95))} ms, big p95 ${fmt(pct(allBig, 0.95))} ms (${fmt(pct(allBig, 0.95) / pct(allSmall, 0.95), 2)}x); worst per-query p95 ratio ${fmt(Math.max(...ratios), 2)}x, slowest big p95 ${fmt(Math.max(...cases.filter((c) => c.tenant === "big").map((c) => pct(latencies.get(c.key)!, 0.95))))} ms`,
  );
  console.log(out.join("\n"));
  const file = await writeResults("analytics", {
    database: ready.embedded ? "embedded" : redact(ready.url),
    machine: machine(),
    settings: { DAYS, SMALL, BIG, FLOW, ROUNDS, WARMUP, FILL_BATCH, tenants: { smallSpec, bigSpec, flowSpec } },
    reproduce: `${postgres ? "TEST_DATABASE_URL=<url> " : ""}npm run bench:analytics`,
    consumers: { events: totalEvents, read, fold },
    fill: { ...filled, machineCores: fillCores },
    rollupRows,
    queries: Object.fromEntries(
      cases.map((c) => [
        c.key,
        {
          p50: round(pct(latencies.get(c.key)!, 0.5)),
          p95: round(pct(latencies.get(c.key)!, 0.95)),
          ms: latencies.get(c.key)!.map((x) => round(x)),
        },
      ]),
    ),
    markdown: out.join("\n"),
  });
  log(`results: ${file}`);
  await db.$disconnect();
} finally {
  await analytics.stop({ type: "stop" });
  await sources.stop({ type: "stop" });
  await database.stop({ type: "stop" }, 120_000);
}
