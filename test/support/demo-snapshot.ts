// The demo seed as a database snapshot: seeding takes seconds on the embedded
// database, copying a snapshot well under one. The key covers everything the
// seed's output depends on: its options, the day (seeded campaigns and budget
// periods are placed relative to now), and every source file the seed runs
// (prisma/seed and the subgraph and platform code it calls into).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createPrisma } from "@benefits-hub/platform/db/client";
import { createSeededTestDatabase, type TestDatabase } from "@benefits-hub/platform/testing/database";
import { seedDemo } from "../../prisma/seed/demo";
import { testSecrets } from "./secrets";

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
  /** Four months of past activity (prisma/seed/demo-history.ts). */
  history?: boolean;
}

type CodeKeys = NonNullable<NonNullable<Parameters<typeof seedDemo>[1]>["codeKeys"]>;

export interface DemoDatabase {
  database: TestDatabase;
  /**
   * The catalog's code keys the seeded card codes are sealed with: fresh for
   * each snapshot (no test relies on a known key), kept in the snapshot itself
   * so that every copy opens its codes with the keys that sealed them.
   */
  codeKeys: CodeKeys;
}

const SECRETS_TABLE = "public.test_seed_secrets";

/** A migrated database holding the demo seed, copied from a snapshot made once per key. */
export async function createDemoDatabase(options: DemoSeedOptions): Promise<DemoDatabase> {
  sourcesDigest ??= digestSources();
  const history = options.history ?? false;
  const key = JSON.stringify({
    sources: sourcesDigest,
    campaigns: options.campaigns,
    history,
    day: new Date().toISOString().slice(0, 10),
  });
  const database = await createSeededTestDatabase({
    family: `demo${options.campaigns ? "c" : ""}${history ? "h" : ""}`,
    key,
    seed: async (url) => {
      const db = createPrisma({ url, poolSize: 4 });
      try {
        const { codeKeys } = testSecrets();
        await seedDemo(db, { NODE_ENV: "test", codeKeys, campaigns: options.campaigns, history });
        await db.$executeRawUnsafe(`CREATE TABLE ${SECRETS_TABLE} (code_keys jsonb NOT NULL)`);
        await db.$executeRawUnsafe(`INSERT INTO ${SECRETS_TABLE} VALUES ($1::jsonb)`, JSON.stringify(codeKeys));
      } finally {
        await db.$disconnect();
      }
    },
  });
  const client = new pg.Client({ connectionString: database.url });
  try {
    await client.connect();
    const { rows } = await client.query<{ code_keys: CodeKeys }>(`SELECT code_keys FROM ${SECRETS_TABLE}`);
    return { database, codeKeys: rows[0]!.code_keys };
  } catch (error) {
    await database.drop();
    throw error;
  } finally {
    await client.end();
  }
}
