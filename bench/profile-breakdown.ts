// Where the hub's CPU goes in each run of a profiled benchmark:
//   BENCH_PROFILE=1 npm run bench:gateway -w @benefits-hub/bench
//   npx tsx bench/profile-breakdown.ts bench/results/gateway-overhead-<stamp>.json bench/results/profiles/CPU.<...>.0.001.cpuprofile
// Cuts the hub process's V8 CPU profile (main thread) to each measured run's
// window and sorts every sample by the frames on its stack, first match wins.
// Only synchronous stacks are seen, and the profiler itself slows the hub: the
// split is indicative, the milliseconds are inflated.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface Results {
  scenarios: { name: string; measured: { requests: number; hubWindowUs: [number, number] } }[];
}

const [resultsFile, profileFile] = process.argv.slice(2);
if (!resultsFile || !profileFile) {
  console.error("usage: tsx bench/profile-breakdown.ts <results.json> <hub main-thread .cpuprofile>");
  process.exit(2);
}
const results = JSON.parse(readFileSync(resultsFile, "utf8")) as Results;
const profile = JSON.parse(readFileSync(profileFile, "utf8")) as Profile;

const categories: [name: string, test: (stack: string, top: string) => boolean][] = [
  ["idle", (_, top) => top === "(idle)"],
  ["garbage collection", (_, top) => top === "(garbage collector)"],
  ["database client (Prisma, its WASM query compiler, pg)", (s) => /prisma|wasm:\/\/|node_modules\/pg\//.test(s)],
  [
    "gateway: query planning, execution, subgraph fetches (undici)",
    (s) => /@apollo\/gateway|@apollo\/query-planner|federation-internals|undici|\/gateway\/src\//.test(s),
  ],
  ["JWT sign/verify (jose, WebCrypto)", (s) => /jose|internal\/crypto/.test(s)],
  ["graphql-shield / graphql-middleware", (s) => /graphql-shield|graphql-middleware/.test(s)],
  ["HTTP, express, Apollo Server, graphql-js (gateway or subgraph)", () => true],
];

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const categoryOf = new Map<number, string>();
const classify = (id: number): string => {
  let found = categoryOf.get(id);
  if (found) return found;
  const frames: string[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const { url, functionName } = byId.get(at)!.callFrame;
    frames.push(`${url} ${functionName}`);
  }
  const top = byId.get(id)!.callFrame.functionName;
  found = categories.find(([, test]) => test(frames.join("\n"), top))![0];
  categoryOf.set(id, found);
  return found;
};

let t = profile.startTime;
const stamps = profile.timeDeltas.map((d) => (t += d));
for (const scenario of results.scenarios) {
  const [from, to] = scenario.measured.hubWindowUs;
  const spent = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const at = stamps[i]!;
    if (at < from || at > to) return;
    const category = classify(id);
    spent.set(category, (spent.get(category) ?? 0) + profile.timeDeltas[i]!);
  });
  const requests = scenario.measured.requests;
  const busy = [...spent].filter(([c]) => c !== "idle").reduce((sum, [, us]) => sum + us, 0);
  console.log(`\n${scenario.name}: ${(busy / 1000 / requests).toFixed(1)} ms of main-thread CPU per request`);
  for (const [category, us] of [...spent].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${(us / 1000 / requests).toFixed(1).padStart(6)} ms  ${category}`);
  }
}
