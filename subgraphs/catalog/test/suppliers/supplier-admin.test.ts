// Platform operators manage suppliers through the gateway: the API secret is
// sealed, never returned and never audited; every change is audited; bad
// input gets field errors and writes nothing; a supplier product is listed
// onto the master catalog in one step, once; the settlement statement is
// checked against our orders, and imported once per period (its lines and
// our orders then reach the catalog's outbox).
import { randomUUID } from "node:crypto";
import { IDENTITY_HEADER, internalTokenCodec } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { CodeKeyRing } from "../../src/crypto/key-ring";
import { HttpJsonSupplierAdapter } from "../../src/suppliers/http-json.adapter";
import { supplierSecretContext } from "../../src/suppliers/registry";
import {
  LIST_PRODUCT,
  OPERATOR_EMAIL,
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
let keyRing: CodeKeyRing;

beforeAll(async () => {
  hub = await startTestHub();
  operator = await hub.login(OPERATOR_EMAIL);
  sim = await startSim();
  keyRing = CodeKeyRing.fromConfig(hub.secrets.codeKeys);
}, 120_000);
afterAll(async () => {
  await hub?.stop();
  await sim?.close();
});

const SUPPLIER_FIELDS = `id slug name adapter baseUrl timeoutMs status lastSyncAt lastSyncError syncFailures nextSyncAt`;
const CREATE = `mutation ($input: CreateSupplierInput!) {
  createSupplier(input: $input) { supplier { ${SUPPLIER_FIELDS} } errors { code field message } }
}`;
const UPDATE = `mutation ($input: UpdateSupplierInput!) {
  updateSupplier(input: $input) { supplier { ${SUPPLIER_FIELDS} } errors { code field message } }
}`;
const SYNC = `mutation ($id: ID!) { syncSupplier(id: $id) { updatedSkus errors { code message } supplier { lastSyncError syncFailures } } }`;

const newSlug = () => `sup-${randomUUID().slice(0, 8)}`;
const auditOf = (targetId: string) =>
  hub.db.catalogAuditEntry.findMany({ where: { targetId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
/** Rows a refused change must not have touched. */
const counts = async () => ({
  suppliers: await hub.db.supplier.count(),
  benefits: await hub.db.benefit.count(),
  skus: await hub.db.sku.count(),
  audit: await hub.db.catalogAuditEntry.count(),
});

test("createSupplier seals the secret, never returns it, and audits the change without it", async () => {
  const slug = newSlug();
  const result = await hub.request(
    CREATE,
    { input: { slug, name: "权益云 BenefitCloud", baseUrl: `${sim.url}/`, secret: sim.secret, timeoutMs: 1500 } },
    operator,
  );
  expect(result.errors).toBeUndefined();
  expect(result.data.createSupplier.errors).toEqual([]);
  const supplier = result.data.createSupplier.supplier;
  expect(supplier).toMatchObject({
    slug,
    name: "权益云 BenefitCloud",
    adapter: "http-json",
    baseUrl: `${sim.url}/`,
    timeoutMs: 1500,
    status: "ACTIVE",
    lastSyncAt: null,
    syncFailures: 0,
  });
  expect(JSON.stringify(result)).not.toContain(sim.secret);

  const row = await hub.db.supplier.findUniqueOrThrow({ where: { id: supplier.id } });
  const sealed = Buffer.from(row.secretSealed!);
  expect(sealed.includes(Buffer.from(sim.secret))).toBe(false);
  expect(keyRing.openSmall(sealed, supplierSecretContext(row.id))).toBe(sim.secret);
  // Bound to its supplier: the same bytes do not open as another supplier's secret.
  expect(() => keyRing.openSmall(sealed, supplierSecretContext(randomUUID()))).toThrow();

  const [entry, ...more] = await auditOf(supplier.id);
  expect(more).toHaveLength(0);
  expect(entry).toMatchObject({ action: "supplier.created", targetType: "supplier", actorKind: "member" });
  expect(entry!.details).toEqual({
    slug,
    name: "权益云 BenefitCloud",
    baseUrl: `${sim.url}/`,
    timeoutMs: 1500,
    status: "ACTIVE",
    secret: true,
  });
  expect(JSON.stringify(entry)).not.toContain(sim.secret);

  // The schema has no way to read it back.
  const asking = await hub.request(`{ suppliers { id secret } }`, {}, operator);
  expect(asking.errors?.[0]?.message).toMatch(/Cannot query field "secret"/);
  // And the sealed secret works: the supplier accepts our signed requests.
  const synced = await hub.request(SYNC, { id: supplier.id }, operator);
  expect(synced.data.syncSupplier).toMatchObject({ errors: [], supplier: { lastSyncError: null, syncFailures: 0 } });
});

test("createSupplier: bad input gets a field error and writes nothing", async () => {
  const taken = await createSupplier(hub, operator, { baseUrl: sim.url });
  const valid = { slug: newSlug(), name: "Supplier", baseUrl: sim.url, secret: "a-good-secret", timeoutMs: 1000 };
  const cases: [Record<string, unknown>, string, string][] = [
    [{ slug: "Not A Slug" }, "INVALID_INPUT", "slug"],
    [{ slug: taken.slug }, "DUPLICATE_SLUG", "slug"],
    [{ name: "   " }, "INVALID_INPUT", "name"],
    [{ name: "长".repeat(121) }, "INVALID_INPUT", "name"],
    [{ baseUrl: "ftp://supplier.example" }, "INVALID_INPUT", "baseUrl"],
    [{ baseUrl: "not a url" }, "INVALID_INPUT", "baseUrl"],
    [{ baseUrl: "https://shop:hunter2-password@supplier.example" }, "INVALID_INPUT", "baseUrl"],
    [{ secret: "short" }, "INVALID_INPUT", "secret"],
    [{ timeoutMs: 50 }, "INVALID_INPUT", "timeoutMs"],
    [{ timeoutMs: 60_000 }, "INVALID_INPUT", "timeoutMs"],
  ];
  const before = await counts();
  for (const [change, code, field] of cases) {
    const result = await hub.request(CREATE, { input: { ...valid, ...change } }, operator);
    expect(result.errors).toBeUndefined();
    expect(result.data.createSupplier.supplier).toBeNull();
    expect(result.data.createSupplier.errors).toEqual([{ code, field, message: expect.any(String) }]);
    // No secret comes back in an error, not even a bad one.
    expect(JSON.stringify(result)).not.toMatch(/hunter2|"short"/);
  }
  expect(await counts()).toEqual(before);
});

test("updateSupplier changes what it is given, audits only what changed, and rotates the secret sealed", async () => {
  const { id } = await createSupplier(hub, operator, { baseUrl: sim.url, secret: "not-the-right-secret" });
  const refused = await hub.request(SYNC, { id }, operator);
  expect(refused.data.syncSupplier.errors).toEqual([
    { code: "SUPPLIER_UNAVAILABLE", message: expect.stringMatching(/answered 401 BAD_SIGNATURE/) },
  ]);
  expect(refused.data.syncSupplier.supplier.syncFailures).toBe(1);
  const sealedBefore = Buffer.from((await hub.db.supplier.findUniqueOrThrow({ where: { id } })).secretSealed!);

  const updated = await hub.request(
    UPDATE,
    { input: { id, name: "新名字 New name", secret: sim.secret, timeoutMs: 800 } },
    operator,
  );
  expect(updated.data.updateSupplier.errors).toEqual([]);
  // New credentials: due for a sync now, the old failures forgotten.
  expect(updated.data.updateSupplier.supplier).toMatchObject({
    name: "新名字 New name",
    timeoutMs: 800,
    syncFailures: 0,
  });
  expect(new Date(updated.data.updateSupplier.supplier.nextSyncAt).getTime()).toBeLessThanOrEqual(Date.now());
  expect(JSON.stringify(updated)).not.toContain(sim.secret);
  const row = await hub.db.supplier.findUniqueOrThrow({ where: { id } });
  expect(Buffer.from(row.secretSealed!).equals(sealedBefore)).toBe(false);
  expect(keyRing.openSmall(Buffer.from(row.secretSealed!), supplierSecretContext(id))).toBe(sim.secret);
  expect((await hub.request(SYNC, { id }, operator)).data.syncSupplier.errors).toEqual([]);

  const disabled = await hub.request(UPDATE, { input: { id, status: "DISABLED" } }, operator);
  expect(disabled.data.updateSupplier.supplier.status).toBe("DISABLED");

  const entries = await auditOf(id);
  expect(entries.map((e) => [e.action, e.details])).toEqual([
    ["supplier.created", expect.objectContaining({ secret: true })],
    ["supplier.updated", { name: "新名字 New name", timeoutMs: 800, secret: "changed" }],
    ["supplier.updated", { status: "DISABLED" }],
  ]);
  expect(JSON.stringify(entries)).not.toContain(sim.secret);
  expect(JSON.stringify(entries)).not.toContain("not-the-right-secret");
});

test("updateSupplier: bad input and unknown suppliers change nothing", async () => {
  const { id } = await createSupplier(hub, operator, { baseUrl: sim.url, secret: sim.secret });
  const rowBefore = await hub.db.supplier.findUniqueOrThrow({ where: { id } });
  const before = await counts();
  const cases: [Record<string, unknown>, string, string][] = [
    [{ id, name: "  " }, "INVALID_INPUT", "name"],
    [{ id, baseUrl: "mailto:ops@supplier.example" }, "INVALID_INPUT", "baseUrl"],
    [{ id, baseUrl: "http://user:pass@127.0.0.1:1" }, "INVALID_INPUT", "baseUrl"],
    [{ id, secret: "tiny" }, "INVALID_INPUT", "secret"],
    [{ id, timeoutMs: 0 }, "INVALID_INPUT", "timeoutMs"],
    [{ id: randomUUID(), name: "Nobody" }, "NOT_FOUND", "id"],
    [{ id: "not-an-id", name: "Nobody" }, "NOT_FOUND", "id"],
  ];
  for (const [input, code, field] of cases) {
    const result = await hub.request(UPDATE, { input }, operator);
    expect(result.errors).toBeUndefined();
    expect(result.data.updateSupplier).toEqual({
      supplier: null,
      errors: [{ code, field, message: expect.any(String) }],
    });
  }
  expect(await counts()).toEqual(before);
  expect(await hub.db.supplier.findUniqueOrThrow({ where: { id } })).toEqual(rowBefore);
});

test("listSupplierProduct: one step makes a benefit and a SKU from the supplier's product, linked and audited", async () => {
  const { id: supplierId, slug } = await createSupplier(hub, operator, { baseUrl: sim.url, secret: sim.secret });
  const telecom = await hub.db.category.findUniqueOrThrow({ where: { slug: "telecom" } });
  const result = await hub.request(
    LIST_PRODUCT,
    { input: { supplierId, productId: "china-unicom-topup-50", categoryId: telecom.id, salePriceFen: 4990 } },
    operator,
  );
  expect(result.errors).toBeUndefined();
  expect(result.data.listSupplierProduct.errors).toEqual([]);
  const sku = result.data.listSupplierProduct.sku;
  expect(sku).toMatchObject({
    slug: `${slug}-china-unicom-topup-50`,
    name: "中国联通话费 50 元",
    fulfilmentKind: "DIRECT_TOPUP",
    faceValueFen: 5000,
    costPriceFen: 4930,
    salePriceFen: 4990,
    stockSource: "SUPPLIER",
    stock: 400,
    supplierProductId: "china-unicom-topup-50",
    benefit: { name: "中国联通话费 50 元" },
  });
  const row = await hub.db.sku.findUniqueOrThrow({ where: { id: sku.id }, include: { benefit: true } });
  expect(row).toMatchObject({
    supplierId,
    nameEn: "China Unicom top-up ¥50",
    validityKind: "DAYS_AFTER_CLAIM",
    validDays: 30,
    benefit: { id: sku.benefit.id, categoryId: telecom.id, nameEn: "China Unicom top-up ¥50" },
  });
  const [entry, ...more] = await auditOf(sku.id);
  expect(more).toHaveLength(0);
  expect(entry).toMatchObject({
    action: "supplier.product_listed",
    targetType: "sku",
    details: expect.objectContaining({
      supplierId,
      productId: "china-unicom-topup-50",
      benefitId: sku.benefit.id,
      skuId: sku.id,
      costPriceFen: 4930,
      salePriceFen: 4990,
    }),
  });

  // The supplier's products show which is listed as what.
  const products = await hub.request(
    `query ($id: ID!) { supplierProducts(supplierId: $id) { productId stock costPriceFen listedSku { id } } }`,
    { id: supplierId },
    operator,
  );
  expect(products.errors).toBeUndefined();
  const byId = new Map(products.data.supplierProducts.map((p: { productId: string }) => [p.productId, p]));
  expect(byId.get("china-unicom-topup-50")).toEqual({
    productId: "china-unicom-topup-50",
    stock: 400,
    costPriceFen: 4930,
    listedSku: { id: sku.id },
  });
  expect(byId.get("china-mobile-topup-30")).toMatchObject({ listedSku: null });

  // A card-code product is listed with a code pool: its codes are bought and imported.
  const codes = await listProduct(hub, operator, supplierId, "luckin-coffee-20-code");
  expect(codes).toMatchObject({ stockSource: "CODE_POOL", stock: 0, fulfilmentKind: "CARD_CODE", costPriceFen: 1500 });
});

test("listing a product twice is refused cleanly, also when two operators race", async () => {
  const { id: supplierId } = await createSupplier(hub, operator, { baseUrl: sim.url, secret: sim.secret });
  const category = await hub.db.category.findFirstOrThrow();
  const listed = await listProduct(hub, operator, supplierId, "course-excel");
  const before = await counts();
  const again = await hub.request(
    LIST_PRODUCT,
    { input: { supplierId, productId: "course-excel", categoryId: category.id } },
    operator,
  );
  expect(again.errors).toBeUndefined();
  expect(again.data.listSupplierProduct).toEqual({
    sku: null,
    errors: [{ code: "ALREADY_LISTED", field: "productId", message: expect.stringMatching(/already listed/) }],
  });
  expect(await counts()).toEqual(before);
  expect(await hub.db.sku.findMany({ where: { supplierId, supplierProductId: "course-excel" } })).toEqual([
    expect.objectContaining({ id: listed.id }),
  ]);

  const racing = await Promise.all(
    [1, 2, 3].map(() =>
      hub.request(
        LIST_PRODUCT,
        { input: { supplierId, productId: "course-business-english", categoryId: category.id } },
        operator,
      ),
    ),
  );
  const winners = racing.filter((r) => r.data.listSupplierProduct.errors.length === 0);
  expect(winners).toHaveLength(1);
  for (const loser of racing.filter((r) => r !== winners[0])) {
    expect(loser.data.listSupplierProduct).toEqual({
      sku: null,
      errors: [{ code: "ALREADY_LISTED", field: "productId", message: expect.stringMatching(/already listed/) }],
    });
  }
  const winner = winners[0]!.data.listSupplierProduct.sku;
  expect(await hub.db.sku.count({ where: { supplierId, supplierProductId: "course-business-english" } })).toBe(1);
  // One benefit, one SKU and one audit entry for the one that won.
  expect(await counts()).toEqual({
    ...before,
    benefits: before.benefits + 1,
    skus: before.skus + 1,
    audit: before.audit + 1,
  });
  expect((await auditOf(winner.id)).map((e) => e.action)).toEqual(["supplier.product_listed"]);
});

test("listSupplierProduct: bad input, an unknown product and a supplier that is down write nothing", async () => {
  const downSim = await startSim();
  try {
    const { id: supplierId } = await createSupplier(hub, operator, { baseUrl: sim.url, secret: sim.secret });
    const { id: downId } = await createSupplier(hub, operator, { baseUrl: downSim.url, secret: downSim.secret });
    await downSim.control.setDown(true);
    const category = await hub.db.category.findFirstOrThrow();
    const valid = { supplierId, productId: "china-mobile-topup-50", categoryId: category.id };
    const cases: [Record<string, unknown>, string, string | null][] = [
      [{ productId: "NOPE" }, "NOT_FOUND", "productId"],
      [{ productId: "" }, "INVALID_INPUT", "productId"],
      [{ categoryId: randomUUID() }, "NOT_FOUND", "categoryId"],
      [{ brandId: randomUUID() }, "NOT_FOUND", "brandId"],
      [{ supplierId: randomUUID() }, "NOT_FOUND", "supplierId"],
      [{ salePriceFen: -1 }, "INVALID_INPUT", "salePriceFen"],
      [{ name: "名".repeat(121) }, "INVALID_INPUT", "name"],
      [{ supplierId: downId }, "SUPPLIER_UNAVAILABLE", null],
    ];
    const before = await counts();
    for (const [change, code, field] of cases) {
      const result = await hub.request(LIST_PRODUCT, { input: { ...valid, ...change } }, operator);
      expect(result.errors).toBeUndefined();
      expect(result.data.listSupplierProduct).toEqual({
        sku: null,
        errors: [{ code, field, message: expect.any(String) }],
      });
    }
    expect(await counts()).toEqual(before);
  } finally {
    await downSim.close();
  }
});

test("supplierStatement: an operator gets the supplier's lines, their total, and those we have no order for", async () => {
  const statementSim = await startSim();
  try {
    const { id: supplierId, slug } = await createSupplier(hub, operator, {
      baseUrl: statementSim.url,
      secret: statementSim.secret,
    });
    const { id: skuId } = await listProduct(hub, operator, supplierId, "china-mobile-topup-30");
    // Two top-ups of ours go through the supplier…
    const entitlements = [randomUUID(), randomUUID()];
    for (const entitlementId of entitlements) await requestTopup(hub, { skuId, entitlementId });
    const ours = await Promise.all(entitlements.map((e) => finalOrder(hub, e)));
    expect(ours.map((o) => o.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    // …and the supplier also bills two orders we never placed.
    const direct = new HttpJsonSupplierAdapter({
      name: slug,
      baseUrl: statementSim.url,
      secret: statementSim.secret,
      timeoutMs: 1000,
    });
    const strangers = [randomUUID(), "placed-by-hand-1"];
    for (const externalRef of strangers) {
      await direct.fulfil({ externalRef, productId: "china-mobile-topup-30", account: "13700000000", quantity: 1 });
    }
    for (const ref of strangers) {
      await waitFor(async () => (await direct.queryOrder(ref))?.status === "SUCCEEDED", 5_000, `order ${ref}`);
    }

    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const query = `query ($id: ID!, $from: String!, $to: String!) {
      supplierStatement(supplierId: $id, from: $from, to: $to) {
        supplier { id } from to totalFen unmatched
        lines { externalRef productId quantity amountFen completedAt }
      }
    }`;
    const result = await hub.request(query, { id: supplierId, from, to }, operator);
    expect(result.errors).toBeUndefined();
    const statement = result.data.supplierStatement;
    expect(statement).toMatchObject({ supplier: { id: supplierId }, from, to, totalFen: 4 * 2960 });
    expect(statement.lines.map((l: { externalRef: string }) => l.externalRef).sort()).toEqual(
      [...ours.map((o) => o.id), ...strangers].sort(),
    );
    expect(statement.lines[0]).toMatchObject({ productId: "china-mobile-topup-30", quantity: 1, amountFen: 2960 });
    expect([...statement.unmatched].sort()).toEqual([...strangers].sort());

    // Bad periods are refused; an unknown supplier has no statement; a supplier that is down says so.
    const backwards = await hub.request(query, { id: supplierId, from: to, to: from }, operator);
    expect(backwards.errors?.[0]?.message).toMatch(/from before to/);
    const tooLong = await hub.request(
      query,
      { id: supplierId, from: "2025-01-01T00:00:00Z", to: "2025-06-01T00:00:00Z" },
      operator,
    );
    expect(tooLong.errors?.[0]?.message).toMatch(/at most 93 days/);
    expect((await hub.request(query, { id: randomUUID(), from, to }, operator)).data.supplierStatement).toBeNull();
    await statementSim.control.setDown(true);
    const down = await hub.request(query, { id: supplierId, from, to }, operator);
    expect(down.errors?.[0]?.message).toMatch(/could not reach the supplier/);
    expect(down.errors?.[0]?.message).not.toContain(statementSim.secret);
  } finally {
    await statementSim.close();
  }
});

test("importSupplierStatement through the gateway: kept once per period, a keyed retry answers the same, operators only; its lines and our orders reach GET /internal/outbox", async () => {
  const importSim = await startSim();
  try {
    const { id: supplierId } = await createSupplier(hub, operator, {
      baseUrl: importSim.url,
      secret: importSim.secret,
    });
    const { id: skuId } = await listProduct(hub, operator, supplierId, "china-mobile-topup-30");
    const from = new Date(Date.now() - 60_000).toISOString();
    const entitlementId = randomUUID();
    await requestTopup(hub, { skuId, entitlementId });
    const order = await finalOrder(hub, entitlementId);
    expect(order.status).toBe("SUCCEEDED");
    importSim.control.addStatementLine({ externalRef: "extra-1", productId: "china-mobile-topup-30", amountFen: 100 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const to = new Date().toISOString();

    const IMPORT = `mutation ($input: ImportSupplierStatementInput!) {
      importSupplierStatement(input: $input) {
        alreadyImported errors { code field message }
        statement { id supplier { id } from to lineCount totalFen lines { lineNo reference productId sku { id } quantity amountFen billedAt } }
      }
    }`;
    const input = { supplierId, from, to, idempotencyKey: `import-${randomUUID()}` };
    const first = await hub.request(IMPORT, { input }, operator);
    expect(first.errors).toBeUndefined();
    const payload = first.data.importSupplierStatement;
    expect(payload).toMatchObject({
      alreadyImported: false,
      errors: [],
      statement: { supplier: { id: supplierId }, from, to, lineCount: 2, totalFen: 2960 + 100 },
    });
    expect(payload.statement.lines).toEqual([
      expect.objectContaining({ lineNo: 1, reference: order.id, sku: { id: skuId }, amountFen: 2960, quantity: 1 }),
      expect.objectContaining({ lineNo: 2, reference: "extra-1", sku: { id: skuId }, amountFen: 100 }),
    ]);
    // The same key: the first answer. Without a key: the stored statement, alreadyImported.
    expect((await hub.request(IMPORT, { input }, operator)).data.importSupplierStatement).toEqual(payload);
    const again = await hub.request(IMPORT, { input: { supplierId, from, to } }, operator);
    expect(again.data.importSupplierStatement).toMatchObject({
      alreadyImported: true,
      statement: { id: payload.statement.id },
    });
    const listed = await hub.request(
      `query ($id: ID!) { importedSupplierStatements(supplierId: $id) { id lineCount } }`,
      { id: supplierId },
      operator,
    );
    expect(listed.data.importedSupplierStatements).toEqual([{ id: payload.statement.id, lineCount: 2 }]);
    // A tenant admin may neither import nor list.
    const admin = await hub.login(hub.demo.adminEmail);
    const refused = await hub.request(IMPORT, { input: { supplierId, from, to } }, admin);
    expect(refused.data?.importSupplierStatement ?? null).toBeNull();
    expect(refused.errors?.length).toBeGreaterThan(0);

    // The catalog's outbox: services only; the order's two events and one event per statement line.
    const outboxUrl = hub.subgraphs.catalog.url.replace("/graphql", "/internal/outbox");
    const codec = internalTokenCodec(hub.secrets.internalSecret);
    const asMember = await codec.sign({
      kind: "member",
      memberId: randomUUID(),
      tenantId: randomUUID(),
      role: "PLATFORM_OPERATOR",
      orgUnitId: randomUUID(),
    });
    expect((await fetch(outboxUrl, { headers: { [IDENTITY_HEADER]: asMember } })).status).toBe(403);
    const service = await codec.sign({ kind: "service", service: "analytics" });
    type Served = { type: string; tenantId: string | null; payload: { reference: string; statementId?: string } };
    // The route serves an event once every older transaction of the server has ended: on a busy one, a moment later.
    const events = await waitFor(
      async () => {
        const response = await fetch(`${outboxUrl}?afterXid=0&afterSeq=0&limit=1000`, {
          headers: { [IDENTITY_HEADER]: service },
        });
        expect(response.status).toBe(200);
        const served = ((await response.json()) as { events: Served[] }).events;
        return served.some((e) => e.payload.statementId === payload.statement.id) ? served : null;
      },
      30_000,
      "the statement's lines in the outbox",
    );
    expect(events.filter((e) => e.payload.reference === order.id).map((e) => e.type)).toEqual([
      "supplier.order_placed",
      "supplier.order_succeeded",
      "supplier.statement_line",
    ]);
    const lines = events.filter((e) => e.payload.statementId === payload.statement.id);
    expect(lines.map((e) => [e.type, e.tenantId, e.payload.reference])).toEqual([
      ["supplier.statement_line", null, order.id],
      ["supplier.statement_line", null, "extra-1"],
    ]);
  } finally {
    await importSim.close();
  }
});
