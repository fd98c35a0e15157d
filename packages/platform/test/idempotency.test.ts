// The shared idempotency guard against a real database: a retry answers the
// first result, a different request is a conflict, concurrent retries run the
// work once, a change and its record commit together (ambient marking), and a
// crashed attempt is taken over only when it changed nothing.
import { randomUUID } from "node:crypto";
import { createPrisma, type PrismaClient } from "../src/db/client";
import { createTestDatabase, type TestDatabase } from "../src/testing/database";
import { isUsableKey, MESSAGES, MutationKeys, requestHash, type PayloadShape } from "../src/idempotency";
import type { Identity } from "../src/identity/identity";

let database: TestDatabase;
let db: PrismaClient;
let tenantId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrisma({ url: database.url, poolSize: 5 });
  tenantId = (await db.tenant.create({ data: { slug: `idem-${randomUUID().slice(0, 8)}`, name: "Idempotency" } })).id;
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** A tiny "service": creates a tenant row in a transaction and answers with it. */
const shape: PayloadShape = { refs: { tenant: "Tenant" }, values: ["note"] };
const keys = (options = {}) =>
  new MutationKeys(db, "membership", { Tenant: (ids) => db.tenant.findMany({ where: { id: { in: ids } } }) }, options);
const viewer = (): Identity => ({
  kind: "member",
  memberId: randomUUID(),
  tenantId,
  role: "TENANT_ADMIN",
  orgUnitId: randomUUID(),
});

function createTenant(slug: string) {
  return async () => {
    const tenant = await db.$transaction((tx) => tx.tenant.create({ data: { slug, name: slug } }));
    return { tenant, note: `made ${slug}`, errors: [] as unknown[] };
  };
}
const count = (slug: string) => db.tenant.count({ where: { slug } });
const args = (slug: string, key: string | null) => ({ input: { slug, idempotencyKey: key } });

test("a retry answers the first result (rows read again) and changes nothing", async () => {
  const k = keys();
  const who = viewer();
  const slug = `t-${randomUUID().slice(0, 8)}`;
  const first = await k.run(who, "createTenant", args(slug, "key-1"), shape, createTenant(slug));
  const again = await k.run(who, "createTenant", args(slug, "key-1"), shape, createTenant(slug));
  expect(again).toEqual({ tenant: first.tenant, note: `made ${slug}`, errors: [] });
  expect(await count(slug)).toBe(1);
});

test("the same key with a different request is refused and nothing changes", async () => {
  const k = keys();
  const who = viewer();
  const a = `t-${randomUUID().slice(0, 8)}`;
  const b = `t-${randomUUID().slice(0, 8)}`;
  await k.run(who, "createTenant", args(a, "key-2"), shape, createTenant(a));
  const refused = (await k.run(who, "createTenant", args(b, "key-2"), shape, createTenant(b))) as Record<
    string,
    unknown
  >;
  expect(refused.errors).toEqual([
    { code: "IDEMPOTENCY_CONFLICT", message: MESSAGES.conflict, field: "idempotencyKey" },
  ]);
  expect(await count(b)).toBe(0);
});

test("keys are scoped to the caller and the mutation; no key means no record", async () => {
  const k = keys();
  const slugs = [0, 1, 2].map(() => `t-${randomUUID().slice(0, 8)}`);
  await k.run(viewer(), "createTenant", args(slugs[0]!, "shared"), shape, createTenant(slugs[0]!));
  await k.run(viewer(), "createTenant", args(slugs[1]!, "shared"), shape, createTenant(slugs[1]!));
  const who = viewer();
  await k.run(who, "createTenant", args(slugs[2]!, "shared"), shape, createTenant(slugs[2]!));
  await k.run(who, "otherMutation", args(slugs[2]!, "shared"), shape, async () => ({ errors: [] }));
  for (const slug of slugs) expect(await count(slug)).toBe(1);
  const slug = `t-${randomUUID().slice(0, 8)}`;
  await k.run(who, "createTenant", args(slug, null), shape, createTenant(slug));
  const unkeyed = await k.run(who, "createTenant", args(slug, null), shape, async () => ({ errors: ["ran again"] }));
  expect(unkeyed).toEqual({ errors: ["ran again"] });
  expect(await count(slug)).toBe(1);
});

test("a key too long or with control characters is refused before anything runs", async () => {
  const k = keys();
  for (const key of ["x".repeat(201), "a\u0000b", "line\nbreak"]) {
    let ran = false;
    const answer = (await k.run(viewer(), "createTenant", args("never", key), shape, async () => {
      ran = true;
      return { errors: [] };
    })) as { errors: { code: string; message: string }[] };
    expect(answer.errors).toEqual([
      { code: "IDEMPOTENCY_CONFLICT", message: MESSAGES.tooLong, field: "idempotencyKey" },
    ]);
    expect(ran).toBe(false);
  }
});

test("concurrent requests with one key do the work once and all answer the same", async () => {
  const k = keys();
  const who = viewer();
  const slug = `t-${randomUUID().slice(0, 8)}`;
  let runs = 0;
  const work = async () => {
    runs += 1;
    return createTenant(slug)();
  };
  const answers = await Promise.all(
    Array.from({ length: 6 }, () => k.run(who, "createTenant", args(slug, "burst"), shape, work)),
  );
  expect(runs).toBe(1);
  expect(await count(slug)).toBe(1);
  for (const a of answers) expect((a as { tenant: { id: string } }).tenant.id).toBe(answers[0]!.tenant.id);
});

test("a retry that waits too long for the first attempt answers IN_PROGRESS", async () => {
  const k = keys({ waitMs: 200, pollMs: 20 });
  const who = viewer();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const first = k.run(who, "createTenant", args("slow", "slow-key"), shape, async () => {
    await gate;
    return { errors: [] };
  });
  await new Promise((r) => setTimeout(r, 50));
  const second = (await k.run(who, "createTenant", args("slow", "slow-key"), shape, async () => ({
    errors: [{ code: "RAN" }],
  }))) as {
    errors: { code: string }[];
  };
  expect(second.errors[0]!.code).toBe("IN_PROGRESS");
  release();
  await first;
});

const recordOf = (who: Identity, key: string) =>
  db.membershipIdempotencyRecord.findFirstOrThrow({
    where: { tenantId, actor: `member:${(who as { memberId: string }).memberId}`, operation: "createTenant", key },
  });

test("the record is marked in the change's transaction: after a crash past the commit, a retry does not do it again", async () => {
  const k = keys({ leaseMs: 100 });
  const who = viewer();
  const slug = `t-${randomUUID().slice(0, 8)}`;
  // The process "dies" after its transaction committed, before the answer is stored.
  await expect(
    k.run(who, "createTenant", args(slug, "crash-after"), shape, async () => {
      await createTenant(slug)();
      throw new Error("process died");
    }),
  ).rejects.toThrow("process died");
  expect((await recordOf(who, "crash-after")).state).toBe("APPLIED");
  await new Promise((r) => setTimeout(r, 150));
  const retry = (await k.run(who, "createTenant", args(slug, "crash-after"), shape, createTenant(slug))) as {
    errors: { code: string; message: string }[];
  };
  expect(retry.errors[0]).toMatchObject({ code: "IN_PROGRESS", message: MESSAGES.lost });
  expect(await count(slug)).toBe(1);
});

test("an attempt that changed nothing frees its key; a dead one's lease is taken over", async () => {
  const k = keys({ leaseMs: 100 });
  const who = viewer();
  const slug = `t-${randomUUID().slice(0, 8)}`;
  // A transaction that fails rolls the mark back with the change; the key is free again.
  await expect(
    k.run(who, "createTenant", args(slug, "rolled-back"), shape, () =>
      db.$transaction(async (tx) => {
        await tx.tenant.create({ data: { slug, name: slug } });
        throw new Error("constraint");
      }),
    ),
  ).rejects.toThrow("constraint");
  await k.run(who, "createTenant", args(slug, "rolled-back"), shape, createTenant(slug));
  expect(await count(slug)).toBe(1);

  // A process that died before its change left an IN_PROGRESS record whose lease runs out.
  const other = `t-${randomUUID().slice(0, 8)}`;
  const actor = `member:${(who as { memberId: string }).memberId}`;
  await db.membershipIdempotencyRecord.create({
    data: {
      tenantId,
      actor,
      operation: "createTenant",
      key: "dead",
      requestHash: requestHash("createTenant", { input: { slug: other } }),
      leaseUntil: new Date(Date.now() - 1000),
    },
  });
  await k.run(who, "createTenant", args(other, "dead"), shape, createTenant(other));
  expect(await count(other)).toBe(1);
  expect((await recordOf(who, "dead")).state).toBe("DONE");
});

test.each([
  ["k-1", true],
  ["键", true],
  ["x".repeat(200), true],
  ["", false],
  ["x".repeat(201), false],
  ["a\u0000b", false],
  ["line\nbreak", false],
])("isUsableKey(%p) is %p", (key, usable) => {
  expect(isUsableKey(key)).toBe(usable);
});
