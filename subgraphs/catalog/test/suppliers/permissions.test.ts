// Suppliers are the platform operators' business: tenant admins, members and
// anonymous callers read no supplier, no supplier product, no statement and
// no cost price, and change nothing. The operator, as the control, can.
import { randomUUID } from "node:crypto";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { DEMO_SUPPLIER, connectDemoSupplier } from "../../../../prisma/seed/demo-catalog-seed";
import { CodeKeyRing } from "../../src/crypto/key-ring";
import { OPERATOR_EMAIL, startSim } from "./support";

let hub: TestHub;
let operator: string;
let sim: Awaited<ReturnType<typeof startSim>>;
let supplierId: string;
let topupSkuId: string;
let categoryId: string;

beforeAll(async () => {
  hub = await startTestHub();
  operator = await hub.login(OPERATOR_EMAIL);
  sim = await startSim();
  // The demo supplier, connected to a simulator, so the operator's reads succeed.
  const keyRing = CodeKeyRing.fromConfig(hub.secrets.codeKeys);
  await connectDemoSupplier(hub.db, { keyRing, secret: sim.secret, baseUrl: sim.url });
  supplierId = (await hub.db.supplier.findUniqueOrThrow({ where: { slug: DEMO_SUPPLIER.slug } })).id;
  topupSkuId = (await hub.db.sku.findUniqueOrThrow({ where: { slug: "china-mobile-topup-30" } })).id;
  categoryId = (await hub.db.category.findFirstOrThrow()).id;
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  await sim?.close();
});

const window = () => ({
  from: new Date(Date.now() - 86_400_000).toISOString(),
  to: new Date(Date.now() + 86_400_000).toISOString(),
});

const reads = () => [
  { name: "suppliers", query: `{ suppliers { id baseUrl } }`, variables: {} },
  {
    name: "supplierProducts",
    query: `query ($id: ID!) { supplierProducts(supplierId: $id) { productId costPriceFen } }`,
    variables: { id: supplierId },
  },
  {
    name: "supplierStatement",
    query: `query ($id: ID!, $from: String!, $to: String!) { supplierStatement(supplierId: $id, from: $from, to: $to) { totalFen } }`,
    variables: { id: supplierId, ...window() },
  },
];

const writes = () => [
  {
    name: "createSupplier",
    query: `mutation ($input: CreateSupplierInput!) { createSupplier(input: $input) { supplier { id } errors { code } } }`,
    variables: {
      input: { slug: `x-${randomUUID().slice(0, 8)}`, name: "X", baseUrl: sim.url, secret: "a-secret-123" },
    },
  },
  {
    name: "updateSupplier",
    query: `mutation ($input: UpdateSupplierInput!) { updateSupplier(input: $input) { supplier { id } errors { code } } }`,
    variables: { input: { id: supplierId, baseUrl: "http://attacker.example", secret: "attacker-secret" } },
  },
  {
    name: "listSupplierProduct",
    query: `mutation ($input: ListSupplierProductInput!) { listSupplierProduct(input: $input) { sku { id } errors { code } } }`,
    variables: { input: { supplierId, productId: "china-unicom-topup-50", categoryId } },
  },
  {
    name: "syncSupplier",
    query: `mutation ($id: ID!) { syncSupplier(id: $id) { updatedSkus errors { code } } }`,
    variables: { id: supplierId },
  },
];

const state = async () => ({
  suppliers: await hub.db.supplier.findMany({ orderBy: { id: "asc" } }),
  skus: await hub.db.sku.count(),
  benefits: await hub.db.benefit.count(),
  audit: await hub.db.catalogAuditEntry.count(),
});

test("tenant admins, members and anonymous callers read no supplier data and change nothing", async () => {
  const callers: [string, string | undefined][] = [
    ["tenant admin", await hub.login(hub.demo.adminEmail)],
    ["member", await hub.login(hub.demo.memberEmail)],
    ["other tenant's admin", await hub.login(hub.demo.otherTenantAdminEmail)],
    ["anonymous", undefined],
  ];
  const before = await state();
  const requestsBefore = sim.control.requestCounts();
  for (const [who, token] of callers) {
    for (const call of [...reads(), ...writes()]) {
      const result = await hub.request(call.query, call.variables, token);
      expect({ who, call: call.name, error: result.errors?.[0]?.message }).toEqual({
        who,
        call: call.name,
        error: expect.stringMatching(/not authori[sz]ed/i),
      });
      // No data out: no data at all, or the nullable root field null.
      const out = Object.values(result.data ?? {}).filter((value) => value !== null);
      expect({ who, call: call.name, out }).toEqual({ who, call: call.name, out: [] });
    }
  }
  expect(await state()).toEqual(before);
  // Not one of those calls reached the supplier.
  expect(sim.control.requestCounts()).toEqual(requestsBefore);
});

test("cost prices and supplier links are the operator's: a tenant admin and a member see null", async () => {
  const skuQuery = `query ($id: ID!) { sku(id: $id) { id costPriceFen supplierProductId supplier { id } } }`;
  const admin = await hub.login(hub.demo.adminEmail);
  const member = await hub.login(hub.demo.memberEmail);
  for (const token of [admin, member]) {
    const result = await hub.request(skuQuery, { id: topupSkuId }, token);
    expect(result.errors).toBeUndefined();
    expect(result.data.sku).toEqual({ id: topupSkuId, costPriceFen: null, supplierProductId: null, supplier: null });
  }
  const catalog = await hub.request(`{ benefits(first: 100) { skus { costPriceFen supplier { id } } } }`, {}, admin);
  expect(catalog.errors).toBeUndefined();
  const skus = catalog.data.benefits.flatMap((b: { skus: unknown[] }) => b.skus);
  expect(skus.length).toBeGreaterThan(10);
  expect(
    skus.every((s: { costPriceFen: unknown; supplier: unknown }) => s.costPriceFen === null && s.supplier === null),
  ).toBe(true);

  // The control: the operator sees them, and may read the supplier's products and statement.
  const asOperator = await hub.request(skuQuery, { id: topupSkuId }, operator);
  expect(asOperator.data.sku).toEqual({
    id: topupSkuId,
    costPriceFen: expect.any(Number),
    supplierProductId: "china-mobile-topup-30",
    supplier: { id: supplierId },
  });
  for (const call of reads()) {
    const result = await hub.request(call.query, call.variables, operator);
    expect({ call: call.name, errors: result.errors }).toEqual({ call: call.name, errors: undefined });
  }
});
