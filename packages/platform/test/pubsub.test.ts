// The hub's pub/sub between separate instances (as between processes), on
// the broker `npm start` uses: LISTEN/NOTIFY on the test database (embedded,
// or TEST_DATABASE_URL's server), or Redis with TEST_REDIS_URL.
import { createServer, connect as tcpConnect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { createPubSub, createInProcessPubSub, type BrokerPubSub } from "../src/pubsub/pubsub";
import { createLogger } from "../src/logger";
import { createEmptyTestDatabase, type TestDatabase } from "../src/testing/database";

const log = createLogger("pubsub-test", process.env.TEST_LOG_LEVEL ?? "silent");
let database: TestDatabase;
const opened: BrokerPubSub[] = [];

beforeAll(async () => {
  database = await createEmptyTestDatabase();
});

afterAll(async () => {
  for (const pubsub of opened) await pubsub.close();
  await database.drop();
});

/** An instance on the test's broker; through `viaPort` (a proxy on this machine) when given. */
async function open(viaPort?: number): Promise<BrokerPubSub> {
  const via = (url: string | undefined) => {
    if (!url || !viaPort) return url;
    const proxied = new URL(url);
    proxied.host = `127.0.0.1:${viaPort}`;
    return proxied.toString();
  };
  const pubsub = createPubSub({ redisUrl: via(process.env.TEST_REDIS_URL), databaseUrl: via(database.url), log });
  opened.push(pubsub);
  await pubsub.ready();
  return pubsub;
}

/** The next `count` messages on `topic`, or what arrived when `ms` passed. */
async function collect<T>(iterator: AsyncIterableIterator<T>, count: number, ms = 10_000): Promise<T[]> {
  const got: T[] = [];
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
  const reading = (async () => {
    while (got.length < count) {
      const next = await iterator.next();
      if (next.done) return;
      got.push(next.value);
    }
  })();
  await Promise.race([reading, timeout]);
  return got;
}

const uniqueTopic = (name: string) => `test.${name}.${Math.random().toString(36).slice(2)}`;

test("a message published by one instance reaches the subscribers of every instance, on their topic only", async () => {
  const [a, b] = [await open(), await open()];
  const topic = uniqueTopic("fanout");
  expect(a.kind).toBe(process.env.TEST_REDIS_URL ? "redis" : "postgres");
  const onA = a.subscribe<{ n: number }>(topic);
  const onB = b.subscribe<{ n: number }>(topic);
  const elsewhere = b.subscribe<{ n: number }>(uniqueTopic("other"));
  const heard = Promise.all([collect(onA, 2), collect(onB, 2), collect(elsewhere, 1, 1_500)]);
  // Redis subscribes to a topic's channel when first asked: give it that round trip.
  await new Promise((r) => setTimeout(r, 200));
  await a.publish(topic, { n: 1 });
  await b.publish(topic, { n: 2 });
  const [gotA, gotB, gotElsewhere] = await heard;
  expect(gotA).toEqual([{ n: 1 }, { n: 2 }]);
  expect(gotB).toEqual([{ n: 1 }, { n: 2 }]);
  expect(gotElsewhere).toEqual([]);
});

test("a payload over NOTIFY's 8000 bytes arrives whole", async () => {
  const [a, b] = [await open(), await open()];
  const topic = uniqueTopic("large");
  const payload = { names: Array.from({ length: 2_000 }, (_, i) => `会员-${i}-🎁`) };
  const heard = collect(b.subscribe(topic), 1);
  await new Promise((r) => setTimeout(r, 200));
  await a.publish(topic, payload);
  expect(await heard).toEqual([payload]);
});

test("after its connection drops, an instance listens again, says so, and hears what is published next", async () => {
  const proxy = await startProxy(new URL(process.env.TEST_REDIS_URL ?? database.url));
  const listener = await open(proxy.port);
  const publisher = await open();
  let reconnects = 0;
  const reconnected = new Promise<void>((resolve) =>
    listener.onReconnect(() => {
      reconnects += 1;
      resolve();
    }),
  );
  const topic = uniqueTopic("reconnect");
  const events = listener.subscribe<{ n: number }>(topic);
  const heard = collect(events, 1);
  await new Promise((r) => setTimeout(r, 200));
  proxy.cutAll();
  await reconnected;
  await new Promise((r) => setTimeout(r, 200)); // Redis subscribes again to the topic's channel after ready
  await publisher.publish(topic, { n: 1 });
  expect(await heard).toEqual([{ n: 1 }]);
  expect(reconnects).toBe(1);
  await listener.close();
  proxy.close();
});

test("createPubSub needs a broker; the in-process one is asked for by name", async () => {
  expect(() => createPubSub({})).toThrow(/DATABASE_URL .* or REDIS_URL/);
  const local = createInProcessPubSub();
  const heard = collect(local.subscribe("t"), 1);
  await local.publish("t", { ok: true });
  expect(await heard).toEqual([{ ok: true }]);
});

/** A TCP proxy to the database whose connections the test can cut. */
async function startProxy(target: URL): Promise<{ port: number; cutAll(): void; close(): void }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cutAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
