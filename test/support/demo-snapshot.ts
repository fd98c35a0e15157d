// The demo seed as a database snapshot: seeding takes seconds on the embedded
// database, copying a snapshot well under one. The key covers everything the
// seed's output depends on: its options, the day (seeded campaigns and budget
// periods are placed relative to now), and every source file the seed runs
// (prisma/seed and the subgraph and platform code it calls into).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { createSeededTestDatabase, type TestDatabase } from "@benefits-hub/platform/testing/database";
import { seedDemo } from "../../prisma/seed/demo";

const root = fileURLToPath(new URL("../..", import.meta.url));
const SOURCES = [
  "prisma/seed",
  "subgraphs/catalog/src",
  "subgraphs/membership/src",
  "subgraphs/entitlements/src",
  "subgraphs/analytics/src",
  "packages/platform/src",
];

let sourcesDigest: string | undefined;

function digestSources(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) hash.update(`${path.relative(root, full)}\0`).update(readFileSync(full));
    }
  };
  for (const dir of SOURCES) walk(path.join(root, dir));
  return hash.digest("hex");
}

export interface DemoSeedOptions {
  campaigns: boolean;
  codeKeys: NonNullable<Parameters<typeof seedDemo>[1]>["codeKeys"];
}

/** A migrated database holding the demo seed, copied from a snapshot made once per key. */
export function createDemoDatabase(options: DemoSeedOptions): Promise<TestDatabase> {
  sourcesDigest ??= digestSources();
  const key = JSON.stringify({
    sources: sourcesDigest,
    campaigns: options.campaigns,
    day: new Date().toISOString().slice(0, 10),
  });
  return createSeededTestDatabase({
    family: options.campaigns ? "democampaigns" : "demo",
    key,
    seed: async (url) => {
      const db = createPrisma({ url, poolSize: 4 });
      try {
        await seedDemo(db, { NODE_ENV: "test", codeKeys: options.codeKeys, campaigns: options.campaigns });
      } finally {
        await db.$disconnect();
      }
    },
  });
}
