// The migrations must produce exactly the schema prisma/schema describes.
// One database gets the migrations, another gets what Prisma generates from
// prisma/schema for an empty database; their catalogs must be identical.
import { fileURLToPath } from "node:url";
import pg from "pg";
import { diffDatabaseToSchema, prismaMigrateDiff } from "../../../scripts/migration-new";
import { createEmptyTestDatabase, createTestDatabase, type TestDatabase } from "../src/testing/database";

const schemaDir = fileURLToPath(new URL("../../../prisma/schema", import.meta.url));

const MIGRATIONS_TABLE = "public._prisma_migrations";
const USER_SCHEMAS = `n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'`;

/** Each query lists one kind of catalog object; its first column names the object. */
const CATALOG: Record<string, string> = {
  schema: `SELECT n.nspname FROM pg_namespace n WHERE ${USER_SCHEMAS}`,
  relation: `
    SELECT n.nspname || '.' || c.relname, c.relkind::text
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${USER_SCHEMAS} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`,
  column: `
    SELECT n.nspname || '.' || c.relname || '.' || a.attname,
           format_type(a.atttypid, a.atttypmod),
           CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END,
           coalesce('DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), ''),
           a.attidentity::text, a.attgenerated::text
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE ${USER_SCHEMAS} AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped`,
  index: `
    SELECT n.nspname || '.' || c.relname, pg_get_indexdef(c.oid)
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${USER_SCHEMAS}`,
  constraint: `
    SELECT n.nspname || '.' || coalesce(t.relname, ty.typname) || '.' || con.conname,
           con.contype::text, pg_get_constraintdef(con.oid)
      FROM pg_constraint con
      JOIN pg_namespace n ON n.oid = con.connamespace
      LEFT JOIN pg_class t ON t.oid = con.conrelid
      LEFT JOIN pg_type ty ON ty.oid = con.contypid
     WHERE ${USER_SCHEMAS} AND con.contype <> 't'`, // constraint triggers (the tenant event anchor) are migration SQL
  enum: `
    SELECT n.nspname || '.' || t.typname, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)
      FROM pg_type t
      JOIN pg_namespace n ON n.oid = t.typnamespace
      JOIN pg_enum e ON e.enumtypid = t.oid
     WHERE ${USER_SCHEMAS}
     GROUP BY 1`,
  sequence: `
    SELECT n.nspname || '.' || c.relname, format_type(s.seqtypid, NULL), s.seqstart::text, s.seqincrement::text
      FROM pg_sequence s
      JOIN pg_class c ON c.oid = s.seqrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE ${USER_SCHEMAS}`,
};

/** The catalog as sorted lines "kind name: details", without the migrations table. */
async function describe(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const lines: string[] = [];
    for (const [kind, sql] of Object.entries(CATALOG)) {
      const { rows } = await client.query<unknown[]>({ text: sql, rowMode: "array" });
      for (const [name, ...details] of rows) {
        if (String(name).startsWith(MIGRATIONS_TABLE)) continue;
        lines.push(`${kind} ${String(name)}: ${details.map(String).filter(Boolean).join(" | ")}`);
      }
    }
    return lines.sort();
  } finally {
    await client.end();
  }
}

function difference(fromMigrations: string[], fromSchema: string[]): string[] {
  const a = new Set(fromMigrations);
  const b = new Set(fromSchema);
  return [
    ...fromMigrations.filter((line) => !b.has(line)).map((line) => `only in migrations:     ${line}`),
    ...fromSchema.filter((line) => !a.has(line)).map((line) => `only in prisma/schema:  ${line}`),
  ];
}

let migrated: TestDatabase;
let generated: TestDatabase;

beforeAll(async () => {
  [migrated, generated] = await Promise.all([createTestDatabase(), createEmptyTestDatabase()]);
});

afterAll(async () => {
  await Promise.all([migrated?.drop(), generated?.drop()]);
});

test("the migrations produce exactly the schema prisma/schema describes", async () => {
  const prisma = await prismaMigrateDiff(generated.url, [
    "--from-empty",
    "--to-schema-datamodel",
    schemaDir,
    "--script",
  ]);
  expect(prisma.stderr).not.toMatch(/error/i);
  expect(prisma.code).toBe(0);
  const client = new pg.Client({ connectionString: generated.url });
  await client.connect();
  await client.query(prisma.stdout).finally(() => client.end());

  const [fromMigrations, fromSchema] = await Promise.all([describe(migrated.url), describe(generated.url)]);
  expect(fromSchema.some((line) => line.startsWith("relation "))).toBe(true);
  expect(difference(fromMigrations, fromSchema)).toEqual([]);
});

test("prisma migrate diff finds nothing between the migrated database and prisma/schema", async () => {
  expect(await diffDatabaseToSchema(migrated.url)).toBe("");
});
