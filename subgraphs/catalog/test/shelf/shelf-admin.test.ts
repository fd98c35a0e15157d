// Tenant admins curate their own shelf; every change is audited; another
// tenant's shelf items are out of reach.
import { startTestHub, type TestHub } from "../../../../test/support/hub";

let hub: TestHub;
let admin: string;
let otherAdmin: string;
let member: string;

const SHELVE = `mutation ($input: ShelveSkuInput!) { shelveSku(input: $input) {
  shelfItem { id priceFen tiers active sku { slug } } errors { code message } } }`;
const UPDATE = `mutation ($input: UpdateShelfItemInput!) { updateShelfItem(input: $input) {
  shelfItem { id priceFen active } errors { code message } } }`;
const REMOVE = `mutation ($input: RemoveShelfItemInput!) { removeShelfItem(input: $input) {
  shelfItem { id active } errors { code message } } }`;

beforeAll(async () => {
  hub = await startTestHub();
  [admin, otherAdmin, member] = await Promise.all([
    hub.login(hub.demo.adminEmail),
    hub.login(hub.demo.otherTenantAdminEmail),
    hub.login(hub.demo.memberEmail),
  ]);
}, 120_000);
afterAll(() => hub?.stop());

const skuId = async (slug: string) => (await hub.db.sku.findUniqueOrThrow({ where: { slug } })).id;

test("an admin shelves a SKU at their price, changes it and takes it off; each step audited", async () => {
  const stellar = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } });
  const shelved = await hub.request(
    SHELVE,
    { input: { skuId: await skuId("sinopec-fuel-500"), priceFen: 47_000, tiers: ["gold"] } },
    admin,
  );
  expect(shelved.data.shelveSku.errors).toEqual([]);
  const item = shelved.data.shelveSku.shelfItem;
  expect(item).toMatchObject({ priceFen: 47_000, tiers: ["gold"], active: true, sku: { slug: "sinopec-fuel-500" } });
  const row = await hub.db.shelfItem.findUniqueOrThrow({ where: { id: item.id } });
  expect(row.tenantId).toBe(stellar.id);

  const updated = await hub.request(UPDATE, { input: { id: item.id, priceFen: 46_000 } }, admin);
  expect(updated.data.updateShelfItem.shelfItem.priceFen).toBe(46_000);
  const removed = await hub.request(REMOVE, { input: { id: item.id } }, admin);
  expect(removed.data.removeShelfItem.shelfItem.active).toBe(false);

  const entries = await hub.db.catalogAuditEntry.findMany({
    where: { targetId: item.id },
    orderBy: { createdAt: "asc" },
  });
  expect(entries.map((e) => e.action)).toEqual(["shelf.sku_shelved", "shelf.item_updated", "shelf.item_removed"]);
  expect(entries.every((e) => e.tenantId === stellar.id && e.ip !== null)).toBe(true);

  const log = await hub.request(`{ catalogAuditLog(first: 10) { entries { action targetId tenantId } } }`, {}, admin);
  expect(log.data.catalogAuditLog.entries.map((e: { action: string }) => e.action)).toContain("shelf.item_removed");
  const otherLog = await hub.request(`{ catalogAuditLog(first: 50) { entries { targetId } } }`, {}, otherAdmin);
  expect(otherLog.data.catalogAuditLog.entries.map((e: { targetId: string }) => e.targetId)).not.toContain(item.id);
});

test("another tenant's admin cannot change or remove the item, and nothing changes", async () => {
  const stellar = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } });
  const item = await hub.db.shelfItem.findFirstOrThrow({
    where: { tenantId: stellar.id, sku: { slug: "starbucks-tall-latte" } },
  });
  const before = await hub.db.shelfItem.findUniqueOrThrow({ where: { id: item.id } });
  const update = await hub.request(UPDATE, { input: { id: item.id, priceFen: 1 } }, otherAdmin);
  expect(update.data.updateShelfItem).toEqual({
    shelfItem: null,
    errors: [{ code: "NOT_FOUND", message: "no such shelf item" }],
  });
  const remove = await hub.request(REMOVE, { input: { id: item.id } }, otherAdmin);
  expect(remove.data.removeShelfItem.errors[0].code).toBe("NOT_FOUND");
  expect(await hub.db.shelfItem.findUniqueOrThrow({ where: { id: item.id } })).toEqual(before);
});

test("bad input is refused with a clear error and changes nothing; members may not curate", async () => {
  const count = await hub.db.shelfItem.count();
  const audits = await hub.db.catalogAuditEntry.count();
  const id = await skuId("coursera-plus-1m");
  const cases = [
    [{ skuId: id, priceFen: -5 }, "INVALID_PRICE"],
    [{ skuId: id, tiers: ["gold tier!"] }, "INVALID_AUDIENCE"],
    [{ skuId: id, segmentIds: ["nope"] }, "INVALID_AUDIENCE"],
    [{ skuId: "00000000-0000-4000-8000-000000000000" }, "NOT_FOUND"],
    [{ skuId: "not-an-id" }, "NOT_FOUND"],
  ] as const;
  for (const [input, code] of cases) {
    const result = await hub.request(SHELVE, { input }, admin);
    expect(result.data.shelveSku.errors[0].code).toBe(code);
  }
  const byMember = await hub.request(SHELVE, { input: { skuId: id } }, member);
  expect(byMember.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  expect(await hub.db.shelfItem.count()).toBe(count);
  expect(await hub.db.catalogAuditEntry.count()).toBe(audits);
});

test("segments of another tenant, or none, are refused like missing ones: the field named, nothing stored", async () => {
  const [stellar, harbour] = await Promise.all(
    ["stellar", "harbour"].map((slug) => hub.db.tenant.findUniqueOrThrow({ where: { slug } })),
  );
  const segment = (tenantId: string) =>
    hub.db.segment.create({ data: { tenantId, name: `Shelf ${tenantId.slice(0, 8)} ${Date.now()}`, rules: {} } });
  const [ours, theirs] = [await segment(stellar!.id), await segment(harbour!.id)];
  const item = await hub.db.shelfItem.findFirstOrThrow({
    where: { tenantId: stellar!.id, sku: { slug: "starbucks-tall-latte" } },
  });
  const before = await hub.db.shelfItem.findMany({ where: { tenantId: stellar!.id }, orderBy: { id: "asc" } });
  const audits = await hub.db.catalogAuditEntry.count();
  const WITH_FIELD = (m: string) => m.replace("errors { code message }", "errors { code message field }");
  for (const foreign of [theirs.id, "00000000-0000-4000-8000-000000000000"]) {
    const segmentIds = [ours.id, foreign];
    const shelved = await hub.request(
      WITH_FIELD(SHELVE),
      { input: { skuId: await skuId("coursera-plus-1m"), segmentIds } },
      admin,
    );
    expect(shelved.data.shelveSku).toEqual({
      shelfItem: null,
      errors: [{ code: "NOT_FOUND", message: "no such segment", field: "segmentIds.1" }],
    });
    const updated = await hub.request(WITH_FIELD(UPDATE), { input: { id: item.id, segmentIds } }, admin);
    expect(updated.data.updateShelfItem.errors).toEqual([
      { code: "NOT_FOUND", message: "no such segment", field: "segmentIds.1" },
    ]);
  }
  expect(await hub.db.shelfItem.findMany({ where: { tenantId: stellar!.id }, orderBy: { id: "asc" } })).toEqual(before);
  expect(await hub.db.catalogAuditEntry.count()).toBe(audits);
  // The tenant's own segment is accepted.
  const own = await hub.request(UPDATE, { input: { id: item.id, segmentIds: [ours.id] } }, admin);
  expect(own.data.updateShelfItem.errors).toEqual([]);
  expect((await hub.db.shelfItem.findUniqueOrThrow({ where: { id: item.id } })).segmentIds).toEqual([ours.id]);
  await hub.request(UPDATE, { input: { id: item.id, segmentIds: [] } }, admin);
});
