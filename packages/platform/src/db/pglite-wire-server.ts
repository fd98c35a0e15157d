// Serves one PGlite instance over the PostgreSQL wire protocol to many
// connections. PGlite has a single session, so two things must hold that
// pglite-socket's server does not guarantee: a connection's extended-protocol
// group (Parse/Bind/Describe/Execute ... up to Sync) runs without another
// connection's messages in between (they share the unnamed statement and
// portal), and while a connection has a transaction open, only it runs.
// Notifications go to the connections that listen (pglite-notifications.ts).
import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { NotificationRouter, simpleQuery } from "./pglite-notifications";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const GSS_REQUEST = 80877104;
/** Message types after which the backend answers: Sync, simple Query, Flush. */
const GROUP_ENDS = new Set(["S", "Q", "H"]);

interface Job {
  connection: number;
  /** Whole protocol messages; null asks for the connection's transaction to be rolled back. */
  messages: Uint8Array | null;
  onData: (chunk: Uint8Array) => void;
  done: (error?: unknown) => void;
}

/** Runs jobs one at a time on the single session, the transaction holder's first. */
class SessionScheduler {
  private queue: Job[] = [];
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  submit(job: Job): void {
    this.queue.push(job);
    void this.pump();
  }

  /** A connection went away: drop its pending work and end any transaction it left open. */
  release(connection: number): void {
    this.queue = this.queue.filter(
      (job) => job.connection !== connection || (job.done(new Error("connection closed")), false),
    );
    if (this.owner === connection) this.submit({ connection, messages: null, onData: () => {}, done: () => {} });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index =
          this.owner === null
            ? this.queue.length > 0
              ? 0
              : -1
            : this.queue.findIndex((j) => j.connection === this.owner);
        if (index === -1) return;
        const [job] = this.queue.splice(index, 1) as [Job];
        if (this.db.closed) {
          job.done(new Error("the database is closed"));
          continue;
        }
        try {
          await this.db.runExclusive(async () => {
            // Raw protocol only: exec() would wait for the query mutex this callback already holds.
            const messages = job.messages ?? (this.db.isInTransaction() ? simpleQuery("ROLLBACK") : null);
            if (messages) await this.db.execProtocolRawStream(messages, { onRawData: job.onData });
          });
          job.done();
        } catch (error) {
          job.done(error);
        }
        this.owner = !this.db.closed && this.db.isInTransaction() ? job.connection : null;
      }
    } finally {
      this.running = false;
    }
  }
}

export interface WireServer {
  port: number;
  /** Client connections open now. */
  connections(): number;
  close(): Promise<void>;
}

export async function serveOverWire(db: PGlite, host: string, port: number): Promise<WireServer> {
  const scheduler = new SessionScheduler(db);
  const notifications = new NotificationRouter();
  const sockets = new Set<Socket>();
  /** Runs `sql` on the session for `connection` (queued like its own messages), its reply dropped. */
  let closing = false;
  const runOnSession = (connection: number, sql: string) => {
    if (closing) return;
    const reply = notifications.replyFilter(() => {});
    scheduler.submit({ connection, messages: simpleQuery(sql), onData: (c) => reply.push(c), done: () => reply.end() });
  };
  let nextId = 1;
  const server: Server = createServer((socket) => {
    const id = nextId++;
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffer = Buffer.alloc(0);
    let pending: Buffer[] = [];
    let started = false;
    let chain = Promise.resolve();
    // A copy: PGlite hands its reply as views of its WebAssembly memory, which it reuses for the next
    // message, while a socket keeps a chunk it cannot send at once (the client reads slowly) by
    // reference. Writing the view itself let later replies overwrite what waited, and the client then
    // read garbage (seen as node-postgres failing on a DataRow of absurd length under load).
    const write = (chunk: Uint8Array) => {
      if (chunk.length > 0 && socket.writable) socket.write(Buffer.from(chunk));
    };
    notifications.register(id, write);

    const run = (messages: Buffer) =>
      new Promise<void>((resolve) => {
        const reply = notifications.replyFilter(write);
        const relisten = notifications.observe(id, messages);
        scheduler.submit({
          connection: id,
          messages: new Uint8Array(messages),
          onData: (chunk) => reply.push(chunk),
          done: (error) => {
            reply.end();
            if (error) socket.destroy();
            resolve();
          },
        });
        // Queued right behind, so no other connection's NOTIFY runs in between.
        for (const sql of relisten) runOnSession(id, sql);
      });

    socket.on("data", (data) => {
      buffer = buffer.length === 0 ? data : Buffer.concat([buffer, data]);
      for (;;) {
        if (!started) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          if (buffer.length < length) return;
          const code = buffer.readInt32BE(4);
          const message = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          if (code === SSL_REQUEST || code === GSS_REQUEST) {
            socket.write("N");
          } else if (code === CANCEL_REQUEST) {
            socket.end();
            return;
          } else {
            started = true;
            chain = chain.then(() => run(Buffer.from(message)));
          }
          continue;
        }
        if (buffer.length < 5) return;
        const length = 1 + buffer.readInt32BE(1);
        if (buffer.length < length) return;
        const type = String.fromCharCode(buffer[0]!);
        pending.push(Buffer.from(buffer.subarray(0, length)));
        buffer = buffer.subarray(length);
        if (type === "X") {
          socket.end();
          return;
        }
        if (GROUP_ENDS.has(type)) {
          const group = Buffer.concat(pending);
          pending = [];
          chain = chain.then(() => run(group));
        }
      }
    });
    const cleanup = () => {
      if (!sockets.delete(socket)) return;
      void chain.then(() => {
        scheduler.release(id);
        for (const sql of notifications.release(id)) runOnSession(id, sql);
      });
    };
    socket.on("close", cleanup);
    socket.on("error", cleanup);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
