// Pub/sub for live updates: in-process by default, Redis when REDIS_URL is
// set so that several instances of a service share events. Only notifications
// travel here; durable hand-over between domains goes through the outbox.
import { PubSub as MemoryPubSub, type PubSubEngine } from "graphql-subscriptions";
import { RedisPubSub } from "graphql-redis-subscriptions";
import { Redis } from "ioredis";

export interface HubPubSub {
  readonly kind: "memory" | "redis";
  publish<T>(topic: string, payload: T): Promise<void>;
  subscribe<T>(topic: string): AsyncIterableIterator<T>;
  close(): Promise<void>;
}

export function createPubSub(redisUrl?: string): HubPubSub {
  return redisUrl ? redisPubSub(redisUrl) : memoryPubSub();
}

function wrap(kind: HubPubSub["kind"], engine: PubSubEngine, close: () => Promise<void>): HubPubSub {
  return {
    kind,
    publish: (topic, payload) => engine.publish(topic, payload),
    subscribe: <T>(topic: string) => engine.asyncIterableIterator<T>(topic),
    close,
  };
}

function memoryPubSub(): HubPubSub {
  return wrap("memory", new MemoryPubSub(), async () => {});
}

function redisPubSub(url: string): HubPubSub {
  const options = { maxRetriesPerRequest: 3, lazyConnect: false };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  const engine = new RedisPubSub({ publisher, subscriber });
  return wrap("redis", engine, async () => {
    await engine.close();
  });
}
