// Pub/sub over PostgreSQL LISTEN/NOTIFY on the hub's own database (real
// PostgreSQL, or the embedded PGlite server, which routes notifications to
// the connections that listen). Every message goes on one channel, its topic
// inside, so topics need no LISTEN of their own and any name fits. Each
// process holds one listening connection, listens again after losing it, and
// fans messages out to its local subscribers.
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { PubSub as LocalPubSub } from "graphql-subscriptions";
import type { Logger } from "../logger";
import { encodeFrames, FrameAssembler } from "./notify-frames";
import type { BrokerPubSub } from "./pubsub";

export const PUBSUB_CHANNEL = "benefits_hub_pubsub";
/** How often the listening connection is checked; a check that fails or hangs this long reconnects. */
const HEARTBEAT_MS = 30_000;
const MAX_BACKOFF_MS = 5_000;

export interface PostgresPubSubOptions {
  url: string;
  log?: Logger;
  channel?: string;
  heartbeatMs?: number;
}

export function postgresPubSub(options: PostgresPubSubOptions): BrokerPubSub {
  return new PostgresPubSub(options);
}

class PostgresPubSub implements BrokerPubSub {
  readonly kind = "postgres" as const;
  private readonly local = new LocalPubSub();
  private readonly frames = new FrameAssembler();
  private readonly sender = randomBytes(6).toString("hex");
  private readonly channel: string;
  private readonly publisher: pg.Pool;
  private readonly reconnectListeners = new Set<() => void>();
  private readonly listening: Promise<void>;
  private markListening!: () => void;
  private listener: pg.Client | null = null;
  private nextMessageId = 1;
  private readonly closing = new AbortController();
  private readonly closedSignal = new Promise<string>((resolve) =>
    this.closing.signal.addEventListener("abort", () => resolve("closed"), { once: true }),
  );

  constructor(private readonly options: PostgresPubSubOptions) {
    this.channel = options.channel ?? PUBSUB_CHANNEL;
    this.publisher = new pg.Pool({
      connectionString: options.url,
      max: 2,
      idleTimeoutMillis: 30_000,
      application_name: "hub-pubsub",
    });
    // An idle publishing connection that breaks is replaced by the pool; the error needs a listener.
    this.publisher.on("error", (error) => this.options.log?.warn({ err: error.message }, "pub/sub publisher lost"));
    this.listening = new Promise((resolve) => (this.markListening = resolve));
    void this.listenForever();
  }

  async publish<T>(topic: string, payload: T): Promise<void> {
    const frames = encodeFrames(this.sender, this.nextMessageId++, { topic, payload });
    // One statement: its notifications are delivered together, at its commit.
    await this.publisher.query("SELECT pg_notify($1, frame) FROM unnest($2::text[]) AS frame", [this.channel, frames]);
  }

  subscribe<T>(topic: string): AsyncIterableIterator<T> {
    return this.local.asyncIterableIterator<T>(topic);
  }

  ready(): Promise<void> {
    return this.listening;
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closing.abort();
    await this.listener?.end().catch(() => {});
    await this.publisher.end().catch(() => {});
  }

  private async listenForever(): Promise<void> {
    let backoff = 100;
    let connectedBefore = false;
    while (!this.closed) {
      const client = new pg.Client({ connectionString: this.options.url, application_name: "hub-pubsub-listener" });
      const lost = new Promise<string>((resolve) => {
        client.on("error", (error) => resolve(error.message));
        client.on("end", () => resolve("connection ended"));
      });
      try {
        await client.connect();
        client.on("notification", (notification) => this.receive(notification));
        await client.query(`LISTEN "${this.channel}"`);
        this.listener = client;
        backoff = 100;
        this.frames.clear();
        if (connectedBefore) {
          this.options.log?.info("pub/sub listening again; messages sent meanwhile were missed");
          for (const listener of this.reconnectListeners) listener();
        }
        connectedBefore = true;
        this.markListening();
        const reason = await Promise.race([lost, this.heartbeat(client), this.closedSignal]);
        if (this.closed) return;
        this.options.log?.warn({ reason }, "pub/sub listener lost its connection; listening again");
      } catch (error) {
        if (this.closed) return;
        this.options.log?.warn({ err: (error as Error).message }, "pub/sub could not listen; retrying");
      }
      this.listener = null;
      client.removeAllListeners("notification");
      client.on("error", () => {}); // a late error from the dropped connection
      void client.end().catch(() => {});
      await this.sleep(backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  /** Resolves with a reason once the connection stops answering (a half-open TCP connection never ends by itself). */
  private async heartbeat(client: pg.Client): Promise<string> {
    const interval = this.options.heartbeatMs ?? HEARTBEAT_MS;
    for (;;) {
      await this.sleep(interval);
      if (this.closed) return "closed";
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve("heartbeat unanswered"), interval);
        timer.unref();
      });
      const answer = client.query("SELECT 1").then(
        () => null,
        (error: Error) => `heartbeat failed: ${error.message}`,
      );
      const failure = await Promise.race([answer, timeout]);
      clearTimeout(timer);
      if (failure) return failure;
    }
  }

  private receive(notification: pg.Notification): void {
    if (notification.channel !== this.channel || notification.payload === undefined) return;
    const message = this.frames.accept(notification.payload);
    if (message) void this.local.publish(message.topic, message.payload);
  }

  private get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Waits `ms`, or less when closing. */
  private sleep(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.closing.signal, ref: false }).catch(() => {});
  }
}
