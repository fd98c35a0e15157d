// Idempotency keys on the catalog's mutations (README, Idempotency): master
// catalog, shelves and suppliers, through the gateway.
import { randomUUID } from "node:crypto";
import { startTestHub, type TestHub } from "../../../test/support/hub";
import { expectKeyed } from "../../../test/support/idempotency";

let hub: TestHub;
let operator: string;
let admin: string;
let otherAdmin: string;

beforeAll(async () => {
  hub = await startTestHub();
  [operator, admin, otherAdmin] = await Promise.all([
    hub.login("operator@benefitshub.example"),
    hub.login(hub.demo.adminEmail),
    hub.login(hub.demo.otherTenantAdminEmail),
  ]);
}, 120_000);
afterAll(() => hub?.stop());

async function call(field: string, query: string, variables: object, token: string) {
  const r = await hub.request(query, variables, token);
  if (!r.data?.[field]) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data[field];
}

const CREATE_BRAND = `mutation ($input: CreateBrandInput!) {
  createBrand(input: $input) { brand { id slug name nameEn } errors { code message } } }`;
const CREATE_CATEGORY = `mutation ($input: CreateCategoryInput!) {
  createCategory(input: $input) { category { id slug name parent { slug } } errors { code message } } }`;
const SHELVE = `mutation ($input: ShelveSkuInput!) {
  shelveSku(input: $input) { shelfItem { id priceFen sku { id slug } } errors { code message } } }`;
const UPDATE_ITEM = `mutation ($input: UpdateShelfItemInput!) {
  updateShelfItem(input: $input) { shelfItem { id priceFen position } errors { code message } } }`;

test("createBrand: a retry answers the first brand, a different request is refused, a burst makes one", async () => {
  await expectKeyed({
    send: (key, v) =>
      call(
        "createBrand",
        CREATE_BRAND,
        { input: { slug: `b-${v}`, name: `品牌 ${v}`, nameEn: `Brand ${v}`, idempotencyKey: key } },
        operator,
      ),
    effects: (v) => hub.db.brand.count({ where: { slug: `b-${v}` } }),
  });
});

test("createCategory: the same under a parent (nested fields resolve the same on a retry)", async () => {
  const parent = await hub.db.category.findUniqueOrThrow({ where: { slug: "coffee" } });
  const { retry } = await expectKeyed({
    send: (key, v) =>
      call(
        "createCategory",
        CREATE_CATEGORY,
        { input: { slug: `c-${v}`, name: `类 ${v}`, nameEn: `Cat ${v}`, parentId: parent.id, idempotencyKey: key } },
        operator,
      ),
    effects: (v) => hub.db.category.count({ where: { slug: `c-${v}` } }),
  });
  expect(retry.category.parent).toEqual({ slug: "coffee" });
});

test("updateShelfItem: a retry changes the offer once (one audit entry), and keys are the caller's own", async () => {
  const sku = await hub.db.sku.findFirstOrThrow({ where: { archivedAt: null }, orderBy: { slug: "asc" } });
  const shelved = await call(
    "shelveSku",
    SHELVE,
    { input: { skuId: sku.id, idempotencyKey: `shelve-${sku.id}` } },
    admin,
  );
  expect(shelved.errors).toEqual([]);
  const itemId = shelved.shelfItem.id;
  const updates = () => hub.db.catalogAuditEntry.count({ where: { targetId: itemId, action: "shelf.item_updated" } });
  const before = await updates();
  let price = 1000;
  const prices = new Map<string, number>();
  await expectKeyed({
    send: (key, v) => {
      if (!prices.has(v)) prices.set(v, price++);
      return call(
        "updateShelfItem",
        UPDATE_ITEM,
        { input: { id: itemId, priceFen: prices.get(v), idempotencyKey: key } },
        admin,
      );
    },
    effects: async (v) =>
      prices.has(v)
        ? hub.db.catalogAuditEntry.count({
            where: {
              targetId: itemId,
              action: "shelf.item_updated",
              details: { path: ["priceFen"], equals: prices.get(v) },
            },
          })
        : 0,
  });
  expect(await updates()).toBe(before + 2);

  // Another tenant's admin using the same key shelves in their own tenant.
  const theirs = await call(
    "shelveSku",
    SHELVE,
    { input: { skuId: sku.id, idempotencyKey: `shelve-${sku.id}` } },
    otherAdmin,
  );
  expect(theirs.errors).toEqual([]);
  expect(theirs.shelfItem.id).not.toBe(itemId);
});

test("a key is scoped to its mutation, and an unkeyed request still works", async () => {
  const key = `k-${randomUUID()}`;
  const v = randomUUID().slice(0, 8);
  const brand = await call(
    "createBrand",
    CREATE_BRAND,
    { input: { slug: `s-${v}`, name: v, nameEn: v, idempotencyKey: key } },
    operator,
  );
  const category = await call(
    "createCategory",
    CREATE_CATEGORY,
    { input: { slug: `s-${v}`, name: v, nameEn: v, idempotencyKey: key } },
    operator,
  );
  expect([brand.errors, category.errors]).toEqual([[], []]);
  const plain = await call("createBrand", CREATE_BRAND, { input: { slug: `p-${v}`, name: v, nameEn: v } }, operator);
  expect(plain.errors).toEqual([]);
  const again = await call("createBrand", CREATE_BRAND, { input: { slug: `p-${v}`, name: v, nameEn: v } }, operator);
  expect(again.errors.map((e: { code: string }) => e.code)).toEqual(["DUPLICATE_SLUG"]);
});
