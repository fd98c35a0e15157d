// The embedded database: PGlite (PostgreSQL compiled to WebAssembly) served on
// a local TCP port over the Postgres wire protocol, so every service connects
// with node-postgres exactly as it would to a PostgreSQL server.
//
// PGlite is a single backend: all connections share one session, so
// transactions run one at a time and session state (SET, advisory locks,
// temporary tables) is shared by every connection.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { serveOverWire, type WireServer } from "./pglite-wire-server";

export interface EmbeddedDatabaseOptions {
  /** Folder that holds the data; undefined keeps everything in memory. */
  dataDir?: string;
  /** TCP port; 0 picks any free port. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** A `dump()` to start a new database from, skipping initdb (seconds); ignored if dataDir holds a database. */
  initialData?: Blob;
}

export interface EmbeddedDatabase {
  /** PGlite accepts any user and database name and always serves `postgres`. */
  url: string;
  port: number;
  /** Client connections open now. */
  connections(): number;
  /** Stops the server, then shuts PGlite down cleanly (the data dir stays consistent). */
  close(): Promise<void>;
  /** The data directory as a gzipped tar, for `initialData`. Take it while no transaction is open. */
  dump(): Promise<Blob>;
}

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const { dataDir, port = 0, host = "127.0.0.1", initialData } = options;
  // A second instance (same port, usually the same data dir) must fail before it opens the data dir.
  if (port !== 0) await assertPortFree(host, port);
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const isNew = !dataDir || !existsSync(path.join(dataDir, "PG_VERSION"));
  const db = await PGlite.create({ dataDir, loadDataDir: isNew ? initialData : undefined });

  let server: WireServer;
  try {
    server = await serveOverWire(db, host, port);
  } catch (error) {
    await db.close();
    throw listenError(host, port, error);
  }
  const boundPort = server.port;

  let closing: Promise<void> | undefined;
  return {
    url: `postgresql://postgres@${urlHost(host)}:${boundPort}/postgres`,
    port: boundPort,
    connections: () => server.connections(),
    close: () => (closing ??= closeAll(server, db)),
    dump: () => db.dumpDataDir("gzip"),
  };
}

async function closeAll(server: WireServer, db: PGlite): Promise<void> {
  await server.close();
  // Let a rollback of a transaction left open by a closed connection finish first.
  await db.runExclusive(async () => {});
  await db.close();
}

function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error) => reject(listenError(host, port, error)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function listenError(host: string, port: number, error: unknown): Error {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new Error(`Embedded database could not listen on ${host}:${port} (${reason})`, { cause: error });
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
