import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  demoProducts,
  signRequest,
  startSupplierSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from "../src/index";

const SECRET = "test-supplier-secret";
const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

async function start(options: Partial<SimulatorOptions> = {}) {
  const sim = await startSupplierSimulator({
    port: 0,
    secret: SECRET,
    seed: 7,
    behaviour: { latencyMs: [0, 0], processingMs: 20 },
    ...options,
  });
  running.push(sim);
  return sim;
}

async function call(sim: RunningSimulator, method: string, path: string, body?: unknown, init: RequestInit = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  const timestamp = String(Date.now());
  const response = await fetch(sim.url + path, {
    method,
    headers: {
      "content-type": "application/json",
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signRequest(SECRET, timestamp, method, path, text),
    },
    body: body === undefined ? undefined : text,
    ...init,
  });
  return { status: response.status, json: (await response.json()) as any };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const order = (externalRef: string, productId = "china-mobile-topup-30") => ({
  externalRef,
  productId,
  account: "13800000000",
  quantity: 1,
});

test("requests without a valid signature are refused with 401", async () => {
  const sim = await start();
  const unsigned = await fetch(`${sim.url}/products`);
  expect(unsigned.status).toBe(401);
  const timestamp = String(Date.now());
  const forged = await fetch(`${sim.url}/products`, {
    headers: {
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signRequest("wrong-secret", timestamp, "GET", "/products", ""),
    },
  });
  expect(forged.status).toBe(401);
  const tampered = await fetch(`${sim.url}/orders`, {
    method: "POST",
    headers: {
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: signRequest(SECRET, timestamp, "POST", "/orders", "{}"),
    },
    body: JSON.stringify(order("r-1")),
  });
  expect(tampered.status).toBe(401);
  expect(sim.control.orders()).toHaveLength(0);
  const signed = await call(sim, "GET", "/products");
  expect(signed.status).toBe(200);
  expect(signed.json.products.map((p: { productId: string }) => p.productId)).toEqual(
    demoProducts.map((p) => p.productId),
  );
});

test("the demo products have Chinese and English names", async () => {
  const sim = await start();
  const { json } = await call(sim, "GET", "/products/china-mobile-topup-100");
  expect(json.product).toMatchObject({
    name: "中国移动话费 100 元",
    fulfilmentKind: "DIRECT_TOPUP",
    faceValueFen: 10000,
  });
  expect(demoProducts.every((p) => /[\u4e00-\u9fff]/.test(p.name) && /[a-z]/i.test(p.nameEn))).toBe(true);
  expect((await call(sim, "GET", "/products/NOPE")).status).toBe(404);
});

test("an order is idempotent by externalRef: a repeat gets the first order, a different body 409, one fulfilment", async () => {
  const sim = await start();
  const stock = sim.control.stock("china-mobile-topup-30")!;
  const first = await call(sim, "POST", "/orders", order("ref-1"));
  expect(first.status).toBe(202);
  expect(first.json.order).toMatchObject({ externalRef: "ref-1", status: "PROCESSING", account: "138****0000" });
  const repeat = await call(sim, "POST", "/orders", order("ref-1"));
  expect(repeat.status).toBe(200);
  expect(repeat.json.order.orderId).toBe(first.json.order.orderId);
  const conflict = await call(sim, "POST", "/orders", order("ref-1", "china-mobile-topup-50"));
  expect(conflict.status).toBe(409);
  expect(conflict.json.error.code).toBe("IDEMPOTENCY_CONFLICT");
  await sleep(60);
  const again = await call(sim, "POST", "/orders", order("ref-1"));
  expect(again.json.order.status).toBe("SUCCEEDED");
  expect((await call(sim, "GET", "/orders/ref-1")).json.order.status).toBe("SUCCEEDED");
  expect(sim.control.fulfilments("ref-1")).toBe(1);
  expect(sim.control.orders()).toHaveLength(1);
  expect(sim.control.orders()[0]!.requests).toBe(4);
  expect(sim.control.stock("china-mobile-topup-30")).toBe(stock - 1);
});

test("stock runs out: each fulfilment takes stock, then orders fail OUT_OF_STOCK", async () => {
  const sim = await start({ behaviour: { latencyMs: [0, 0], processingMs: 0 } });
  sim.control.setStock("china-mobile-topup-50", 2);
  const results = [];
  for (const ref of ["a", "b", "c"])
    results.push((await call(sim, "POST", "/orders", order(ref, "china-mobile-topup-50"))).json.order);
  expect(results.map((o) => o.status)).toEqual(["SUCCEEDED", "SUCCEEDED", "FAILED"]);
  expect(results[2].failureReason).toBe("OUT_OF_STOCK");
  expect(sim.control.stock("china-mobile-topup-50")).toBe(0);
  expect((await call(sim, "GET", "/products/china-mobile-topup-50")).json.product.stock).toBe(0);
});

test("timeoutNext: the order is processed, but the answer never comes in time", async () => {
  const sim = await start({ behaviour: { latencyMs: [0, 0], processingMs: 0, timeoutDelayMs: null } });
  sim.control.timeoutNext(1);
  await expect(call(sim, "POST", "/orders", order("slow-1"), { signal: AbortSignal.timeout(200) })).rejects.toThrow();
  expect(sim.control.fulfilments("slow-1")).toBe(1);
  const status = await call(sim, "GET", "/orders/slow-1");
  expect(status.json.order.status).toBe("SUCCEEDED");
});

test("failNext answers 500 and changes nothing", async () => {
  const sim = await start();
  sim.control.failNext(2);
  expect((await call(sim, "POST", "/orders", order("f-1"))).status).toBe(500);
  expect((await call(sim, "GET", "/products")).status).toBe(500);
  expect(sim.control.orders()).toHaveLength(0);
  expect((await call(sim, "POST", "/orders", order("f-1"))).status).toBe(202);
});

test("down: connection refused (or 503), then back on the same port", async () => {
  const sim = await start();
  await sim.control.setDown(true);
  await expect(call(sim, "GET", "/products")).rejects.toThrow();
  await sim.control.setDown(false);
  expect((await call(sim, "GET", "/products")).status).toBe(200);
  sim.control.setBehaviour({ downMode: "503" });
  await sim.control.setDown(true);
  expect((await call(sim, "GET", "/products")).status).toBe(503);
  await sim.control.setDown(false);
  expect((await call(sim, "GET", "/products")).status).toBe(200);
});

test("random errors are seeded: the same seed gives the same outcomes", async () => {
  const outcomes = async (seed: number) => {
    const sim = await start({ seed, behaviour: { latencyMs: [0, 3], errorRate: 0.5 } });
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await call(sim, "GET", "/products")).status);
    return statuses;
  };
  const a = await outcomes(42);
  expect(await outcomes(42)).toEqual(a);
  expect(a).toContain(500);
  expect(a).toContain(200);
});

test("settlements list succeeded orders in the period with their cost", async () => {
  const sim = await start({ behaviour: { latencyMs: [0, 0], processingMs: 0 } });
  sim.control.setStock("china-mobile-topup-100", 1);
  await call(sim, "POST", "/orders", order("s-1", "china-mobile-topup-100"));
  await call(sim, "POST", "/orders", order("s-2", "china-mobile-topup-100")); // out of stock: not billed
  const from = new Date(Date.now() - 60_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  const path = `/settlements?${new URLSearchParams({ from, to })}`;
  const { status, json } = await call(sim, "GET", path);
  expect(status).toBe(200);
  expect(json.lines).toEqual([
    expect.objectContaining({ externalRef: "s-1", productId: "china-mobile-topup-100", amountFen: 9880 }),
  ]);
  expect(json.totalFen).toBe(9880);
  expect((await call(sim, "GET", "/settlements?from=x&to=y")).status).toBe(400);
});

test("planted discrepancies: a missing line, an extra line and a mis-billed amount", async () => {
  const sim = await start({ behaviour: { latencyMs: [0, 0], processingMs: 0 } });
  for (const ref of ["p-1", "p-2", "p-3"]) await call(sim, "POST", "/orders", order(ref, "china-mobile-topup-100"));
  sim.control.omitFromStatement("p-1");
  sim.control.billAmount("p-2", 9000);
  sim.control.addStatementLine({ externalRef: "stranger-1", productId: "china-mobile-topup-100", amountFen: 9880 });
  // An extra line outside the period is not in this statement.
  sim.control.addStatementLine({
    externalRef: "stranger-old",
    productId: "china-mobile-topup-100",
    amountFen: 1,
    completedAt: new Date(Date.now() - 3_600_000),
  });
  const from = new Date(Date.now() - 60_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  const { json } = await call(sim, "GET", `/settlements?${new URLSearchParams({ from, to })}`);
  const lines = json.lines as { externalRef: string; amountFen: number; quantity: number }[];
  expect(lines.map((l) => [l.externalRef, l.amountFen, l.quantity])).toEqual([
    ["p-2", 9000, 1],
    ["p-3", 9880, 1],
    ["stranger-1", 9880, 1],
  ]);
  expect(json.totalFen).toBe(9000 + 9880 + 9880);
  // The orders themselves are untouched.
  expect(sim.control.orders().map((o) => [o.externalRef, o.amountFen])).toEqual([
    ["p-1", 9880],
    ["p-2", 9880],
    ["p-3", 9880],
  ]);
});

test("price changes and discontinued products show in what the supplier lists", async () => {
  const sim = await start();
  sim.control.setCostPrice("china-mobile-topup-30", 2990);
  sim.control.removeProduct("iqiyi-gold-3m");
  const { json } = await call(sim, "GET", "/products");
  const ids = json.products.map((p: { productId: string }) => p.productId);
  expect(ids).not.toContain("iqiyi-gold-3m");
  expect(json.products.find((p: { productId: string }) => p.productId === "china-mobile-topup-30").costPriceFen).toBe(
    2990,
  );
  expect((await call(sim, "POST", "/orders", order("gone-1", "iqiyi-gold-3m"))).status).toBe(404);
  expect(() => sim.control.setCostPrice("NOPE", 1)).toThrow(/no product NOPE/);
});
