// A fresh, migrated database for one test file.
//   TEST_DATABASE_URL set (CI, real PostgreSQL): a new database on that server.
//   Otherwise: an in-memory embedded database (PGlite) on a free port.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedDatabase } from "../db/embedded";
import { migrate } from "../db/migrate";

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
    await mkdir(cacheDir, { recursive: true });
    // Written under a unique name, then renamed: parallel test workers never see half a file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
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
