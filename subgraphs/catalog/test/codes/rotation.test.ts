// Master-key rotation: data keys are rewrapped under the new master key, after
// which the old one can leave CATALOG_CODE_KEYS and every code still opens.
import { randomUUID } from "node:crypto";
import { createLogger, createInProcessPubSub, type MemberIdentity } from "@benefits-hub/platform";
import { CodeKeyRing, generateMasterKeyEntry } from "../../src/crypto/key-ring";
import { CardCodeRepository } from "../../src/data/codes/card-code.repository";
import { CardCodeService } from "../../src/domain/codes/code.service";
import { rewrapDataKeys } from "../../src/domain/codes/rewrap";
import { startTestHub, type TestHub } from "../../../../test/support/hub";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

test("after a rewrap the old master key can go, and every code still opens", async () => {
  const { masterKeys: oldKeys, fingerprintKey } = hub.secrets.codeKeys;
  const codes = new CardCodeRepository(hub.db);
  const pubsub = createInProcessPubSub();
  const log = createLogger("rotation-test", "silent");
  const service = (ring: CodeKeyRing) => new CardCodeService(codes, ring, pubsub, log);
  const member = await hub.db.member.findUniqueOrThrow({ where: { email: "member@stellar.example" } });
  const viewer: MemberIdentity = {
    kind: "member",
    tenantId: member.tenantId,
    memberId: member.id,
    role: "MEMBER",
    orgUnitId: member.orgUnitId,
  };
  const sku = await hub.db.sku.findFirstOrThrow({ where: { stockSource: "CODE_POOL", poolAvailable: { gt: 0 } } });
  const entitlementId = randomUUID();
  const oldRing = CodeKeyRing.fromConfig({ masterKeys: oldKeys, fingerprintKey });
  const allocated = await service(oldRing).allocate({
    tenantId: member.tenantId,
    skuId: sku.id,
    entitlementId,
    memberId: member.id,
  });
  expect(allocated.errors).toEqual([]);
  const before = await service(oldRing).reveal(viewer, entitlementId);
  expect(before.reveal?.code).toMatch(/^[A-Z0-9-]{19}$/);

  const newEntry = generateMasterKeyEntry("k-2027");
  const newId = "k-2027";
  // Without the old key nothing opens yet, and the error names the key id, never key material.
  const newOnly = CodeKeyRing.fromConfig({ masterKeys: newEntry, fingerprintKey });
  await expect(service(newOnly).reveal(viewer, entitlementId)).rejects.toThrow(/is not in CATALOG_CODE_KEYS/);

  const dataKeys = await hub.db.dataKey.count();
  const rotating = CodeKeyRing.fromConfig({ masterKeys: `${newEntry},${oldKeys}`, fingerprintKey });
  const result = await rewrapDataKeys(codes, rotating);
  expect(result).toEqual({ rewrapped: dataKeys, failed: [], activeMasterKeyId: newId });
  expect(await hub.db.dataKey.count({ where: { masterKeyId: newId } })).toBe(dataKeys);
  expect((await rewrapDataKeys(codes, rotating)).rewrapped).toBe(0);

  const after = await service(newOnly).reveal(viewer, entitlementId);
  expect(after.reveal).toEqual(before.reveal);
  await pubsub.close();
});

test("a data key whose master key is unknown is reported and left as it is", async () => {
  const dataKey = await hub.db.dataKey.findFirstOrThrow();
  const stranger = CodeKeyRing.fromConfig({
    masterKeys: generateMasterKeyEntry("k-other"),
    fingerprintKey: hub.secrets.codeKeys.fingerprintKey,
  });
  const result = await rewrapDataKeys(new CardCodeRepository(hub.db), stranger);
  expect(result.rewrapped).toBe(0);
  expect(result.failed).toContainEqual(expect.objectContaining({ dataKeyId: dataKey.id }));
  expect(JSON.stringify(result)).not.toContain(hub.secrets.codeKeys.masterKeys.split(":")[1]);
  expect(await hub.db.dataKey.findUniqueOrThrow({ where: { id: dataKey.id } })).toEqual(dataKey);
});
