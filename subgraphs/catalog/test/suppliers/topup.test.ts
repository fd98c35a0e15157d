// Direct top-ups through a simulated supplier, sent by the catalog's own
// top-up worker: retried after a timeout yet fulfilled once, failed at once
// on a refusal, one order per entitlement, stock running out.
import { randomUUID } from "node:crypto";
import { callSubgraph } from "../../../../test/support/subgraph-client";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { CodeKeyRing } from "../../src/crypto/key-ring";
import { topupAccountContext } from "../../src/domain/suppliers/account";
import {
  OPERATOR_EMAIL,
  TOPUP_FIELDS,
  createSupplier,
  finalOrder,
  listProduct,
  requestTopup,
  startSim,
  waitFor,
} from "./support";

let hub: TestHub;
let operator: string;
let sim: Awaited<ReturnType<typeof startSim>>;
let supplierId: string;
let skuId: string;

beforeAll(async () => {
  hub = await startTestHub();
  operator = await hub.login(OPERATOR_EMAIL);
  sim = await startSim();
  ({ id: supplierId } = await createSupplier(hub, operator, { baseUrl: sim.url, secret: sim.secret, timeoutMs: 400 }));
  ({ id: skuId } = await listProduct(hub, operator, supplierId, "china-mobile-topup-30"));
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  await sim?.close();
});

test("a supplier timeout followed by a retry fulfils exactly once", async () => {
  // The supplier takes the order but its answer never comes: did it go through?
  sim.control.timeoutNext(1);
  const entitlementId = randomUUID();
  const requested = await requestTopup(hub, { skuId, entitlementId, account: "138 0013 8000" });
  expect(requested.errors).toBeUndefined();
  expect(requested.data.requestTopup.errors).toEqual([]);
  expect(requested.data.requestTopup.order).toMatchObject({ status: "PENDING", account: "138****8000" });
  const orderId = requested.data.requestTopup.order.id;

  const order = await finalOrder(hub, entitlementId);
  expect(order.status).toBe("SUCCEEDED");
  expect(order.attempts).toBe(2);
  expect(order.supplierOrderId).toMatch(/^SIM-/);
  // Exactly one order at the supplier, under our order's id, fulfilled once.
  const atSupplier = sim.control.orders().filter((o) => o.externalRef === orderId);
  expect(atSupplier).toHaveLength(1);
  expect(sim.control.fulfilments(orderId)).toBe(1);
  expect(sim.control.orders().filter((o) => o.account === "13800138000")).toHaveLength(1);
  // The account is sealed at rest and readable with the key ring only.
  const keyRing = CodeKeyRing.fromConfig(hub.secrets.codeKeys);
  expect(Buffer.from(order.accountSealed).includes(Buffer.from("13800138000"))).toBe(false);
  expect(keyRing.openSmall(Buffer.from(order.accountSealed), topupAccountContext(order.id))).toBe("13800138000");
});

test("duplicate requests for one entitlement make one order, sent once", async () => {
  const entitlementId = randomUUID();
  const input = { skuId, entitlementId, tenantId: randomUUID(), memberId: randomUUID() };
  const results = await Promise.all([1, 2, 3, 4].map(() => requestTopup(hub, input)));
  const ids = new Set(results.map((r) => r.data.requestTopup.order.id));
  expect(ids.size).toBe(1);
  expect(await hub.db.topupOrder.count({ where: { entitlementId } })).toBe(1);
  const order = await finalOrder(hub, entitlementId);
  expect(order.status).toBe("SUCCEEDED");
  const again = await requestTopup(hub, input);
  expect(again.data.requestTopup.order).toMatchObject({ id: order.id, status: "SUCCEEDED" });
  expect(sim.control.orders().filter((o) => o.externalRef === order.id)).toHaveLength(1);
  expect(sim.control.fulfilments(order.id)).toBe(1);
});

test("a supplier that refuses fails the order at once, with no retry storm", async () => {
  // A supplier whose secret is wrong: every request is refused (401).
  const { id: badSupplierId } = await createSupplier(hub, operator, {
    baseUrl: sim.url,
    secret: "not-the-secret!",
    timeoutMs: 400,
  });
  const benefit = await hub.db.sku.findUniqueOrThrow({ where: { id: skuId } });
  const sku = await hub.seed.sku({
    benefitId: benefit.benefitId,
    fulfilmentKind: "DIRECT_TOPUP",
    supplierId: badSupplierId,
    supplierProductId: "china-mobile-topup-50",
    supplierStock: 10,
  });
  const before = sim.control.requestCounts()["POST /orders"] ?? 0;
  const entitlementId = randomUUID();
  expect((await requestTopup(hub, { skuId: sku.id, entitlementId })).data.requestTopup.errors).toEqual([]);
  const order = await finalOrder(hub, entitlementId);
  expect(order.status).toBe("FAILED");
  expect(order.attempts).toBe(1);
  expect(order.lastError).toMatch(/401 BAD_SIGNATURE/);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect((sim.control.requestCounts()["POST /orders"] ?? 0) - before).toBe(1);
  expect((await hub.db.topupOrder.findUniqueOrThrow({ where: { id: order.id } })).attempts).toBe(1);
});

test("stock running out at the supplier: the order fails, and a sync brings the SKU's stock to 0", async () => {
  const { id: fuelSkuId } = await listProduct(hub, operator, supplierId, "sinopec-fuel-topup-100");
  sim.control.setStock("sinopec-fuel-topup-100", 1);
  const [first, second] = [randomUUID(), randomUUID()];
  await requestTopup(hub, { skuId: fuelSkuId, entitlementId: first, account: "sinopec_card_0001" });
  expect((await finalOrder(hub, first)).status).toBe("SUCCEEDED");
  await requestTopup(hub, { skuId: fuelSkuId, entitlementId: second, account: "sinopec_card_0002" });
  const failed = await finalOrder(hub, second);
  expect(failed.status).toBe("FAILED");
  expect(failed.lastError).toMatch(/OUT_OF_STOCK/);
  expect(sim.control.stock("sinopec-fuel-topup-100")).toBe(0);

  const synced = await hub.request(
    `mutation ($id: ID!) { syncSupplier(id: $id) { updatedSkus errors { code message } supplier { lastSyncError } } }`,
    { id: supplierId },
    operator,
  );
  expect(synced.data.syncSupplier.errors).toEqual([]);
  const sku = await hub.db.sku.findUniqueOrThrow({ where: { id: fuelSkuId } });
  expect(sku.supplierStock).toBe(0);
  expect(await hub.db.lowStockAlert.count({ where: { skuId: fuelSkuId, closedAt: null } })).toBe(1);
});

test("requestTopup checks its input and changes nothing when it is bad", async () => {
  const count = await hub.db.topupOrder.count();
  const badPhone = await requestTopup(hub, { skuId, account: "23800000000" });
  expect(badPhone.data.requestTopup.errors[0]).toMatchObject({ code: "INVALID_INPUT", field: "account" });
  const codeSku = await hub.db.sku.findFirstOrThrow({ where: { fulfilmentKind: "CARD_CODE" } });
  const notTopup = await requestTopup(hub, { skuId: codeSku.id });
  expect(notTopup.data.requestTopup.errors[0]).toMatchObject({ code: "NOT_A_TOPUP_SKU", field: "skuId" });
  const unknown = await requestTopup(hub, { skuId: randomUUID() });
  expect(unknown.data.requestTopup.errors[0]).toMatchObject({ code: "NOT_FOUND" });
  expect(await hub.db.topupOrder.count()).toBe(count);
  // Only services request top-ups.
  const member = await hub.login(hub.demo.memberEmail);
  const asMember = await hub.request(
    `mutation ($input: RequestTopupInput!) { requestTopup(input: $input) { order { id } } }`,
    {
      input: {
        tenantId: randomUUID(),
        memberId: randomUUID(),
        entitlementId: randomUUID(),
        skuId,
        account: "13800000000",
      },
    },
    member,
  );
  expect(asMember.errors?.[0]?.message).toMatch(/not authori[sz]ed/i);
});

test("topupOrder: the service, a platform operator and the owning member see it masked; others do not", async () => {
  const tenantId = randomUUID();
  const memberId = randomUUID();
  const entitlementId = randomUUID();
  await requestTopup(hub, { skuId, entitlementId, tenantId, memberId, account: "13912345678" });
  const query = `query ($e: ID!) { topupOrder(entitlementId: $e) { entitlementId account status } }`;
  const as = (identity: Parameters<typeof callSubgraph>[2]) =>
    callSubgraph(hub.subgraphs.catalog.url, hub.secrets.internalSecret, identity, query, { e: entitlementId });
  const owner = await as({ kind: "member", tenantId, memberId, role: "MEMBER", orgUnitId: randomUUID() });
  expect(owner.data.topupOrder).toMatchObject({ entitlementId, account: "139****5678" });
  const stranger = await as({
    kind: "member",
    tenantId,
    memberId: randomUUID(),
    role: "TENANT_ADMIN",
    orgUnitId: randomUUID(),
  });
  expect(stranger.data.topupOrder).toBeNull();
  expect((await as({ kind: "service", service: "entitlements" })).data.topupOrder.account).toBe("139****5678");
  const viaGateway = await hub.request(query, { e: entitlementId }, operator);
  expect(viaGateway.data.topupOrder.account).toBe("139****5678");
  await waitFor(
    async () => (await as({ kind: "service", service: "entitlements" })).data.topupOrder.status === "SUCCEEDED",
  );
  expect(TOPUP_FIELDS).toContain("account");
});
