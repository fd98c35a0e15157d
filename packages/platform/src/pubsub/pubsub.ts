// Pub/sub for live updates, shared by every process of the hub: PostgreSQL
// LISTEN/NOTIFY on the hub's own database by default (the embedded database
// too, so it needs no set-up), Redis when REDIS_URL is set. In-process only
// for unit tests that ask for it. Only notifications travel here, at most
// once and lost while a process is disconnected (it hears `onReconnect`);
// durable hand-over between domains goes through the outbox.
import { setTimeout as sleep } from "node:timers/promises";
import { PubSub as MemoryPubSub, type PubSubEngine } from "graphql-subscriptions";
import { RedisPubSub } from "graphql-redis-subscriptions";
import { Redis } from "ioredis";
import type { Logger } from "../logger";
import { postgresPubSub } from "./postgres-pubsub";

export interface HubPubSub {
  readonly kind: "memory" | "redis" | "postgres";
  publish<T>(topic: string, payload: T): Promise<void>;
  subscribe<T>(topic: string): AsyncIterableIterator<T>;
  /** Calls `listener` each time the broker connection came back: messages published meanwhile were missed. */
  onReconnect?(listener: () => void): () => void;
  close(): Promise<void>;
}

/** A pub/sub on a broker: `ready()` resolves once this process hears messages. */
export interface BrokerPubSub extends HubPubSub {
  ready(): Promise<void>;
  onReconnect(listener: () => void): () => void;
}

export interface PubSubOptions {
  /** Redis, when set. */
  redisUrl?: string;
  /** Otherwise LISTEN/NOTIFY on this PostgreSQL database (the hub's own). */
  databaseUrl?: string;
  log?: Logger;
}

export function createPubSub(options: PubSubOptions): BrokerPubSub {
  if (options.redisUrl) return redisPubSub(options.redisUrl, options.log);
  if (options.databaseUrl) return postgresPubSub({ url: options.databaseUrl, log: options.log });
  throw new Error("pub/sub needs a broker: DATABASE_URL (PostgreSQL LISTEN/NOTIFY) or REDIS_URL");
}

/** Within this process only: for unit tests and one-off scripts that nothing else listens to. */
export function createInProcessPubSub(): BrokerPubSub {
  return {
    ...wrap("memory", new MemoryPubSub()),
    ready: async () => {},
    onReconnect: () => () => {},
    close: async () => {},
  };
}

function wrap(kind: HubPubSub["kind"], engine: PubSubEngine) {
  return {
    kind,
    publish: <T>(topic: string, payload: T) => engine.publish(topic, payload),
    subscribe: <T>(topic: string) => engine.asyncIterableIterator<T>(topic),
  };
}

function redisPubSub(url: string, log?: Logger): BrokerPubSub {
  // ioredis reconnects by itself and subscribes again to the channels it had.
  const options = { maxRetriesPerRequest: 3, lazyConnect: false };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  const engine = new RedisPubSub({ publisher, subscriber });
  const reconnectListeners = new Set<() => void>();
  let connectedBefore = false;
  const ready = new Promise<void>((resolve) => {
    subscriber.on("ready", () => {
      if (connectedBefore) {
        log?.info("pub/sub connected to Redis again; messages sent meanwhile were missed");
        for (const listener of reconnectListeners) listener();
      }
      connectedBefore = true;
      resolve();
    });
  });
  let lastError = "";
  for (const client of [publisher, subscriber]) {
    client.on("error", (error: Error) => {
      if (error.message !== lastError) log?.warn({ err: error.message }, "pub/sub lost Redis; reconnecting");
      lastError = error.message;
    });
    client.on("ready", () => (lastError = ""));
  }
  return {
    ...wrap("redis", engine),
    ready: () => ready,
    onReconnect: (listener) => {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    close: async () => {
      // QUIT waits for a connection that may be gone; disconnect() also stops reconnecting.
      await Promise.race([engine.close(), sleep(1_000, undefined, { ref: false })]).catch(() => {});
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
