// The generic HTTP JSON adapter against the simulator and against a supplier
// that answers nonsense: typed errors, signed requests, validated answers.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunningSimulator } from "@benefits-hub/supplier-simulator";
import { SupplierError } from "../../src/suppliers/adapter";
import { HttpJsonSupplierAdapter } from "../../src/suppliers/http-json.adapter";
import { startSim } from "./support";

let sim: RunningSimulator & { secret: string };
let liar: Server;
let liarUrl: string;
let liarBody = "{}";

beforeAll(async () => {
  sim = await startSim({ behaviour: { processingMs: 0 } });
  liar = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(liarBody);
  });
  await new Promise<void>((resolve) => liar.listen(0, "127.0.0.1", resolve));
  liarUrl = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sim?.close();
  liar?.closeAllConnections();
  await new Promise((resolve) => liar?.close(resolve));
});

const adapter = (overrides: Partial<ConstructorParameters<typeof HttpJsonSupplierAdapter>[0]> = {}) =>
  new HttpJsonSupplierAdapter({ name: "sim", baseUrl: sim.url, secret: sim.secret, timeoutMs: 500, ...overrides });

async function failure(promise: Promise<unknown>): Promise<SupplierError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SupplierError);
    return error as SupplierError;
  }
  throw new Error("expected the call to fail");
}

test("lists products, reads one, fulfils idempotently and queries orders, all signed", async () => {
  const products = await adapter().listProducts();
  expect(products.find((p) => p.productId === "china-mobile-topup-30")).toMatchObject({
    name: "中国移动话费 30 元",
    nameEn: "China Mobile top-up ¥30",
    fulfilmentKind: "DIRECT_TOPUP",
    faceValueFen: 3000,
  });
  expect((await adapter().getProduct("luckin-coffee-20-code")).fulfilmentKind).toBe("CARD_CODE");
  const request = { externalRef: "adapter-1", productId: "china-mobile-topup-30", account: "13912345678", quantity: 1 };
  const first = await adapter().fulfil(request);
  const again = await adapter().fulfil(request);
  expect(again.supplierOrderId).toBe(first.supplierOrderId);
  expect(first.status).toBe("SUCCEEDED");
  expect(sim.control.fulfilments("adapter-1")).toBe(1);
  expect((await adapter().queryOrder("adapter-1"))?.status).toBe("SUCCEEDED");
  expect(await adapter().queryOrder("never-sent")).toBeNull();
  const lines = await adapter().settlement(new Date(Date.now() - 60_000), new Date(Date.now() + 60_000));
  expect(lines.map((l) => l.externalRef)).toEqual(["adapter-1"]);
  expect(lines[0]!.completedAt).toBeInstanceOf(Date);
});

test("errors are typed: refused (bad secret), not found, unavailable (500, down), timeout", async () => {
  const refused = await failure(adapter({ secret: "not-the-secret" }).listProducts());
  expect(refused).toMatchObject({ kind: "refused", status: 401, supplierCode: "BAD_SIGNATURE", retryable: false });
  expect(refused.message).not.toContain("not-the-secret");
  expect((await failure(adapter().getProduct("NOPE"))).kind).toBe("not_found");
  sim.control.failNext(1);
  expect(await failure(adapter().listProducts())).toMatchObject({ kind: "unavailable", retryable: true });
  sim.control.timeoutNext(1);
  const timeout = await failure(adapter({ timeoutMs: 150 }).listProducts());
  expect(timeout.kind).toBe("timeout");
  expect(timeout.retryable).toBe(true);
  expect(timeout.message).toContain("150 ms");
  await sim.control.setDown(true);
  try {
    expect((await failure(adapter().listProducts())).kind).toBe("unavailable");
  } finally {
    await sim.control.setDown(false);
  }
});

test("malformed answers are rejected with a clear error", async () => {
  const liarAdapter = adapter({ baseUrl: liarUrl });
  liarBody = JSON.stringify({
    products: [
      { productId: "X", name: "x", fulfilmentKind: "DIRECT_TOPUP", faceValueFen: 100, costPriceFen: 90, stock: "lots" },
    ],
  });
  const wrongType = await failure(liarAdapter.listProducts());
  expect(wrongType.kind).toBe("bad_response");
  expect(wrongType.message).toMatch(/supplier sim: GET \/products answered malformed JSON: products\.0\.stock/);
  liarBody = JSON.stringify({
    products: [{ productId: "X", name: "x", fulfilmentKind: "SPACESHIP", faceValueFen: 1, costPriceFen: 1, stock: 1 }],
  });
  expect((await failure(liarAdapter.listProducts())).message).toMatch(/products\.0\.fulfilmentKind/);
  liarBody = "<html>oops</html>";
  expect((await failure(liarAdapter.listProducts())).message).toMatch(/not JSON/);
  liarBody = JSON.stringify({ order: { orderId: "1", externalRef: "someone-else", status: "SUCCEEDED" } });
  expect((await failure(liarAdapter.queryOrder("mine"))).message).toMatch(/answered for order someone-else/);
  liarBody = JSON.stringify({ order: { orderId: "1", externalRef: "mine", status: "MAYBE" } });
  expect((await failure(liarAdapter.fulfil({ externalRef: "mine", productId: "X", quantity: 1 }))).kind).toBe(
    "bad_response",
  );
});
