// Master-key rotation for suppliers: secrets and top-up accounts sealed under
// the old key are sealed again under the new one, after which the old key can
// go and suppliers still sync and top-ups still open their accounts.
import { randomUUID } from "node:crypto";
import { createLogger, createInProcessPubSub } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { CodeKeyRing, generateMasterKeyEntry } from "../../src/crypto/key-ring";
import { SupplierRepository } from "../../src/data/suppliers/supplier.repository";
import { TopupRepository } from "../../src/data/suppliers/topup.repository";
import { topupAccountContext } from "../../src/domain/suppliers/account";
import { resealSupplierSecrets, smallSealKeyId } from "../../src/domain/suppliers/reseal";
import { SupplierSyncService } from "../../src/domain/suppliers/supplier-sync.service";
import { SupplierRegistry, supplierSecretContext } from "../../src/suppliers/registry";
import { OPERATOR_EMAIL, createSupplier, finalOrder, listProduct, requestTopup, startSim } from "./support";

let hub: TestHub;
let sim: Awaited<ReturnType<typeof startSim>>;

beforeAll(async () => {
  hub = await startTestHub();
  sim = await startSim();
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  await sim?.close();
});

test("after a reseal the old master key can go: suppliers still sync and top-up accounts still open", async () => {
  const operator = await hub.login(OPERATOR_EMAIL);
  const { id: supplierId } = await createSupplier(hub, operator, { baseUrl: sim.url, secret: sim.secret });
  const { id: skuId } = await listProduct(hub, operator, supplierId, "china-mobile-topup-30");
  const entitlements = [randomUUID(), randomUUID()];
  for (const entitlementId of entitlements) {
    await requestTopup(hub, { skuId, entitlementId, account: "13900001111" });
  }
  const orders = await Promise.all(entitlements.map((e) => finalOrder(hub, e)));

  const { masterKeys: oldKeys, fingerprintKey } = hub.secrets.codeKeys;
  const oldId = oldKeys.split(":")[0]!;
  const newEntry = generateMasterKeyEntry("k-next");
  const rotating = CodeKeyRing.fromConfig({ masterKeys: `${newEntry},${oldKeys}`, fingerprintKey });
  const newOnly = CodeKeyRing.fromConfig({ masterKeys: newEntry, fingerprintKey });
  const suppliers = new SupplierRepository(hub.db);
  const topups = new TopupRepository(hub.db);
  const log = createLogger("supplier-rotation-test", "silent");
  const pubsub = createInProcessPubSub();
  const syncWith = (ring: CodeKeyRing) =>
    new SupplierSyncService(hub.db, suppliers, new SupplierRegistry(ring), pubsub, log, { intervalMs: 60_000 });
  const supplier = () => hub.db.supplier.findUniqueOrThrow({ where: { id: supplierId } });

  // Before: sealed under the old key, which the new key alone cannot open.
  expect(smallSealKeyId((await supplier()).secretSealed!)).toBe(oldId);
  const failing = await syncWith(newOnly).syncOne(await supplier());
  expect(failing).toEqual({ ok: false, error: expect.stringMatching(/secret cannot be unsealed/) });

  const sealedSuppliers = await hub.db.supplier.count({ where: { secretSealed: { not: null } } });
  const allOrders = await hub.db.topupOrder.count();
  const result = await resealSupplierSecrets(suppliers, topups, rotating);
  expect(result).toEqual({
    resealed: { supplierSecrets: sealedSuppliers, topupAccounts: allOrders },
    failed: [],
    activeMasterKeyId: "k-next",
  });
  // Safe to run again: nothing left to do.
  expect((await resealSupplierSecrets(suppliers, topups, rotating)).resealed).toEqual({
    supplierSecrets: 0,
    topupAccounts: 0,
  });

  // After: the new key alone does it all.
  expect(smallSealKeyId((await supplier()).secretSealed!)).toBe("k-next");
  expect(await syncWith(newOnly).syncOne(await supplier())).toEqual({ ok: true, updatedSkus: expect.any(Number) });
  for (const order of orders) {
    const row = await hub.db.topupOrder.findUniqueOrThrow({ where: { id: order.id } });
    expect(newOnly.openSmall(Buffer.from(row.accountSealed), topupAccountContext(row.id))).toBe("13900001111");
  }

  // A value whose key is gone is reported (ids and key ids only) and left alone.
  const strayRing = CodeKeyRing.fromConfig({ masterKeys: generateMasterKeyEntry("k-stray"), fingerprintKey });
  const stray = new Uint8Array(strayRing.sealSmall("stray-secret-value", supplierSecretContext(supplierId)));
  await hub.db.supplier.update({ where: { id: supplierId }, data: { secretSealed: stray } });
  const reported = await resealSupplierSecrets(suppliers, topups, newOnly);
  expect(reported.failed).toEqual([
    { kind: "supplier-secret", id: supplierId, masterKeyId: "k-stray", reason: expect.any(String) },
  ]);
  expect(JSON.stringify(reported)).not.toContain("stray-secret-value");
  expect(Buffer.from((await supplier()).secretSealed!).equals(Buffer.from(stray))).toBe(true);
  await pubsub.close();
});
