// LISTEN/NOTIFY through the embedded database's wire server (always embedded:
// PGlite is one session, so the server must route notifications itself), and
// the pieces that make messages fit NOTIFY.
import pg from "pg";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../src/db/embedded";
import { ReplyFilter } from "../src/db/pglite-notifications";
import { encodeFrames, FRAME_BYTES, FrameAssembler, PubSubMessageTooLarge } from "../src/pubsub/notify-frames";
import { emptyEmbeddedDataDir } from "../src/testing/database";

let database: EmbeddedDatabase;
const clients: pg.Client[] = [];

beforeAll(async () => {
  database = await startEmbeddedDatabase({ port: 0, initialData: await emptyEmbeddedDataDir() });
});

afterAll(async () => {
  for (const client of clients) await client.end().catch(() => {});
  await database.close();
});

async function connect(): Promise<{ client: pg.Client; heard: string[] }> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  clients.push(client);
  const heard: string[] = [];
  client.on("notification", (n) => heard.push(`${n.channel}:${n.payload}`));
  return { client, heard };
}

/** A round trip on every client: a notification sent before it has been written to its socket by then. */
const settle = (...all: { client: pg.Client }[]) => Promise.all(all.map(({ client }) => client.query("SELECT 1")));

test("a notification reaches the connections that listen, not the one that sent it", async () => {
  const listener = await connect();
  const other = await connect();
  const sender = await connect();
  await listener.client.query('LISTEN "hub.a"');
  await other.client.query("LISTEN hub_b");
  await sender.client.query("SELECT pg_notify('hub.a', 'one')");
  await settle(listener);
  await sender.client.query("BEGIN");
  await sender.client.query("SELECT pg_notify('hub.a', 'in a transaction')");
  expect(listener.heard).toEqual(["hub.a:one"]); // the transaction's notification waits for its commit
  await sender.client.query("COMMIT");
  await sender.client.query("NOTIFY hub_b, 'unquoted'");
  await settle(listener, other, sender);
  expect(listener.heard).toEqual(["hub.a:one", "hub.a:in a transaction"]);
  expect(other.heard).toEqual(["hub_b:unquoted"]);
  expect(sender.heard).toEqual([]);
});

test("one connection's UNLISTEN or disconnect leaves the others listening", async () => {
  const a = await connect();
  const b = await connect();
  const sender = await connect();
  await a.client.query('LISTEN "hub.c"');
  await b.client.query('LISTEN "hub.c"');
  await a.client.query('UNLISTEN "hub.c"');
  await sender.client.query("SELECT pg_notify('hub.c', 'after unlisten')");
  await b.client.query('UNLISTEN *; LISTEN "hub.c"');
  await a.client.query('LISTEN "hub.c"');
  await a.client.end();
  await sender.client.query("SELECT pg_notify('hub.c', 'after disconnect')");
  await settle(b, sender);
  expect(a.heard).toEqual([]);
  expect(b.heard).toEqual(["hub.c:after unlisten", "hub.c:after disconnect"]);
});

test("replies are forwarded unchanged around notifications, however the stream is cut", () => {
  const message = (type: string, body: Buffer) => {
    const header = Buffer.alloc(5);
    header.write(type, 0);
    header.writeInt32BE(4 + body.length, 1);
    return Buffer.concat([header, body]);
  };
  const notification = message("A", Buffer.concat([Buffer.alloc(4), Buffer.from("chan\0payload\0")]));
  const rows = [
    message("D", Buffer.alloc(3000, 7)),
    message("C", Buffer.from("SELECT 1\0")),
    message("Z", Buffer.from("I")),
  ];
  const stream = Buffer.concat([rows[0]!, notification, rows[1]!, notification, rows[2]!]);
  for (const cut of [1, 2, 3, 4, 5, 6, 17, 1000, 3004, 3005, 3006, 3010, stream.length - 1]) {
    const forwarded: Buffer[] = [];
    const routed: Buffer[] = [];
    const filter = new ReplyFilter(
      (chunk) => forwarded.push(Buffer.from(chunk)),
      (m) => routed.push(m),
    );
    filter.push(stream.subarray(0, cut));
    filter.push(stream.subarray(cut));
    filter.end();
    expect(Buffer.concat(forwarded).equals(Buffer.concat(rows))).toBe(true);
    expect(routed).toEqual([notification, notification]);
  }
});

test("a large message is cut into frames under NOTIFY's limit and put together again", () => {
  const payload = { text: "福利".repeat(10_000), emoji: "🎁".repeat(3_000) };
  const frames = encodeFrames("s1", 7, { topic: "t", payload });
  expect(frames.length).toBeGreaterThan(1);
  for (const frame of frames) expect(Buffer.byteLength(frame)).toBeLessThan(8000);
  const small = encodeFrames("s1", 8, { topic: "t", payload: { n: 1 } });
  const assembler = new FrameAssembler();
  // Frames of another message in between, its own frames out of order and one twice.
  const arrivals = [frames[2]!, small[0]!, ...frames.slice(0, 2), frames[0]!, ...frames.slice(3)];
  const messages = arrivals.map((f) => assembler.accept(f)).filter(Boolean);
  expect(messages).toEqual([
    { topic: "t", payload: { n: 1 } },
    { topic: "t", payload },
  ]);
  expect(assembler.accept("not a frame")).toBeUndefined();
  expect(assembler.accept("s:1:0:1:{not json")).toBeUndefined();
  expect(() => encodeFrames("s1", 9, { topic: "t", payload: "x".repeat(300 * 1024) })).toThrow(PubSubMessageTooLarge);
  expect(FRAME_BYTES).toBeLessThan(8000 - 64);
});
