// The embedded database (PGlite over the wire protocol), always embedded
// whatever TEST_DATABASE_URL says: this is what `npm start` runs on.
import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createInterface } from "node:readline";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createPrisma } from "../src/db/client";
import { startEmbeddedDatabase } from "../src/db/embedded";
import { migrate } from "../src/db/migrate";
import { emptyEmbeddedDataDir } from "../src/testing/database";

const binPath = fileURLToPath(new URL("../src/bin/embedded-db.ts", import.meta.url));

let scratch: string;
let template: Blob;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "hub-embedded-"));
  template = await emptyEmbeddedDataDir();
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

test("data written through pg survives close and restart on the same data dir", async () => {
  const dataDir = path.join(scratch, "restart");
  const first = await startEmbeddedDatabase({ dataDir, port: 0, initialData: template });
  expect(first.port).toBeGreaterThan(0);
  expect(first.url).toBe(`postgresql://postgres@127.0.0.1:${first.port}/postgres`);
  await withClient(first.url, async (client) => {
    await client.query("CREATE TABLE kept (id int PRIMARY KEY, note text NOT NULL)");
    await client.query("INSERT INTO kept VALUES (1, 'one'), (2, 'two')");
  });
  await first.close();
  await first.close(); // closing twice is harmless

  const second = await startEmbeddedDatabase({ dataDir, port: 0 });
  try {
    const rows = await withClient(
      second.url,
      async (client) => (await client.query("SELECT * FROM kept ORDER BY id")).rows,
    );
    expect(rows).toEqual([
      { id: 1, note: "one" },
      { id: 2, note: "two" },
    ]);
  } finally {
    await second.close();
  }
});

test("a reply larger than the socket can take at once reaches the client intact", async () => {
  // PGlite writes a reply synchronously, in pieces that reuse one buffer of its memory; what the
  // socket cannot send at once waits, and must wait as a copy.
  const database = await startEmbeddedDatabase({ port: 0, initialData: template });
  try {
    const rows = await withClient(database.url, async (client) => {
      const result = await client.query<{ i: number; body: string }>(
        "SELECT i, repeat(md5(i::text), 32) AS body FROM generate_series(1, 20000) AS i ORDER BY i",
      );
      return result.rows;
    });
    expect(rows).toHaveLength(20_000);
    const wrong = rows.filter(
      (r, k) => r.i !== k + 1 || r.body !== createHash("md5").update(String(r.i)).digest("hex").repeat(32),
    );
    expect(wrong).toHaveLength(0);
  } finally {
    await database.close();
  }
});

test("a connection that dies inside a transaction is rolled back and the others go on at once", async () => {
  const database = await startEmbeddedDatabase({ port: 0, initialData: template });
  try {
    await withClient(database.url, (c) => c.query("CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)"));
    await withClient(database.url, (c) => c.query("INSERT INTO counter VALUES (1, 0)"));
    for (let round = 0; round < 3; round++) {
      // As a service killed mid-transaction: its socket closes with the transaction open and a write made.
      const doomed = new pg.Client({ connectionString: database.url });
      doomed.on("error", () => {});
      await doomed.connect();
      await doomed.query("BEGIN");
      await doomed.query("UPDATE counter SET n = n + 1 WHERE id = 1");
      (doomed as unknown as { connection: { stream: import("node:net").Socket } }).connection.stream.destroy();
      const n = await withClient(database.url, async (c) => {
        await c.query("SET statement_timeout = 5000");
        return (await c.query<{ n: number }>("SELECT n FROM counter WHERE id = 1")).rows[0]!.n;
      });
      expect(n).toBe(0);
    }
  } finally {
    await database.close();
  }
});

describe("with the hub's migrations", () => {
  let database: Awaited<ReturnType<typeof startEmbeddedDatabase>>;
  let prisma: ReturnType<typeof createPrisma>;

  beforeAll(async () => {
    database = await startEmbeddedDatabase({ port: 0, initialData: template });
    await migrate({ url: database.url });
    prisma = createPrisma({ url: database.url, poolSize: 20 });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await database?.close();
  });

  test("Prisma reads and writes through the driver adapter", async () => {
    const tenant = await prisma.tenant.create({ data: { slug: "acme", name: "Acme" } });
    const unitId = randomUUID();
    await prisma.orgUnit.create({ data: { id: unitId, tenantId: tenant.id, name: "HQ", path: [unitId], depth: 0 } });
    const member = await prisma.member.create({
      data: { tenantId: tenant.id, orgUnitId: unitId, email: "a@acme.test", displayName: "A", role: "TENANT_ADMIN" },
    });
    expect(member).toMatchObject({ role: "TENANT_ADMIN", tier: "standard", passwordHash: null, tags: [] });

    const event = await prisma.entitlementEvent.create({
      data: { tenantId: tenant.id, entitlementId: randomUUID(), type: "issued", payload: { fen: 500, tags: ["x"] } },
    });
    expect(typeof event.seq).toBe("bigint");
    expect(event.payload).toEqual({ fen: 500, tags: ["x"] });
    expect(event.occurredAt).toBeInstanceOf(Date);

    const [written] = await prisma.$queryRaw<{ xid: string }[]>`
      SELECT xid::text FROM entitlements.entitlement_event WHERE id = ${event.id}::uuid`;
    expect(BigInt(written!.xid)).toBeGreaterThan(0n);
  });

  test("50 concurrent transactions give correct results", async () => {
    const tenant = await prisma.tenant.create({ data: { slug: "busy", name: "Busy" } });
    const unitId = randomUUID();
    await prisma.orgUnit.create({ data: { id: unitId, tenantId: tenant.id, name: "HQ", path: [unitId], depth: 0 } });
    const benefitId = randomUUID();
    await prisma.benefitRedemptions.create({ data: { tenantId: tenant.id, benefitId } });
    const key = { tenantId_benefitId: { tenantId: tenant.id, benefitId } };

    // PGlite runs transactions one at a time, so even an unlocked read-modify-write must count exactly;
    // every fifth transaction fails after writing and must leave no trace.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        prisma.$transaction(
          async (tx) => {
            const row = await tx.benefitRedemptions.findUniqueOrThrow({ where: key });
            await tx.benefitRedemptions.update({ where: key, data: { redeemedCount: row.redeemedCount + 1 } });
            await tx.member.create({
              data: { tenantId: tenant.id, orgUnitId: unitId, email: `m${i}@busy.test`, displayName: `M${i}` },
            });
            if (i % 5 === 4) throw new Error(`abort ${i}`);
          },
          { maxWait: 30_000, timeout: 30_000 },
        ),
      ),
    );

    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(40);
    const rejected = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(rejected.map((outcome) => (outcome as PromiseRejectedResult).reason.message).sort()).toEqual(
      Array.from({ length: 10 }, (_, k) => `abort ${k * 5 + 4}`).sort(),
    );
    expect((await prisma.benefitRedemptions.findUniqueOrThrow({ where: key })).redeemedCount).toBe(40);
    const members = await prisma.member.findMany({ where: { tenantId: tenant.id }, select: { email: true } });
    expect(members).toHaveLength(40);
    expect(members.some((member) => /^m(4|9|14)@/.test(member.email))).toBe(false);
  });
});

test("the embedded-db process prints READY <url>, serves, and stops cleanly on SIGTERM", async () => {
  const dataDir = path.join(scratch, "process");
  await (await startEmbeddedDatabase({ dataDir, port: 0, initialData: template })).close();

  const child = spawn(process.execPath, ["--import", "tsx", binPath], {
    env: { ...process.env, EMBEDDED_DB_DIR: dataDir, EMBEDDED_DB_PORT: "0", NODE_OPTIONS: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const stdout: string[] = [];
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<string>((resolve, reject) => {
    lines.on("line", (line) => {
      stdout.push(line);
      if (line.startsWith("READY ")) resolve(line.slice("READY ".length));
    });
    child.on("exit", (code) => reject(new Error(`embedded-db exited with ${code} before READY`)));
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));

  try {
    const url = await ready;
    expect(url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    await withClient(url, async (client) => {
      expect((await client.query("SELECT 1 + 1 AS two")).rows).toEqual([{ two: 2 }]);
    });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stdout).toEqual([`READY ${url}`]);
    expect(stderr).toContain("embedded database closed");
  } finally {
    child.kill("SIGKILL");
  }
});
