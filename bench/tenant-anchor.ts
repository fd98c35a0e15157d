// What the tenant event anchor costs writers (issue 11): every event is folded
// into its tenant's running hash at commit under the tenant head row's lock,
// so a tenant's event-writing transactions commit one at a time. Measured on
// the real writer (EventRepository.append, one event per transaction, as an
// issuance's completion writes it) with BENCH_CONNECTIONS concurrent writers:
//   off     the anchor trigger disabled (the ceiling without it; its own tenant)
//   on/1    every writer in one tenant (a flash sale: the worst case)
//   on/16   writers spread over 16 tenants
// Then every anchored tenant's chain is verified (ChainVerifier, as its admin).
// With pgbench on PATH, the same three runs again as plain INSERTs from
// pgbench (16 clients): the database's own cost without Prisma's client. Run on PostgreSQL (PGlite runs one
// transaction at a time whatever the locks):
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test npx tsx bench/tenant-anchor.ts
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MemberIdentity } from "@benefits-hub/platform";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { createTestDatabase } from "@benefits-hub/platform/testing/database";
import { ChainRepository } from "../subgraphs/entitlements/src/data/chain.repository";
import { EventRepository } from "../subgraphs/entitlements/src/data/event.repository";
import { ChainVerifier } from "../subgraphs/entitlements/src/domain/chain-verifier";

const seconds = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

const database = await createTestDatabase();
const db = createPrisma({ url: database.url, poolSize: connections });
const events = new EventRepository(db);
const tenants = Array.from({ length: 16 }, () => randomUUID());
const unanchored = [randomUUID()];

async function run(label: string, tenantsUsed: number, pool = tenants) {
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      const tenantId = pool[worker % tenantsUsed]!;
      while (Date.now() < until) {
        const t0 = performance.now();
        await db.$transaction((tx) =>
          events.append(tx, {
            tenantId,
            entitlementId: randomUUID(),
            type: "entitlement.claimed",
            payload: { worker },
          }),
        );
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(1);
  console.log(
    `| ${label.padEnd(6)} | ${String(latencies.length).padStart(7)} | ${(latencies.length / elapsed).toFixed(0).padStart(8)} | ${pct(0.5).padStart(6)} | ${pct(0.99).padStart(6)} |`,
  );
}

try {
  console.log(
    `${connections} writers, ${seconds} s per run, ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`,
  );
  console.log("| run    |  events | events/s | p50 ms | p99 ms |\n| ------ | ------- | -------- | ------ | ------ |");
  await run("warmup", 16);
  await db.$executeRawUnsafe(`ALTER TABLE entitlements.entitlement_event DISABLE TRIGGER entitlement_event_anchor`);
  await run("off", 1, unanchored);
  await db.$executeRawUnsafe(`ALTER TABLE entitlements.entitlement_event ENABLE TRIGGER entitlement_event_anchor`);
  await run("on/1", 1);
  await run("on/16", 16);
  const verifier = new ChainVerifier(new ChainRepository(db));
  for (const tenantId of tenants) {
    const admin: MemberIdentity = {
      kind: "member",
      memberId: randomUUID(),
      tenantId,
      role: "TENANT_ADMIN",
      orgUnitId: randomUUID(),
    };
    const result = await verifier.verify(admin);
    if (!result.ok) throw new Error(`tenant ${tenantId}: ${JSON.stringify(result.firstBreak)}`);
    const events = await db.entitlementEvent.count({ where: { tenantId } });
    if (result.anchoredEvents !== events)
      throw new Error(`tenant ${tenantId}: ${result.anchoredEvents} of ${events} anchored`);
  }
  console.log(`the ${tenants.length} tenant chains verify: every event anchored once, in one unbroken chain`);
  await pgbenchRuns();
} finally {
  await db.$disconnect();
  await database.drop();
}

/** The three runs from pgbench: one INSERT per transaction, one tenant or 16 (random). */
async function pgbenchRuns() {
  if (spawnSync("pgbench", ["--version"]).status !== 0) return console.log("(pgbench not found: skipped)");
  const insert = (tenant: string) => `\\set w random(1, 1000000000)
\\set t random(10, 25)
INSERT INTO entitlements.entitlement_event (id, tenant_id, entitlement_id, type, payload, chain_seq, hash)
VALUES (gen_random_uuid(), ${tenant}, gen_random_uuid(), 'entitlement.claimed', '{}', 1, md5(:w::text) || md5(:t::text));`;
  const file = (name: string, tenant: string) => {
    const f = path.join(os.tmpdir(), `tenant-anchor-${process.pid}-${name}.sql`);
    writeFileSync(f, insert(tenant));
    return f;
  };
  const one = file("one", `'${randomUUID()}'::uuid`);
  const many = file("many", `('00000000-0000-4000-8000-0000000000' || :t)::uuid`);
  const bench = (label: string, script: string) => {
    const r = spawnSync("pgbench", ["-n", "-c", "16", "-j", "2", "-T", String(seconds), "-f", script, database.url], {
      encoding: "utf8",
    });
    const tps = /tps = ([\d.]+)/.exec(r.stdout)?.[1];
    const latency = /latency average = ([\d.]+)/.exec(r.stdout)?.[1];
    console.log(`| pgbench ${label.padEnd(6)} | ${Number(tps).toFixed(0).padStart(8)} | ${latency} |`);
  };
  console.log("| run            |    tps   | avg ms |\n| -------------- | -------- | ------ |");
  await db.$executeRawUnsafe(`ALTER TABLE entitlements.entitlement_event DISABLE TRIGGER entitlement_event_anchor`);
  bench("off", one);
  await db.$executeRawUnsafe(`ALTER TABLE entitlements.entitlement_event ENABLE TRIGGER entitlement_event_anchor`);
  bench("on/1", one);
  bench("on/16", many);
}
