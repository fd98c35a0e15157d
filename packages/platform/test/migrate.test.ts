// The migration runner against a real database (embedded PGlite, or the
// PostgreSQL server named by TEST_DATABASE_URL).
import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm, writeFile, mkdir, appendFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { pino } from "pino";
import { defaultMigrationsDir, migrate } from "../src/db/migrate";
import { createEmptyTestDatabase, type TestDatabase } from "../src/testing/database";

const schemaDir = fileURLToPath(new URL("../../../prisma/schema", import.meta.url));

let database: TestDatabase;
const scratch: string[] = [];

beforeEach(async () => {
  database = await createEmptyTestDatabase();
});

afterEach(async () => {
  await database.drop();
  await Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A copy of the real migrations folder, plus `extra` migrations (name → SQL). */
async function migrationsDirWith(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "hub-migrations-"));
  scratch.push(dir);
  await cp(defaultMigrationsDir, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function migrationNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

const history = () =>
  query<{
    id: string;
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
    started_at: Date;
    logs: string | null;
    applied_steps_count: number;
  }>(`SELECT * FROM public."_prisma_migrations" ORDER BY migration_name, started_at`);

const userTables = async () =>
  (
    await query<{ name: string }>(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
          AND table_name <> '_prisma_migrations'
        ORDER BY 1`,
    )
  ).map((row) => row.name);

/** Every table prisma/schema declares, as schema.table. */
async function tablesInPrismaSchema(): Promise<string[]> {
  const tables: string[] = [];
  for (const file of (await readdir(schemaDir)).filter((name) => name.endsWith(".prisma"))) {
    const source = await readFile(path.join(schemaDir, file), "utf8");
    for (const [, model, body] of source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
      const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? model;
      const schema = /@@schema\("([^"]+)"\)/.exec(body!)?.[1] ?? "public";
      tables.push(`${schema}.${table}`);
    }
  }
  return tables.sort();
}

function memoryLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}

test("a fresh database gets every migration, recorded exactly as Prisma records it", async () => {
  const names = await migrationNames(defaultMigrationsDir);
  expect(names.length).toBeGreaterThan(0);
  const { log, lines } = memoryLogger();

  const result = await migrate({ url: database.url, log });

  expect(result.applied).toEqual(names);
  expect(await userTables()).toEqual(await tablesInPrismaSchema());

  const rows = await history();
  expect(rows.map((row) => row.migration_name)).toEqual(names);
  for (const row of rows) {
    const bytes = await readFile(path.join(defaultMigrationsDir, row.migration_name, "migration.sql"));
    expect(row.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    expect(row.rolled_back_at).toBeNull();
    expect(row.logs).toBeNull();
    expect(row.applied_steps_count).toBe(1);
  }
  for (const name of names) expect(lines.join("")).toContain(name);

  // Prisma's own table definition, column for column.
  const columns = await query(
    `SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = '_prisma_migrations'
      ORDER BY ordinal_position`,
  );
  expect(columns).toEqual([
    { column_name: "id", data_type: "character varying", length: 36, is_nullable: "NO", column_default: null },
    { column_name: "checksum", data_type: "character varying", length: 64, is_nullable: "NO", column_default: null },
    {
      column_name: "finished_at",
      data_type: "timestamp with time zone",
      length: null,
      is_nullable: "YES",
      column_default: null,
    },
    {
      column_name: "migration_name",
      data_type: "character varying",
      length: 255,
      is_nullable: "NO",
      column_default: null,
    },
    { column_name: "logs", data_type: "text", length: null, is_nullable: "YES", column_default: null },
    {
      column_name: "rolled_back_at",
      data_type: "timestamp with time zone",
      length: null,
      is_nullable: "YES",
      column_default: null,
    },
    {
      column_name: "started_at",
      data_type: "timestamp with time zone",
      length: null,
      is_nullable: "NO",
      column_default: "now()",
    },
    { column_name: "applied_steps_count", data_type: "integer", length: null, is_nullable: "NO", column_default: "0" },
  ]);
  const primaryKey = await query(
    `SELECT a.attname AS column FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = 'public."_prisma_migrations"'::regclass AND i.indisprimary`,
  );
  expect(primaryKey).toEqual([{ column: "id" }]);
});

test("a second run applies nothing and changes nothing", async () => {
  await migrate({ url: database.url });
  const before = await history();

  expect(await migrate({ url: database.url })).toEqual({ applied: [] });
  expect(await history()).toEqual(before);
});

test("a migration changed after it was applied is refused, and nothing changes", async () => {
  const dir = await migrationsDirWith();
  const [first] = await migrationNames(dir);
  await migrate({ url: database.url, migrationsDir: dir });
  const before = await history();

  await appendFile(path.join(dir, first!, "migration.sql"), "\n-- edited after the fact\n");
  await mkdir(path.join(dir, "29990101000000_pending"));
  await writeFile(path.join(dir, "29990101000000_pending", "migration.sql"), "CREATE TABLE public.pending (id int);");

  await expect(migrate({ url: database.url, migrationsDir: dir })).rejects.toThrow(
    new RegExp(`Migration ${first} was modified after it was applied`),
  );
  expect(await history()).toEqual(before);
  expect(await userTables()).not.toContain("public.pending");
});

test("an applied migration missing from disk is refused", async () => {
  const dir = await migrationsDirWith({ "29990101000000_extra": "CREATE TABLE public.extra (id int);" });
  await migrate({ url: database.url, migrationsDir: dir });
  await rm(path.join(dir, "29990101000000_extra"), { recursive: true });
  const before = await history();

  await expect(migrate({ url: database.url, migrationsDir: dir })).rejects.toThrow(
    /Migration 29990101000000_extra is recorded as applied but its folder is missing/,
  );
  expect(await history()).toEqual(before);
});

test("a failing migration leaves nothing half-applied and blocks later runs until resolved", async () => {
  const broken = "29990101000000_broken";
  const dir = await migrationsDirWith({
    [broken]:
      "CREATE TABLE public.half_a (id int);\nCREATE TABLE public.half_b (id int);\nSELECT no_such_function();\n",
    "29990102000000_after": "CREATE TABLE public.after_broken (id int);",
  });
  const earlier = (await migrationNames(dir)).filter((name) => name < broken);

  await expect(migrate({ url: database.url, migrationsDir: dir })).rejects.toThrow(
    new RegExp(`Migration ${broken} failed and was rolled back: .*no_such_function`),
  );
  const tables = await userTables();
  expect(tables).not.toContain("public.half_a");
  expect(tables).not.toContain("public.half_b");
  expect(tables).not.toContain("public.after_broken");
  const failed = (await history()).filter((row) => row.migration_name === broken);
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
  expect(failed[0]!.logs).toMatch(/no_such_function/);
  expect((await history()).filter((row) => row.finished_at !== null).map((row) => row.migration_name)).toEqual(earlier);

  // Fixing the file is not enough: the failure must be resolved first.
  await writeFile(path.join(dir, broken, "migration.sql"), "CREATE TABLE public.half_a (id int);\n");
  await expect(migrate({ url: database.url, migrationsDir: dir })).rejects.toThrow(
    new RegExp(`Migration ${broken} failed in an earlier run`),
  );
  expect(await userTables()).not.toContain("public.half_a");

  // What `prisma migrate resolve --rolled-back` does.
  await query(`UPDATE public."_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1`, [broken]);
  expect(await migrate({ url: database.url, migrationsDir: dir })).toEqual({
    applied: [broken, "29990102000000_after"],
  });
  expect(await userTables()).toEqual(expect.arrayContaining(["public.half_a", "public.after_broken"]));
});

test("concurrent runners against one fresh database apply every migration exactly once", async () => {
  const dir = await migrationsDirWith({
    "29990101000000_slow": "SELECT pg_sleep(0.3);\nCREATE TABLE public.slow (id int);",
  });
  const names = await migrationNames(dir);

  const results = await Promise.all([1, 2, 3].map(() => migrate({ url: database.url, migrationsDir: dir })));

  const applied = results.flatMap((result) => result.applied);
  expect(applied.sort()).toEqual(names);
  const rows = await history();
  expect(rows.map((row) => row.migration_name)).toEqual(names);
  expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  expect(await userTables()).toContain("public.slow");
});
