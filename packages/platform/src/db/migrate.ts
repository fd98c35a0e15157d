// Applies prisma/migrations/<timestamp>_<name>/migration.sql in name order and
// records them in Prisma's own `_prisma_migrations` table, so that
// `prisma migrate deploy` elsewhere accepts the same history. Prisma's CLI
// cannot apply migrations on these machines (see docs/architecture.md).
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { Logger } from "pino";

export interface MigrateOptions {
  url: string;
  /** Default: <repo>/prisma/migrations. */
  migrationsDir?: string;
  log?: Logger;
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

interface HistoryRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export const defaultMigrationsDir = fileURLToPath(new URL("../../../../prisma/migrations", import.meta.url));

/** The key `prisma migrate` locks too, so this runner and Prisma's never run at once. */
const ADVISORY_LOCK_KEY = 72707369;

const MIGRATIONS_TABLE = `public."_prisma_migrations"`;

const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`;

export async function migrate({
  url,
  migrationsDir = defaultMigrationsDir,
  log,
}: MigrateOptions): Promise<{ applied: string[] }> {
  const migrations = await readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: url });
  // A dropped connection surfaces as a query error; without this listener it would crash the process.
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      verifyHistory(await readHistory(client), migrations);
      const applied: string[] = [];
      for (const migration of migrations) {
        if (await applyMigration(client, migration, log)) applied.push(migration.name);
      }
      if (applied.length > 0) log?.info({ applied }, `applied ${applied.length} migration(s)`);
      else log?.debug("database schema is up to date");
      return { applied };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}

/** The migration directories in name (= timestamp) order. */
export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new Error(`Migrations folder not found: ${migrationsDir}`);
    throw error;
  });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(migrationsDir, name, "migration.sql")).catch(() => {
        throw new Error(`Migration ${name} has no migration.sql in ${migrationsDir}`);
      });
      return { name, sql: bytes.toString("utf8"), checksum: checksumOf(bytes) };
    }),
  );
}

/** What Prisma stores in `_prisma_migrations.checksum`: sha256 of migration.sql, hex. */
export function checksumOf(script: string | Buffer): string {
  return createHash("sha256").update(script).digest("hex");
}

async function readHistory(client: pg.Client): Promise<HistoryRow[]> {
  const { rows } = await client.query<HistoryRow>(
    `SELECT id, migration_name, checksum, finished_at, rolled_back_at FROM ${MIGRATIONS_TABLE} ORDER BY started_at, migration_name`,
  );
  return rows;
}

/** Throws, before anything is applied, when the recorded history and the files disagree. */
function verifyHistory(history: HistoryRow[], migrations: MigrationFile[]): void {
  const onDisk = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of history) {
    if (row.rolled_back_at !== null) continue;
    if (row.finished_at === null) throw failedMigrationError(row.migration_name);
    const file = onDisk.get(row.migration_name);
    if (!file) {
      throw new Error(
        `Migration ${row.migration_name} is recorded as applied but its folder is missing from the migrations directory. ` +
          `Restore it; applied migrations must never be deleted.`,
      );
    }
    if (!checksumMatches(file.sql, row.checksum)) {
      throw new Error(
        `Migration ${row.migration_name} was modified after it was applied (checksum ${row.checksum} recorded, ` +
          `${file.checksum} on disk). Restore the applied migration.sql and put the change in a new migration.`,
      );
    }
  }
}

function failedMigrationError(name: string): Error {
  return new Error(
    `Migration ${name} failed in an earlier run (see the logs column of _prisma_migrations). ` +
      `Fix the database by hand if needed, then run \`prisma migrate resolve --rolled-back ${name}\` ` +
      `(or set rolled_back_at on its row) so it is applied again.`,
  );
}

/** Like Prisma, accept a checksum computed on a copy of the file with other line endings. */
function checksumMatches(script: string, checksum: string): boolean {
  const lf = script.replace(/\r\n/g, "\n");
  return [script, lf, lf.replace(/\n/g, "\r\n")].some((variant) => checksumOf(variant) === checksum);
}

/**
 * Runs one migration and its history row in one transaction. Returns false if
 * it was already applied: the advisory lock does not exclude a second runner
 * on PGlite (one shared session), so the history is re-read inside the
 * transaction, which PGlite runs alone.
 */
async function applyMigration(client: pg.Client, migration: MigrationFile, log?: Logger): Promise<boolean> {
  await client.query("BEGIN");
  const recorded = await client
    .query<{ finished: boolean }>(
      `SELECT finished_at IS NOT NULL AS finished FROM ${MIGRATIONS_TABLE}
        WHERE migration_name = $1 AND rolled_back_at IS NULL`,
      [migration.name],
    )
    .catch(async (error: unknown) => {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    });
  if (recorded.rows.length > 0) {
    await client.query("ROLLBACK");
    if (recorded.rows.some((row) => !row.finished)) throw failedMigrationError(migration.name);
    return false;
  }

  const id = randomUUID();
  log?.info({ migration: migration.name }, "applying migration");
  try {
    await client.query(
      `INSERT INTO ${MIGRATIONS_TABLE} (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(
      `UPDATE ${MIGRATIONS_TABLE} SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    await recordFailure(client, id, migration, message).catch((recordError: unknown) => {
      log?.error({ migration: migration.name, err: recordError }, "could not record the failed migration");
    });
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${message}`, { cause: error });
  }
}

/** Records the failure the way Prisma does (finished_at null, error in logs), so later runs refuse. */
async function recordFailure(client: pg.Client, id: string, migration: MigrationFile, message: string): Promise<void> {
  // The row may already exist if the script committed on its own (a COMMIT inside migration.sql).
  const updated = await client.query(`UPDATE ${MIGRATIONS_TABLE} SET logs = $2 WHERE id = $1`, [id, message]);
  if (updated.rowCount === 0) {
    await client.query(
      `INSERT INTO ${MIGRATIONS_TABLE} (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ($1, $2, $3, $4, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name, message],
    );
  }
}
