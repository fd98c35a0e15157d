// The periodic supplier sync against simulated suppliers: stock and cost
// prices follow the supplier; a supplier that is down records why, backs off
// and keeps its last known stock while the others sync, and recovers when it
// is back; low stock opens (and restock closes) an alert; the loop runs itself.
import { createLogger, type HubPubSub } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { DEMO_SUPPLIER } from "../../../../prisma/seed/demo-catalog-seed";
import { CodeKeyRing } from "../../src/crypto/key-ring";
import { SupplierRepository } from "../../src/data/suppliers/supplier.repository";
import { startSupplierWork } from "../../src/domain/suppliers";
import { SupplierSyncService } from "../../src/domain/suppliers/supplier-sync.service";
import type { LowStockNotice } from "../../src/domain/stock/low-stock";
import { SupplierRegistry } from "../../src/suppliers/registry";
import { OPERATOR_EMAIL, createSupplier, listProduct, startSim, waitFor } from "./support";

const INTERVAL_MS = 60_000;
const MAX_BACKOFF_MS = 10 * 60_000;
const log = createLogger("supplier-sync-test", "silent");

let hub: TestHub;
let operator: string;
let up: Awaited<ReturnType<typeof startSim>>;
let flaky: Awaited<ReturnType<typeof startSim>>;
let upId: string;
let flakyId: string;
let mobileSkuId: string;
let unicomSkuId: string;
let fuelSkuId: string;
let registry: SupplierRegistry;
let sync: SupplierSyncService;
/** What the sync published (low-stock notices), recorded instead of sent. */
const published: { topic: string; payload: LowStockNotice }[] = [];
const recordingPubSub: HubPubSub = {
  kind: "memory",
  publish: async (topic, payload) => void published.push({ topic, payload: payload as LowStockNotice }),
  subscribe: () => {
    throw new Error("not used");
  },
  close: async () => {},
};

beforeAll(async () => {
  hub = await startTestHub();
  operator = await hub.login(OPERATOR_EMAIL);
  // The demo supplier points at a simulator these tests do not run: keep it out of the rounds.
  await hub.db.supplier.update({ where: { slug: DEMO_SUPPLIER.slug }, data: { status: "DISABLED" } });
  [up, flaky] = await Promise.all([startSim(), startSim()]);
  ({ id: upId } = await createSupplier(hub, operator, { baseUrl: up.url, secret: up.secret }));
  ({ id: flakyId } = await createSupplier(hub, operator, { baseUrl: flaky.url, secret: flaky.secret }));
  ({ id: mobileSkuId } = await listProduct(hub, operator, upId, "china-mobile-topup-30"));
  ({ id: unicomSkuId } = await listProduct(hub, operator, upId, "china-unicom-topup-50"));
  ({ id: fuelSkuId } = await listProduct(hub, operator, flakyId, "sinopec-fuel-topup-100"));
  registry = new SupplierRegistry(CodeKeyRing.fromConfig(hub.secrets.codeKeys));
  sync = new SupplierSyncService(hub.db, new SupplierRepository(hub.db), registry, recordingPubSub, log, {
    intervalMs: INTERVAL_MS,
    maxBackoffMs: MAX_BACKOFF_MS,
  });
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  await Promise.all([up?.close(), flaky?.close()]);
});

const supplierRow = (id: string) => hub.db.supplier.findUniqueOrThrow({ where: { id } });
const skuRow = (id: string) => hub.db.sku.findUniqueOrThrow({ where: { id } });
/** Time passes: the supplier's next sync is due. */
const makeDue = (id: string) =>
  hub.db.supplier.update({ where: { id }, data: { nextSyncAt: new Date(Date.now() - 1_000) } });

/** Runs one round; returns its result and the window `now` was in while it ran. */
async function round() {
  const before = Date.now();
  const result = await sync.syncDue();
  return { result, before, after: Date.now() };
}

function expectAround(at: Date, window: { before: number; after: number }, offsetMs: number) {
  expect(at.getTime()).toBeGreaterThanOrEqual(window.before + offsetMs);
  expect(at.getTime()).toBeLessThanOrEqual(window.after + offsetMs);
}

test("a round syncs every due supplier: stock and cost prices follow the supplier, and it is due again after the interval", async () => {
  up.control.setStock("china-mobile-topup-30", 321);
  up.control.setCostPrice("china-mobile-topup-30", 2990);
  const r = await round();
  expect(r.result).toEqual({ synced: 2, failed: 0 });
  expect(await skuRow(mobileSkuId)).toMatchObject({ supplierStock: 321, costPriceFen: 2990 });
  const row = await supplierRow(upId);
  expect(row).toMatchObject({ lastSyncError: null, syncFailures: 0 });
  expect(row.lastSyncAt!.getTime()).toBeGreaterThanOrEqual(r.before);
  expectAround(row.nextSyncAt, r, INTERVAL_MS);
  // Nothing is due now: a round right after does nothing.
  expect((await round()).result).toEqual({ synced: 0, failed: 0 });

  const seen = await hub.request(
    `{ suppliers { id lastSyncAt lastSyncError syncFailures skus { id stock costPriceFen } } }`,
    {},
    operator,
  );
  expect(seen.errors).toBeUndefined();
  const viaGraphQL = seen.data.suppliers.find((s: { id: string }) => s.id === upId);
  expect(viaGraphQL).toMatchObject({ lastSyncAt: row.lastSyncAt!.toISOString(), lastSyncError: null, syncFailures: 0 });
  expect(viaGraphQL.skus).toContainEqual({ id: mobileSkuId, stock: 321, costPriceFen: 2990 });
});

test("a product the supplier stops selling has no stock left; its last cost price stays", async () => {
  const before = await skuRow(unicomSkuId);
  up.control.removeProduct("china-unicom-topup-50");
  await makeDue(upId);
  expect((await round()).result).toEqual({ synced: 1, failed: 0 });
  expect(await skuRow(unicomSkuId)).toMatchObject({ supplierStock: 0, costPriceFen: before.costPriceFen });
});

test("a supplier that is down: why is recorded, it backs off, the others still sync, and it recovers when back", async () => {
  const fuelBefore = await skuRow(fuelSkuId);
  const lastGoodSync = (await supplierRow(flakyId)).lastSyncAt;
  await flaky.control.setDown(true);
  up.control.setStock("china-mobile-topup-30", 300);
  await Promise.all([makeDue(upId), makeDue(flakyId)]);

  const first = await round();
  expect(first.result).toEqual({ synced: 1, failed: 1 });
  expect((await skuRow(mobileSkuId)).supplierStock).toBe(300);
  let down = await supplierRow(flakyId);
  expect(down.lastSyncError).toMatch(/^supplier sim-[0-9a-f]+: GET \/products could not reach the supplier/);
  expect(down.syncFailures).toBe(1);
  expect(down.lastSyncAt).toEqual(lastGoodSync);
  expectAround(down.nextSyncAt, first, 2 * INTERVAL_MS);
  // The last known stock and price stay while the supplier cannot say.
  expect(await skuRow(fuelSkuId)).toMatchObject({
    supplierStock: fuelBefore.supplierStock,
    costPriceFen: fuelBefore.costPriceFen,
  });
  // Backing off: not tried again before its time.
  expect((await round()).result).toEqual({ synced: 0, failed: 0 });
  expect((await supplierRow(flakyId)).syncFailures).toBe(1);

  // Its time comes; now it answers 500: the wait doubles.
  await flaky.control.setDown(false);
  flaky.control.failNext(1);
  await makeDue(flakyId);
  const second = await round();
  expect(second.result).toEqual({ synced: 0, failed: 1 });
  down = await supplierRow(flakyId);
  expect(down.lastSyncError).toMatch(/GET \/products answered 500 INTERNAL$/);
  expect(down.syncFailures).toBe(2);
  expectAround(down.nextSyncAt, second, 4 * INTERVAL_MS);
  const seen = await hub.request(`{ suppliers { id lastSyncError syncFailures nextSyncAt } }`, {}, operator);
  expect(seen.data.suppliers.find((s: { id: string }) => s.id === flakyId)).toEqual({
    id: flakyId,
    lastSyncError: down.lastSyncError,
    syncFailures: 2,
    nextSyncAt: down.nextSyncAt.toISOString(),
  });

  // Back: the next due round syncs it and forgets the failures.
  flaky.control.setStock("sinopec-fuel-topup-100", 77);
  await makeDue(flakyId);
  const back = await round();
  expect(back.result).toEqual({ synced: 1, failed: 0 });
  const recovered = await supplierRow(flakyId);
  expect(recovered).toMatchObject({ lastSyncError: null, syncFailures: 0 });
  expect(recovered.lastSyncAt!.getTime()).toBeGreaterThanOrEqual(back.before);
  expectAround(recovered.nextSyncAt, back, INTERVAL_MS);
  expect((await skuRow(fuelSkuId)).supplierStock).toBe(77);
});

test("the wait after failures is capped", () => {
  expect(sync.nextAfterFailures(1, 0).getTime()).toBe(2 * INTERVAL_MS);
  expect(sync.nextAfterFailures(3, 0).getTime()).toBe(8 * INTERVAL_MS);
  expect(sync.nextAfterFailures(50, 0).getTime()).toBe(MAX_BACKOFF_MS);
});

test("low stock: a sync that takes a supplier SKU below its threshold opens one alert and publishes it; restock closes it", async () => {
  const sku = await skuRow(mobileSkuId);
  const openAlerts = () => hub.db.lowStockAlert.findMany({ where: { skuId: mobileSkuId, closedAt: null } });
  expect(await openAlerts()).toHaveLength(0);
  published.length = 0;

  up.control.setStock("china-mobile-topup-30", sku.lowStockThreshold - 1);
  await makeDue(upId);
  await round();
  const [alert, ...others] = await openAlerts();
  expect(others).toHaveLength(0);
  expect(alert).toMatchObject({ stock: sku.lowStockThreshold - 1, threshold: sku.lowStockThreshold });
  expect(published).toEqual([
    {
      topic: "catalog.low-stock",
      payload: expect.objectContaining({ kind: "OPENED", alertId: alert!.id, skuId: mobileSkuId }),
    },
  ]);

  // Still low at the next sync: the same alert, nothing new published.
  up.control.setStock("china-mobile-topup-30", 2);
  await makeDue(upId);
  await round();
  expect((await openAlerts()).map((a) => a.id)).toEqual([alert!.id]);
  expect(published).toHaveLength(1);

  up.control.setStock("china-mobile-topup-30", 500);
  await makeDue(upId);
  await round();
  expect(await openAlerts()).toHaveLength(0);
  expect(published[1]!.payload).toMatchObject({ kind: "CLOSED", alertId: alert!.id, skuId: mobileSkuId });
  // The supplier that stopped selling a product: its SKU at 0 has an alert too.
  expect(await hub.db.lowStockAlert.count({ where: { skuId: unicomSkuId, closedAt: null } })).toBe(1);
});

test("the periodic loop syncs due suppliers by itself, whatever another one does", async () => {
  const loopSim = await startSim();
  try {
    const { id } = await createSupplier(hub, operator, { baseUrl: loopSim.url, secret: loopSim.secret });
    const { id: skuId } = await listProduct(hub, operator, id, "didi-ride-15");
    loopSim.control.setStock("didi-ride-15", 42);
    await flaky.control.setDown(true);
    await makeDue(flakyId);
    const work = startSupplierWork(
      { db: hub.db, log, pubsub: recordingPubSub, keyRing: CodeKeyRing.fromConfig(hub.secrets.codeKeys) },
      { syncIntervalMs: 1_000, registry },
    );
    try {
      await waitFor(async () => (await supplierRow(id)).lastSyncAt, 15_000, "the loop to sync the supplier");
      await waitFor(async () => (await supplierRow(flakyId)).syncFailures > 0, 15_000, "the loop to try the down one");
    } finally {
      await work.close();
    }
    expect((await skuRow(skuId)).supplierStock).toBe(42);
    expect((await supplierRow(flakyId)).lastSyncError).toMatch(/could not reach the supplier/);
  } finally {
    await flaky.control.setDown(false);
    await loopSim.close();
  }
});
