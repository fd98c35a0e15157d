// The catalog's outbox for analytics, at service level against a real
// database and a simulated supplier: each top-up order transition and each
// card-code allocation of a supplier's SKU writes exactly one event in its own
// transaction (none when the transaction fails or nothing changed); a
// statement import keeps the statement and writes one event per line, a
// re-import writes nothing; planted discrepancies come through as lines.
import { randomUUID } from "node:crypto";
import {
  CATALOG_OUTBOX_TOPIC,
  createInProcessPubSub,
  createLogger,
  type Identity,
  type OutboxEvent,
} from "@benefits-hub/platform";
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@benefits-hub/platform/testing/database";
import { startSupplierSimulator, type RunningSimulator } from "@benefits-hub/supplier-simulator";
import { testSecrets } from "../../../../test/support/secrets";
import { CodeKeyRing } from "../../src/crypto/key-ring";
import { CardCodeRepository } from "../../src/data/codes/card-code.repository";
import { catalogOutboxReader } from "../../src/data/outbox.repository";
import { TopupRepository } from "../../src/data/suppliers/topup.repository";
import { CardCodeService } from "../../src/domain/codes/code.service";
import { createSupplierServices, type SupplierServices } from "../../src/domain/suppliers";
import { SUPPLIER_EVENT, SupplierEvents } from "../../src/domain/suppliers/supplier-events";
import { TopupWorker } from "../../src/domain/suppliers/topup-worker";
import { SupplierRegistry } from "../../src/suppliers/registry";

let database: TestDatabase;
let db: PrismaClient;
let sim: RunningSimulator;
let services: SupplierServices;
let worker: TopupWorker;
let codes: CardCodeService;
let keyRing: CodeKeyRing;
const pubsub = createInProcessPubSub();
const log = createLogger("catalog-test", "silent");
const operator: Identity = {
  kind: "member",
  memberId: randomUUID(),
  tenantId: randomUUID(),
  role: "PLATFORM_OPERATOR",
  orgUnitId: randomUUID(),
};
const entitlements: Identity = { kind: "service", service: "entitlements" };
let supplierId: string;
let topupSku: { id: string; costPriceFen: number };
let codeSku: { id: string; costPriceFen: number };
const start = new Date();

beforeAll(async () => {
  database = await createTestDatabase();
  db = createPrisma({ url: database.url, poolSize: 4 });
  const secret = `sim-secret-${randomUUID()}`;
  sim = await startSupplierSimulator({
    port: 0,
    secret,
    seed: 5,
    behaviour: { latencyMs: [0, 1], processingMs: 0, timeoutDelayMs: null },
  });
  keyRing = CodeKeyRing.fromConfig(testSecrets().codeKeys);
  const deps = { db, log, pubsub, keyRing };
  services = createSupplierServices(deps);
  worker = new TopupWorker(
    db,
    new TopupRepository(db),
    new SupplierRegistry(keyRing),
    keyRing,
    log,
    new SupplierEvents(pubsub, log),
    { retryBaseMs: 10, retryCapMs: 20 },
  );
  codes = new CardCodeService(new CardCodeRepository(db), keyRing, pubsub, log);
  const created = await services.admin.createSupplier(operator, {
    slug: "sim-outbox",
    name: "模拟供应商 Outbox supplier",
    baseUrl: sim.url,
    secret,
    timeoutMs: 1000,
  });
  expect(created.errors).toEqual([]);
  supplierId = created.supplier!.id;
  const category = await db.category.create({ data: { slug: "outbox-cat", name: "分类", nameEn: "Category" } });
  const list = async (productId: string) => {
    const listed = await services.admin.listProduct(operator, { supplierId, productId, categoryId: category.id });
    expect(listed.errors).toEqual([]);
    return listed.sku!;
  };
  topupSku = await list("china-mobile-topup-30");
  codeSku = await list("luckin-coffee-20-code");
}, 120_000);

afterAll(async () => {
  await sim?.close();
  await db?.$disconnect();
  await database?.drop();
});

/**
 * Every committed event, straight from the table in (xid, seq) order: the
 * outbox reader holds back events until every older transaction of the whole
 * server has ended, which on a shared PostgreSQL may take a while.
 */
async function events(type?: string): Promise<OutboxEvent[]> {
  const rows = await db.$queryRaw<
    { id: string; xid: string; seq: bigint; tenantId: string | null; type: string; payload: unknown; at: Date }[]
  >`SELECT id::text, xid::text AS xid, seq, tenant_id::text AS "tenantId", type, payload, occurred_at AS at
    FROM catalog.outbox_event ORDER BY xid, seq`;
  return rows
    .map((r) => ({ ...r, seq: String(r.seq), occurredAt: r.at.toISOString() }))
    .filter((e) => !type || e.type === type);
}
const eventsOf = async (reference: string) =>
  (await events()).filter((e) => (e.payload as { reference?: string }).reference === reference);

function topup(entitlementId = randomUUID(), tenantId = randomUUID()) {
  return services.topups.requestTopup(entitlements, {
    tenantId,
    entitlementId,
    memberId: randomUUID(),
    skuId: topupSku.id,
    account: "13800138000",
  });
}

/** Runs the worker until the order is final. */
async function finish(orderId: string) {
  for (let round = 0; round < 50; round++) {
    const order = await db.topupOrder.findUniqueOrThrow({ where: { id: orderId } });
    if (order.status === "SUCCEEDED" || order.status === "FAILED") return order;
    await worker.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the top-up did not finish");
}

test("a top-up writes order_placed when created and order_succeeded when done, one each, in order", async () => {
  const wake = pubsub.subscribe<{ at: number }>(CATALOG_OUTBOX_TOPIC);
  const woken = wake.next();
  const tenantId = randomUUID();
  const entitlementId = randomUUID();
  const placed = await topup(entitlementId, tenantId);
  expect(placed.errors).toEqual([]);
  const orderId = placed.order!.id;
  await expect(woken).resolves.toMatchObject({ done: false, value: { at: expect.any(Number) } });
  await wake.return?.();

  // Asking again for the same entitlement returns the same order and writes nothing.
  expect((await topup(entitlementId, tenantId)).order!.id).toBe(orderId);
  expect((await eventsOf(orderId)).map((e) => e.type)).toEqual([SUPPLIER_EVENT.orderPlaced]);

  expect((await finish(orderId)).status).toBe("SUCCEEDED");
  await worker.runOnce(); // a round with nothing due changes nothing
  const [first, second, ...rest] = await eventsOf(orderId);
  expect(rest).toEqual([]);
  const payload = {
    supplierId,
    supplierName: "模拟供应商 Outbox supplier",
    reference: orderId,
    skuId: topupSku.id,
    entitlementId,
    quantity: 1,
    amountFen: 2960,
    kind: "TOPUP",
  };
  expect(first).toMatchObject({ tenantId, type: SUPPLIER_EVENT.orderPlaced, payload });
  expect(second).toMatchObject({ tenantId, type: SUPPLIER_EVENT.orderSucceeded, payload });
  expect(BigInt(second!.xid) > BigInt(first!.xid)).toBe(true);
});

test("a top-up the supplier cannot fulfil writes order_failed once", async () => {
  sim.control.setStock("china-mobile-topup-30", 0);
  try {
    const placed = await topup();
    const order = await finish(placed.order!.id);
    expect(order.status).toBe("FAILED");
    expect((await eventsOf(order.id)).map((e) => e.type)).toEqual([
      SUPPLIER_EVENT.orderPlaced,
      SUPPLIER_EVENT.orderFailed,
    ]);
  } finally {
    sim.control.setStock("china-mobile-topup-30", 500);
  }
});

test("concurrent requests for one entitlement write one order_placed; a failed transaction writes none", async () => {
  const entitlementId = randomUUID();
  const tenantId = randomUUID();
  const answers = await Promise.all([1, 2, 3, 4].map(() => topup(entitlementId, tenantId)));
  const ids = new Set(answers.map((a) => a.order!.id));
  expect(ids.size).toBe(1);
  const [orderId] = [...ids];
  expect((await eventsOf(orderId!)).map((e) => e.type)).toEqual([SUPPLIER_EVENT.orderPlaced]);

  // The event is written, then the transaction fails: neither the order nor its event stays.
  const before = (await events()).length;
  const topups = new TopupRepository(db);
  const supplierEvents = new SupplierEvents(pubsub, log);
  const failing = randomUUID();
  await expect(
    topups.createOnce(
      {
        id: randomUUID(),
        tenantId,
        entitlementId: failing,
        memberId: randomUUID(),
        skuId: topupSku.id,
        supplierId,
        accountSealed: Buffer.from("x"),
        accountMasked: "****",
      },
      async (tx, row) => {
        await supplierEvents.order(tx, SUPPLIER_EVENT.orderPlaced, {
          tenantId,
          reference: row.id,
          skuId: row.skuId,
          entitlementId: row.entitlementId,
          quantity: 1,
          kind: "TOPUP",
        });
        throw new Error("boom after the event");
      },
    ),
  ).rejects.toThrow("boom after the event");
  expect(await db.topupOrder.count({ where: { entitlementId: failing } })).toBe(0);
  expect((await events()).length).toBe(before);
  await finish(orderId!);
});

test("a card code of a supplier's SKU allocated to an entitlement writes code_allocated once; out of stock writes none", async () => {
  await stockCodes(codeSku.id, 1);
  const tenantId = randomUUID();
  const memberId = randomUUID();
  const entitlementId = randomUUID();
  const input = { tenantId, memberId, entitlementId, skuId: codeSku.id };
  const first = await codes.allocate(input);
  expect(first.errors).toEqual([]);
  const again = await codes.allocate(input); // the same entitlement: the same code, nothing written
  expect(again.allocation!.codeId).toBe(first.allocation!.codeId);
  const codeId = first.allocation!.codeId;
  const written = await eventsOf(codeId);
  expect(written).toEqual([
    expect.objectContaining({
      tenantId,
      type: SUPPLIER_EVENT.codeAllocated,
      payload: {
        supplierId,
        supplierName: "模拟供应商 Outbox supplier",
        reference: codeId,
        skuId: codeSku.id,
        entitlementId,
        quantity: 1,
        amountFen: 1500,
        kind: "CARD_CODE",
      },
    }),
  ]);

  const before = (await events()).length;
  const empty = await codes.allocate({ ...input, entitlementId: randomUUID() });
  expect(empty.errors.map((e) => e.code)).toEqual(["OUT_OF_STOCK"]);
  // A pool stocked by hand (no supplier) is no supplier order.
  const own = await db.sku.create({
    data: {
      benefitId: (await db.sku.findUniqueOrThrow({ where: { id: codeSku.id } })).benefitId,
      slug: `own-${randomUUID().slice(0, 8)}`,
      name: "自有券",
      nameEn: "Own voucher",
      fulfilmentKind: "CARD_CODE",
      faceValueFen: 1000,
      costPriceFen: 800,
      salePriceFen: 1000,
      validityKind: "DAYS_AFTER_CLAIM",
      validDays: 30,
      stockSource: "CODE_POOL",
    },
  });
  await stockCodes(own.id, 1);
  expect((await codes.allocate({ ...input, entitlementId: randomUUID(), skuId: own.id })).errors).toEqual([]);
  expect((await events()).length).toBe(before);
});

test("a statement import keeps the lines and writes one event per line; planted discrepancies come through; a re-import writes nothing", async () => {
  // Two top-ups that succeed; the supplier's statement then leaves one out, bills the other wrong, and adds a stranger.
  const a = (await topup()).order!.id;
  const b = (await topup()).order!.id;
  const c = (await topup()).order!.id;
  for (const id of [a, b, c]) expect((await finish(id)).status).toBe("SUCCEEDED");
  sim.control.omitFromStatement(a);
  sim.control.billAmount(b, 2999);
  const stranger = `stranger-${randomUUID()}`;
  sim.control.addStatementLine({ externalRef: stranger, productId: "china-mobile-topup-30", amountFen: 2960 });
  await new Promise((resolve) => setTimeout(resolve, 5));
  const from = start.toISOString();
  const to = new Date().toISOString();

  const imported = await services.statements.importStatement(operator, { supplierId, from, to });
  expect(imported.errors).toEqual([]);
  expect(imported.alreadyImported).toBe(false);
  const statement = imported.statement!;
  const lines = await services.statements.lines(statement.id);
  const byRef = new Map(lines.map((line) => [line.reference, line]));
  expect(byRef.has(a)).toBe(false);
  expect(Number(byRef.get(b)!.amountFen)).toBe(2999);
  expect(Number(byRef.get(c)!.amountFen)).toBe(2960);
  expect(byRef.get(stranger)).toMatchObject({ productId: "china-mobile-topup-30", skuId: topupSku.id, quantity: 1 });
  expect(statement.lineCount).toBe(lines.length);
  expect(Number(statement.totalFen)).toBe(lines.reduce((sum, line) => sum + Number(line.amountFen), 0));

  const lineEvents = (await events(SUPPLIER_EVENT.statementLine)).filter(
    (e) => (e.payload as { statementId: string }).statementId === statement.id,
  );
  expect(lineEvents).toHaveLength(lines.length);
  expect(lineEvents.every((e: OutboxEvent) => e.tenantId === null)).toBe(true);
  expect(lineEvents.find((e) => (e.payload as { reference: string }).reference === b)!.payload).toEqual({
    supplierId,
    statementId: statement.id,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    reference: b,
    productId: "china-mobile-topup-30",
    skuId: topupSku.id,
    quantity: 1,
    amountFen: 2999,
    billedAt: byRef.get(b)!.billedAt.toISOString(),
  });
  expect(new Set(lineEvents.map((e) => e.xid)).size).toBe(1); // one transaction
  // The outbox reader (what GET /internal/outbox serves) hands them out once no older transaction runs.
  const read = catalogOutboxReader(db);
  for (let i = 0; ; i++) {
    const served = (await read({ xid: "0", seq: "0" }, 1000)).filter(
      (e) => (e.payload as { statementId?: string }).statementId === statement.id,
    );
    if (served.length === lineEvents.length) {
      expect(served.map((e) => e.id)).toEqual(lineEvents.map((e) => e.id));
      break;
    }
    if (i > 300) throw new Error("the outbox reader never served the statement's lines");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // Again, the same period: the stored statement, nothing written (even though the supplier's answer changed).
  sim.control.addStatementLine({
    externalRef: `late-${randomUUID()}`,
    productId: "china-mobile-topup-30",
    amountFen: 1,
  });
  const before = (await events()).length;
  const again = await services.statements.importStatement(operator, { supplierId, from, to });
  expect(again).toMatchObject({ alreadyImported: true, errors: [], statement: { id: statement.id } });
  const overlapping = await services.statements.importStatement(operator, {
    supplierId,
    from: new Date(start.getTime() - 60_000).toISOString(),
    to: new Date(start.getTime() + 1).toISOString(),
  });
  expect(overlapping.errors).toEqual([expect.objectContaining({ code: "INVALID_INPUT", field: "from" })]);
  expect((await events()).length).toBe(before);
  expect(await db.settlementStatementLine.count()).toBe(lines.length);
  expect(await db.settlementStatement.count()).toBe(1);
});

test("bad periods, unknown suppliers and a supplier that is down are refused, and nothing is written", async () => {
  const before = (await events()).length;
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const refusals = [
    { supplierId, from: "yesterday", to: iso(now) },
    { supplierId, from: iso(now - 1000), to: iso(now - 2000) },
    { supplierId, from: iso(now - 100 * 86_400_000), to: iso(now - 1000) },
    { supplierId, from: iso(now - 1000), to: iso(now + 60_000) },
    { supplierId: randomUUID(), from: iso(now - 60_000), to: iso(now - 1000) },
    { supplierId: "not-an-id", from: iso(now - 60_000), to: iso(now - 1000) },
  ];
  for (const input of refusals) {
    const answer = await services.statements.importStatement(operator, input);
    expect(answer.statement).toBeNull();
    expect(answer.errors).toHaveLength(1);
  }
  await sim.control.setDown(true);
  try {
    const down = await services.statements.importStatement(operator, {
      supplierId,
      from: iso(now + 1 - 3 * 86_400_000),
      to: iso(now - 2 * 86_400_000),
    });
    expect(down.errors.map((e) => e.code)).toEqual(["SUPPLIER_UNAVAILABLE"]);
  } finally {
    await sim.control.setDown(false);
  }
  expect((await events()).length).toBe(before);
  expect(await db.settlementStatement.count()).toBe(1);
});

/** Puts `n` sealed codes in the SKU's pool (what an import does, without the CSV). */
async function stockCodes(skuId: string, n: number) {
  const repo = new CardCodeRepository(db);
  const dataKey = keyRing.newDataKey();
  const dataKeyId = await repo.insertDataKey(dataKey.masterKeyId, dataKey.wrapped);
  const run = await repo.createImport(skuId, operator.kind === "member" ? operator.memberId : randomUUID());
  await db.$transaction(async (tx) => {
    await repo.insertBatch(tx, {
      importId: run.id,
      skuId,
      dataKeyId,
      rows: Array.from({ length: n }, (_, i) => ({
        id: randomUUID(),
        sealed: Buffer.from(`sealed-${i}`),
        fingerprint: Buffer.from(randomUUID()),
        expiresAt: null,
        sourceRow: i + 1,
      })),
    });
    await repo.addToPool(tx, skuId, n);
  });
}
