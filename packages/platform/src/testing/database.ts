// A fresh, migrated database for one test file.
//   TEST_DATABASE_URL set (CI, real PostgreSQL): a new database on that server.
//   Otherwise: an in-memory embedded database (PGlite) on a free port.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedDatabase } from "../db/embedded";
import { defaultMigrationsDir, migrate } from "../db/migrate";

export interface TestDatabase {
  url: string;
  /** Removes the database (and its server, when embedded). */
  drop(): Promise<void>;
}

/** A new database with every migration applied. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const database = await createEmptyTestDatabase();
  try {
    await migrate({ url: database.url });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

/**
 * A new database with every migration applied and `seed` run on it, copied
 * from a snapshot taken the first time this `key` was asked for: PostgreSQL
 * keeps it as a template database, the embedded database as a data-dir dump in
 * the OS temp folder. The key must change whenever what `seed` writes could
 * (the caller hashes its sources and options); migrations are hashed here.
 */
export async function createSeededTestDatabase({ family, key, seed }: SeededDatabaseSpec): Promise<TestDatabase> {
  if (!/^[a-z0-9]{1,16}$/.test(family)) throw new Error(`snapshot family must be 1 to 16 of a-z0-9: ${family}`);
  const snapshot = createHash("sha256")
    .update(key)
    .update(await migrationsDigest())
    .digest("hex")
    .slice(0, 16);
  const serverUrl = process.env.TEST_DATABASE_URL;
  return serverUrl
    ? copyServerTemplate(serverUrl, family, snapshot, seed)
    : copyEmbeddedSnapshot(family, snapshot, seed);
}

export interface SeededDatabaseSpec {
  /** Names the snapshots of one seed: a new one replaces the older ones of its family. */
  family: string;
  key: string;
  seed: (url: string) => Promise<void>;
}

async function copyServerTemplate(
  serverUrl: string,
  family: string,
  snapshot: string,
  seed: (url: string) => Promise<void>,
): Promise<TestDatabase> {
  const template = `hub_tpl_${family}_${snapshot}`;
  const exists = await withClient(serverUrl, async (client) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
    return found.rowCount === 1;
  });
  if (!exists) {
    // Built under a unique name and renamed when complete: a parallel worker never copies half a template.
    const building = await createServerDatabase(serverUrl);
    try {
      await migrate({ url: building.url });
      await seed(building.url);
      const name = new URL(building.url).pathname.slice(1);
      await withClient(serverUrl, async (client) => {
        await client.query(`ALTER DATABASE "${name}" RENAME TO "${template}"`).catch(async (error: unknown) => {
          // Another worker published the same snapshot first.
          if ((error as { code?: string }).code !== "42P04") throw error;
          await building.drop();
        });
        // Older snapshots of this family (other sources, another day) are no longer used.
        const stale = await client.query<{ datname: string }>(
          "SELECT datname FROM pg_database WHERE datname LIKE $1 AND datname <> $2",
          [`hub_tpl_${family}_%`, template],
        );
        for (const { datname } of stale.rows) {
          await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
        }
      });
    } catch (error) {
      await building.drop();
      throw error;
    }
  }
  const name = `hub_test_${randomBytes(6).toString("hex")}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function copyEmbeddedSnapshot(
  family: string,
  snapshot: string,
  seed: (url: string) => Promise<void>,
): Promise<TestDatabase> {
  const dir = path.join(os.tmpdir(), "benefits-hub-pglite");
  const prefix = `seeded-${family}-`;
  const file = path.join(dir, `${prefix}${await pgliteVersion()}-${snapshot}.tar.gz`);
  let data: Blob | undefined = await readFile(file).then(
    (bytes) => new Blob([bytes], { type: "application/x-gzip" }),
    () => undefined,
  );
  if (!data) {
    const building = await startEmbeddedDatabase({ port: 0, initialData: await emptyEmbeddedDataDir() });
    try {
      await migrate({ url: building.url });
      await seed(building.url);
      data = await building.dump();
    } finally {
      await building.close();
    }
    await writeAtomically(file, Buffer.from(await data.arrayBuffer()));
    for (const old of await readdir(dir)) {
      if (old.startsWith(prefix) && old !== path.basename(file) && old.endsWith(".tar.gz")) {
        await unlink(path.join(dir, old)).catch(() => {});
      }
    }
  }
  const database = await startEmbeddedDatabase({ port: 0, initialData: data });
  return { url: database.url, drop: () => database.close() };
}

/** What every migration says, so a new or edited migration makes new snapshots. */
async function migrationsDigest(): Promise<string> {
  const root = defaultMigrationsDir;
  const hash = createHash("sha256");
  for (const folder of (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).sort(byName)) {
    for (const file of (await readdir(path.join(root, folder.name))).sort()) {
      hash.update(`${folder.name}/${file}\0`).update(await readFile(path.join(root, folder.name, file)));
    }
  }
  return hash.digest("hex");
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Written under a unique name, then renamed: parallel test workers never see half a file.
  const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}

/** A new database with nothing in it (for testing migrations themselves). */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  return serverUrl ? createServerDatabase(serverUrl) : createEmbeddedDatabase();
}

async function createServerDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `hub_test_${randomBytes(6).toString("hex")}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createEmbeddedDatabase(): Promise<TestDatabase> {
  const database = await startEmbeddedDatabase({ port: 0, initialData: await emptyEmbeddedDataDir() });
  return { url: database.url, drop: () => database.close() };
}

/**
 * A freshly initialised PGlite data dir, cached in the OS temp folder per
 * PGlite version: initdb takes seconds, loading the copy about one.
 */
export async function emptyEmbeddedDataDir(): Promise<Blob> {
  const version = await pgliteVersion();
  const cacheDir = path.join(os.tmpdir(), "benefits-hub-pglite");
  const file = path.join(cacheDir, `empty-${version}.tar.gz`);
  const cached = await readFile(file).catch(() => undefined);
  if (cached) return new Blob([cached], { type: "application/x-gzip" });

  const database = await startEmbeddedDatabase({ port: 0 });
  try {
    const dump = await database.dump();
    await writeAtomically(file, Buffer.from(await dump.arrayBuffer()));
    return dump;
  } finally {
    await database.close();
  }
}

async function pgliteVersion(): Promise<string> {
  // The package does not export its package.json; it sits one folder above the entry point.
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  const manifest = await readFile(path.join(path.dirname(entry), "..", "package.json"), "utf8");
  return (JSON.parse(manifest) as { version: string }).version;
}
