// Platform operators keep the master catalog; everyone else is refused; bad
// input changes nothing; every change is audited with who and from where.
import { startTestHub, type TestHub } from "../../../test/support/hub";

let hub: TestHub;
let operator: string;
let admin: string;

beforeAll(async () => {
  hub = await startTestHub();
  [operator, admin] = await Promise.all([hub.login("operator@benefitshub.example"), hub.login(hub.demo.adminEmail)]);
}, 120_000);
afterAll(() => hub?.stop());

const CREATE_BENEFIT = `mutation ($input: CreateBenefitInput!) { createBenefit(input: $input) {
  benefit { id slug name category { slug } brand { slug } } errors { code field message } } }`;
const CREATE_SKU = `mutation ($input: CreateSkuInput!) { createSku(input: $input) {
  sku { id slug stockSource stock inStock costPriceFen validity { kind validDays } } errors { code field message } } }`;

test("an operator builds a benefit with a SKU; cost prices are theirs alone", async () => {
  const category = await hub.db.category.findUniqueOrThrow({ where: { slug: "coffee" } });
  const brand = await hub.db.brand.findUniqueOrThrow({ where: { slug: "luckin" } });
  const created = await hub.request(
    CREATE_BENEFIT,
    {
      input: {
        slug: "luckin-tea",
        name: "瑞幸轻乳茶券",
        nameEn: "Luckin milk tea voucher",
        description: "任意轻乳茶一杯",
        categoryId: category.id,
        brandId: brand.id,
      },
    },
    operator,
  );
  expect(created.data.createBenefit.errors).toEqual([]);
  const benefit = created.data.createBenefit.benefit;
  expect(benefit).toMatchObject({ slug: "luckin-tea", category: { slug: "coffee" }, brand: { slug: "luckin" } });
  const row = await hub.db.benefit.findUniqueOrThrow({ where: { id: benefit.id } });
  expect(row.searchText).toContain("milk tea");
  expect(row.searchText).toContain("瑞幸咖啡");

  const sku = await hub.request(
    CREATE_SKU,
    {
      input: {
        benefitId: benefit.id,
        slug: "luckin-tea-1",
        name: "轻乳茶一杯",
        fulfilmentKind: "CARD_CODE",
        faceValueFen: 1800,
        costPriceFen: 1200,
        salePriceFen: 1600,
        validity: { kind: "DAYS_AFTER_CLAIM", validDays: 30 },
      },
    },
    operator,
  );
  expect(sku.data.createSku.errors).toEqual([]);
  expect(sku.data.createSku.sku).toMatchObject({
    stockSource: "CODE_POOL",
    stock: 0,
    inStock: false,
    costPriceFen: 1200,
    validity: { kind: "DAYS_AFTER_CLAIM", validDays: 30 },
  });
  const asAdmin = await hub.request(
    `query ($id: ID!) { sku(id: $id) { costPriceFen salePriceFen } }`,
    { id: sku.data.createSku.sku.id },
    admin,
  );
  expect(asAdmin.data.sku).toEqual({ costPriceFen: null, salePriceFen: 1600 });

  const audit = await hub.db.catalogAuditEntry.findMany({
    where: { targetId: { in: [benefit.id, sku.data.createSku.sku.id] } },
  });
  expect(audit.map((a) => a.action).sort()).toEqual(["benefit.created", "sku.created"]);
  expect(audit.every((a) => a.tenantId === null && a.actorKind === "member")).toBe(true);
});

test("bad input comes back as a field error and writes nothing", async () => {
  const category = await hub.db.category.findUniqueOrThrow({ where: { slug: "coffee" } });
  const before = { benefits: await hub.db.benefit.count(), audit: await hub.db.catalogAuditEntry.count() };
  const cases: [object, string, string][] = [
    [{ slug: "Bad Slug", name: "x", categoryId: category.id }, "INVALID_INPUT", "slug"],
    [{ slug: "ok-slug", name: "  ", categoryId: category.id }, "INVALID_INPUT", "name"],
    [{ slug: "ok-slug", name: "x", categoryId: "00000000-0000-4000-8000-000000000000" }, "NOT_FOUND", "categoryId"],
    [{ slug: "luckin-voucher", name: "x", categoryId: category.id }, "DUPLICATE_SLUG", "slug"],
    [
      { slug: "ok-slug", name: "x", categoryId: category.id, imageUrl: "javascript:alert(1)" },
      "INVALID_INPUT",
      "imageUrl",
    ],
  ];
  for (const [input, code, field] of cases) {
    const result = await hub.request(CREATE_BENEFIT, { input }, operator);
    expect(result.data.createBenefit).toMatchObject({ benefit: null, errors: [{ code, field }] });
  }
  const benefit = await hub.db.benefit.findUniqueOrThrow({ where: { slug: "luckin-voucher" } });
  const sku = await hub.request(
    CREATE_SKU,
    {
      input: {
        benefitId: benefit.id,
        slug: "fixed-bad",
        name: "x",
        fulfilmentKind: "CARD_CODE",
        faceValueFen: 100,
        costPriceFen: 100,
        salePriceFen: 100,
        validity: { kind: "FIXED_DATES", validFrom: "2027-01-02", validUntil: "2027-01-01" },
      },
    },
    operator,
  );
  expect(sku.data.createSku.errors[0]).toMatchObject({ code: "INVALID_INPUT", field: "validity.validUntil" });
  expect(await hub.db.benefit.count()).toBe(before.benefits);
  expect(await hub.db.catalogAuditEntry.count()).toBe(before.audit);
});

test("tenant admins and members may not change the master catalog", async () => {
  const member = await hub.login(hub.demo.memberEmail);
  for (const token of [admin, member]) {
    const result = await hub.request(
      `mutation { createBrand(input: { slug: "x", name: "x", nameEn: "x" }) { brand { id } } }`,
      {},
      token,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  }
  expect(await hub.db.brand.count({ where: { slug: "x" } })).toBe(0);
});

test("the master catalog list is for operators and admins; members read benefits on their shelf only", async () => {
  const member = await hub.login(hub.demo.memberEmail);
  const all = await hub.db.benefit.count({ where: { archivedAt: null } });
  expect((await hub.request(`{ benefits(first: 100) { id } }`, {}, operator)).data.benefits).toHaveLength(all);
  expect((await hub.request(`{ benefits(first: 100) { id } }`, {}, member)).data.benefits).toEqual([]);
  const notOnStellarShelf = await hub.seed.benefit({ name: "不在货架 Not shelved" });
  const onShelf = await hub.db.sku.findUniqueOrThrow({ where: { slug: "starbucks-tall-latte" } });
  const read = async (id: string) =>
    (await hub.request(`query ($id: ID!) { benefit(id: $id) { id } }`, { id }, member)).data.benefit;
  expect(await read(notOnStellarShelf.id)).toBeNull();
  expect(await read(onShelf.benefitId)).toEqual({ id: onShelf.benefitId });
});
