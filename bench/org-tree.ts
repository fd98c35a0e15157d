// Org tree queries at 10,000 units against the same queries on a small tree,
// side by side in one run, through the gateway:
//   npm run bench:org-tree -w @benefits-hub/bench   (TEST_DATABASE_URL=... for PostgreSQL)
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { startTestHub, type TestHub } from "../test/support/hub";

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

interface Unit {
  id: string;
  path: string[];
  depth: number;
}

/** A tree of `fanout[0]` regions × `fanout[1]` areas × … under one root. */
async function buildTree(hub: TestHub, slug: string, fanout: number[]) {
  const tenant = await hub.seed.tenant({ slug, name: slug });
  const root = await hub.seed.orgUnit({ tenantId: tenant.id, name: "HQ" });
  const rows: (Unit & { tenantId: string; parentId: string; name: string })[] = [];
  let level: Unit[] = [root];
  for (const width of fanout) {
    const next: Unit[] = [];
    for (const parent of level) {
      for (let i = 0; i < width; i++) {
        const id = randomUUID();
        const row = {
          id,
          tenantId: tenant.id,
          parentId: parent.id,
          name: `Unit ${rows.length}`,
          path: [...parent.path, id],
          depth: parent.depth + 1,
        };
        rows.push(row);
        next.push(row);
      }
    }
    level = next;
  }
  for (let i = 0; i < rows.length; i += 2_000) await hub.db.orgUnit.createMany({ data: rows.slice(i, i + 2_000) });
  const admin = await hub.seed.member({
    tenantId: tenant.id,
    orgUnitId: root.id,
    role: "TENANT_ADMIN",
    password: "bench-password",
  });
  return {
    size: rows.length + 1,
    root,
    region: rows[0]!,
    leaf: level.at(-1)!,
    token: await hub.login(admin.email, "bench-password"),
  };
}

async function time(hub: TestHub, token: string, query: string, variables: object) {
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS + 20; i++) {
    const started = performance.now();
    const result = await hub.request(query, variables, token);
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    if (i >= 20) samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

const queries = {
  "ancestors of a leaf": `query ($leaf: ID!) { orgUnit(id: $leaf) { ancestors { id name } } }`,
  "children of the root": `query ($root: ID!) { orgUnit(id: $root) { children { id name memberCount } } }`,
  "subtree page of a region (100)": `query ($region: ID!) { orgUnit(id: $region) { descendants(first: 100) { units { id } totalCount } } }`,
  "whole-tree count and first page": `query ($root: ID!) { orgUnit(id: $root) { descendants(first: 100) { totalCount nextCursor } } }`,
};

const hub = await startTestHub();
try {
  const small = await buildTree(hub, "small-corp", [10, 10]);
  const big = await buildTree(hub, "big-corp", [10, 10, 10, 9]);
  console.log(
    `org tree: ${small.size} units against ${big.size} units, ${ITERATIONS} sequential requests each through the gateway`,
  );
  console.log(`database: ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "embedded PGlite"}\n`);
  console.log("query                              small p50/p99 ms   big p50/p99 ms   big/small p50");
  for (const [name, query] of Object.entries(queries)) {
    const vars = (t: typeof small) => ({ leaf: t.leaf.id, root: t.root.id, region: t.region.id });
    const a = await time(hub, small.token, query, vars(small));
    const b = await time(hub, big.token, query, vars(big));
    console.log(
      `${name.padEnd(34)} ${a.p50.toFixed(1).padStart(6)} / ${a.p99.toFixed(1).padEnd(8)} ${b.p50.toFixed(1).padStart(6)} / ${b.p99.toFixed(1).padEnd(8)} ${(b.p50 / a.p50).toFixed(2)}x`,
    );
  }
} finally {
  await hub.stop();
}
