// The demo supplier as `npm start` wires it: the simulator sells every demo
// direct top-up SKU under its slug, connectDemoSupplier seals the simulator's
// secret with the catalog's key ring, and then the demo SKUs sync and top up.
import { randomUUID } from "node:crypto";
import { demoProducts } from "@benefits-hub/supplier-simulator";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { testSecrets } from "../../../../test/support/secrets";
import { demoBenefits } from "../../../../prisma/seed/demo-catalog";
import { DEMO_SUPPLIER, connectDemoSupplier } from "../../../../prisma/seed/demo-catalog-seed";
import { CodeKeyRing } from "../../src/crypto/key-ring";
import { supplierSecretContext } from "../../src/suppliers/registry";
import { OPERATOR_EMAIL, finalOrder, requestTopup, startSim } from "./support";

const demoTopups = demoBenefits
  .filter((b) => b.fulfilmentKind === "DIRECT_TOPUP")
  .flatMap((b) => b.skus.map((sku) => ({ benefit: b.slug, ...sku })));

test("the simulator sells every demo direct top-up SKU under its slug, at its face value", () => {
  expect(demoTopups.length).toBeGreaterThanOrEqual(3);
  for (const sku of demoTopups) {
    const product = demoProducts.find((p) => p.productId === sku.slug);
    expect({ slug: sku.slug, product }).toEqual({
      slug: sku.slug,
      product: expect.objectContaining({ fulfilmentKind: "DIRECT_TOPUP", faceValueFen: sku.faceValueFen }),
    });
  }
});

describe("connected to a running simulator", () => {
  let hub: TestHub;
  let sim: Awaited<ReturnType<typeof startSim>>;
  let keyRing: CodeKeyRing;
  const demoSupplier = () => hub.db.supplier.findUniqueOrThrow({ where: { slug: DEMO_SUPPLIER.slug } });

  beforeAll(async () => {
    hub = await startTestHub();
    sim = await startSim();
    keyRing = CodeKeyRing.fromConfig(hub.secrets.codeKeys);
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await sim?.close();
  });

  test("connectDemoSupplier seals the secret once, reseals when it or the keys change, and makes a sync due", async () => {
    await hub.db.supplier.update({
      where: { slug: DEMO_SUPPLIER.slug },
      data: { syncFailures: 4, nextSyncAt: new Date(Date.now() + 3_600_000), lastSyncError: "from an earlier start" },
    });
    expect(await connectDemoSupplier(hub.db, { keyRing, secret: sim.secret, baseUrl: sim.url })).toBe("connected");
    const first = await demoSupplier();
    expect(first).toMatchObject({ baseUrl: sim.url, syncFailures: 0 });
    expect(first.nextSyncAt.getTime()).toBeLessThanOrEqual(Date.now());
    const sealed = Buffer.from(first.secretSealed!);
    expect(sealed.includes(Buffer.from(sim.secret))).toBe(false);
    expect(keyRing.openSmall(sealed, supplierSecretContext(first.id))).toBe(sim.secret);

    // The same secret again: the seal stays.
    await connectDemoSupplier(hub.db, { keyRing, secret: sim.secret, baseUrl: sim.url });
    expect(Buffer.from((await demoSupplier()).secretSealed!).equals(sealed)).toBe(true);
    // A new secret, or keys that cannot open the old seal: sealed again.
    await connectDemoSupplier(hub.db, { keyRing, secret: "another-sim-secret", baseUrl: sim.url });
    expect(keyRing.openSmall(Buffer.from((await demoSupplier()).secretSealed!), supplierSecretContext(first.id))).toBe(
      "another-sim-secret",
    );
    const otherKeys = CodeKeyRing.fromConfig(testSecrets().codeKeys);
    await connectDemoSupplier(hub.db, { keyRing: otherKeys, secret: "another-sim-secret", baseUrl: sim.url });
    expect(
      otherKeys.openSmall(Buffer.from((await demoSupplier()).secretSealed!), supplierSecretContext(first.id)),
    ).toBe("another-sim-secret");
    // Without a demo supplier there is nothing to connect.
    const empty = { supplier: { findUnique: async () => null } } as unknown as Parameters<
      typeof connectDemoSupplier
    >[0];
    expect(await connectDemoSupplier(empty, { keyRing, secret: sim.secret, baseUrl: sim.url })).toBe("absent");

    // Back to the catalog's keys and the simulator's secret, for the next test.
    await connectDemoSupplier(hub.db, { keyRing, secret: sim.secret, baseUrl: sim.url });
  });

  test("the connected demo supplier syncs its SKUs and tops up a demo SKU under its slug", async () => {
    const operator = await hub.login(OPERATOR_EMAIL);
    sim.control.setStock("china-mobile-topup-50", 123);
    const synced = await hub.request(
      `mutation ($id: ID!) { syncSupplier(id: $id) { updatedSkus errors { code message } supplier { lastSyncAt lastSyncError } } }`,
      { id: (await demoSupplier()).id },
      operator,
    );
    expect(synced.data.syncSupplier.errors).toEqual([]);
    expect(synced.data.syncSupplier.supplier.lastSyncError).toBeNull();
    const skus = await hub.db.sku.findMany({ where: { supplierId: (await demoSupplier()).id } });
    expect(skus.map((s) => s.slug).sort()).toEqual(demoTopups.map((s) => s.slug).sort());
    for (const sku of skus) expect(sku.supplierStock).toBe(sim.control.stock(sku.slug));
    expect(skus.find((s) => s.slug === "china-mobile-topup-50")!.supplierStock).toBe(123);

    const entitlementId = randomUUID();
    const skuId = skus.find((s) => s.slug === "china-mobile-topup-30")!.id;
    expect((await requestTopup(hub, { skuId, entitlementId })).data.requestTopup.errors).toEqual([]);
    const order = await finalOrder(hub, entitlementId);
    expect(order.status).toBe("SUCCEEDED");
    expect(sim.control.orders().find((o) => o.externalRef === order.id)).toMatchObject({
      productId: "china-mobile-topup-30",
      status: "SUCCEEDED",
      fulfilments: 1,
    });
  });
});
