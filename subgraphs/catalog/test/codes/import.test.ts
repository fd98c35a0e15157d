// Card-code imports through the gateway: a file with bad and duplicate rows
// stores only the good rows and reports each other one; refusals change
// nothing; no plaintext code is stored or answered.
import { randomUUID } from "node:crypto";
import { createLogger, createInProcessPubSub } from "@benefits-hub/platform";
import { CodeKeyRing } from "../../src/crypto/key-ring";
import { CardCodeRepository } from "../../src/data/codes/card-code.repository";
import { ABANDONED_AFTER_MS, CodeImporter } from "../../src/domain/codes/code-importer";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { everyRowAsText, finished, plaintextFound, uploadCodes } from "./support";

let hub: TestHub;
let operator: string;
let skuId: string;
beforeAll(async () => {
  hub = await startTestHub();
  operator = await hub.login("operator@benefitshub.example");
  const benefit = await hub.seed.benefit({ skus: [] });
  skuId = (await hub.seed.sku({ benefitId: benefit.id, lowStockThreshold: 5 })).id;
}, 120_000);
afterAll(() => hub?.stop());

const code = () => `CODE-${randomUUID()}`;
const poolOf = async (id: string) =>
  (await hub.db.sku.findUniqueOrThrow({ where: { id }, select: { poolAvailable: true } })).poolAvailable;

test("a file with bad and duplicate rows stores only the good ones and reports every other row", async () => {
  const earlier = code();
  const first = await uploadCodes(hub, operator, skuId, `code\n${earlier}\n`);
  expect(finished(first)).toMatchObject({ status: "SUCCEEDED", importedRows: 1 });

  const good = [code(), code(), code()];
  const twice = good[1]!;
  const bad = { empty: "", spaced: `has space ${randomUUID()}`, long: "X".repeat(129), pastCode: code() };
  const csv = [
    "code,pin,expires_at",
    `${good[0]},1234,2099-12-31`, // row 2
    `${bad.spaced},,`, // 3: whitespace
    `${twice},,`, // 4
    `${earlier},,`, // 5: already in the pool
    `${bad.empty},5678,`, // 6: empty code
    `${twice},9999,`, // 7: duplicate of row 4
    `${bad.long},,`, // 8: too long
    `${bad.pastCode},,2001-01-01`, // 9: expired
    `${code()},,2027-02-30`, // 10: no such date
    `${code()},,,extra`, // 11: too many columns
    `${good[2]},,2099-01-01T00:00:00Z`, // 12
  ].join("\n");
  const answer = await uploadCodes(hub, operator, skuId, csv);
  expect(answer.status).toBe(200);
  expect(answer.events[0]).toMatchObject({ event: "started" });
  const report = finished(answer);
  expect(report).toMatchObject({ status: "SUCCEEDED", processedRows: 11, importedRows: 3, rejectedRows: 8 });
  expect(report.problems).toEqual([
    { row: 3, reason: "code contains whitespace or unprintable characters" },
    { row: 5, reason: "already in the pool" },
    { row: 6, reason: "code is empty" },
    { row: 7, reason: "duplicate of row 4 in this file" },
    { row: 8, reason: "code is longer than 128 characters" },
    { row: 9, reason: "expires_at is in the past" },
    { row: 10, reason: expect.stringContaining("expires_at is not a valid date") },
    { row: 11, reason: "too many columns (the header has 3)" },
  ]);
  expect(await hub.db.cardCode.count({ where: { skuId } })).toBe(4);
  expect(await poolOf(skuId)).toBe(4);

  // Nothing of any row, good or bad, is readable anywhere: not in the database, not in the answers.
  const codeImport = await hub.request(
    `query ($id: ID!) { codeImport(id: $id) { status importedRows rejectedRows problems { row reason } sku { id } } }`,
    { id: report.id },
    operator,
  );
  expect(codeImport.data.codeImport).toMatchObject({ status: "SUCCEEDED", importedRows: 3, sku: { id: skuId } });
  const dump = await everyRowAsText(hub.db);
  for (const secret of [earlier, ...good, bad.spaced, bad.pastCode, "1234", "5678", "9999"]) {
    if (secret.length > 4) expect(plaintextFound(dump, secret)).toBe(false);
    expect(answer.body).not.toContain(secret.length > 4 ? secret : `"${secret}"`);
    expect(JSON.stringify(codeImport)).not.toContain(secret.length > 4 ? secret : `"${secret}"`);
  }
});

test("progress comes after each committed batch of a large file", async () => {
  const rows = Array.from({ length: 4_500 }, () => code());
  const answer = await uploadCodes(hub, operator, skuId, ["code", ...rows].join("\n"));
  const progress = answer.events.filter((e) => e.event === "progress").map((e) => e.processedRows);
  expect(progress).toEqual([2_000, 4_000, 4_500]);
  expect(finished(answer)).toMatchObject({ status: "SUCCEEDED", importedRows: 4_500, rejectedRows: 0 });
});

test("refusals change nothing: anonymous, not an operator, unknown SKU, not a code SKU, not CSV", async () => {
  const before = await hub.db.cardCode.count();
  const imports = await hub.db.codeImport.count();
  const csv = `code\n${code()}\n`;
  expect((await uploadCodes(hub, null, skuId, csv)).status).toBe(401);
  const admin = await hub.login("admin@stellar.example");
  expect((await uploadCodes(hub, admin, skuId, csv)).status).toBe(403);
  expect((await uploadCodes(hub, operator, randomUUID(), csv)).status).toBe(404);
  expect((await uploadCodes(hub, operator, "not-a-uuid", csv)).status).toBe(400);
  const benefit = await hub.seed.benefit({ skus: [] });
  const supplier = await hub.seed.supplier();
  const topup = await hub.seed.sku({
    benefitId: benefit.id,
    fulfilmentKind: "DIRECT_TOPUP",
    supplierId: supplier.id,
    supplierProductId: "p-1",
  });
  const refused = await uploadCodes(hub, operator, topup.id, csv);
  expect(refused.status).toBe(422);
  expect(refused.events[0]).toMatchObject({ code: "NOT_A_CODE_SKU" });
  expect((await uploadCodes(hub, operator, skuId, csv, "application/json")).status).toBe(415);
  expect(await hub.db.cardCode.count()).toBe(before);
  expect(await hub.db.codeImport.count()).toBe(imports);
});

test("a file without the header fails the import with a clear error and stores nothing", async () => {
  const before = await poolOf(skuId);
  const secret = code();
  const answer = await uploadCodes(hub, operator, skuId, `${secret},1234\n${code()}\n`);
  const report = finished(answer);
  expect(report).toMatchObject({ status: "FAILED", importedRows: 0 });
  expect(report.error).toMatch(/header/);
  expect(answer.body).not.toContain(secret);
  expect(await poolOf(skuId)).toBe(before);
});

test("stock is the count of unallocated codes; an import that lifts it above the threshold closes the alert", async () => {
  const benefit = await hub.seed.benefit({ skus: [] });
  const low = await hub.seed.sku({ benefitId: benefit.id, lowStockThreshold: 3 });
  await uploadCodes(hub, operator, low.id, `code\n${code()}\n`);
  const open = await hub.request(`{ lowStockAlerts { sku { id } stock threshold closedAt } }`, {}, operator);
  expect(open.data.lowStockAlerts).toContainEqual({ sku: { id: low.id }, stock: 1, threshold: 3, closedAt: null });
  await uploadCodes(hub, operator, low.id, `code\n${code()}\n${code()}\n`);
  const after = await hub.request(`{ lowStockAlerts { sku { id } } }`, {}, operator);
  expect(after.data.lowStockAlerts).not.toContainEqual({ sku: { id: low.id } });
  const stock = await hub.request(`query ($id: ID!) { sku(id: $id) { stock inStock } }`, { id: low.id }, operator);
  expect(stock.data.sku).toEqual({ stock: 3, inStock: true });
});

test("an open alert says the stock the pool has now, after an import that leaves it still low", async () => {
  const benefit = await hub.seed.benefit({ skus: [] });
  const low = await hub.seed.sku({ benefitId: benefit.id, lowStockThreshold: 20 });
  await uploadCodes(hub, operator, low.id, `code\n${Array.from({ length: 6 }, code).join("\n")}\n`);
  await uploadCodes(hub, operator, low.id, `code\n${code()}\n${code()}\n`);
  const query = `query ($id: ID!) { lowStockAlerts { sku { id stock } stock stockAtOpen threshold } sku(id: $id) { stock } }`;
  const answer = await hub.request(query, { id: low.id }, operator);
  const alert = answer.data.lowStockAlerts.find((a: { sku: { id: string } }) => a.sku.id === low.id);
  expect(alert).toEqual({ sku: { id: low.id, stock: 8 }, stock: 8, stockAtOpen: 6, threshold: 20 });
  expect(answer.data.sku.stock).toBe(8);
});

test("the demo seed gives every card-code SKU a pool of sealed codes; one is short of stock and alerted", async () => {
  const skus = await hub.db.sku.findMany({
    where: { stockSource: "CODE_POOL", slug: { not: { startsWith: "sku-" } } },
  });
  expect(skus.length).toBeGreaterThan(3);
  for (const sku of skus) {
    expect(sku.poolAvailable).toBe(sku.slug === "luckin-coffee-20" ? 6 : 200);
    expect(await hub.db.cardCode.count({ where: { skuId: sku.id, state: "AVAILABLE" } })).toBe(sku.poolAvailable);
  }
  const alerts = await hub.request(`{ lowStockAlerts { sku { slug } stock threshold } }`, {}, operator);
  expect(alerts.data.lowStockAlerts).toContainEqual({ sku: { slug: "luckin-coffee-20" }, stock: 6, threshold: 20 });
});

test("an import whose process died is failed once its heartbeat is old; a live one, on any instance, is left alone", async () => {
  const operatorRow = await hub.db.member.findUniqueOrThrow({ where: { email: "operator@benefitshub.example" } });
  const old = new Date(Date.now() - ABANDONED_AFTER_MS - 5_000);
  const dead = await hub.db.codeImport.create({
    data: { skuId, createdById: operatorRow.id, heartbeatAt: old, processedRows: 4_000, importedRows: 4_000 },
  });
  const alive = await hub.db.codeImport.create({ data: { skuId, createdById: operatorRow.id } });
  const pubsub = createInProcessPubSub();
  const importer = new CodeImporter(
    new CardCodeRepository(hub.db),
    CodeKeyRing.fromConfig(hub.secrets.codeKeys),
    pubsub,
    createLogger("import-test", "silent"),
  );
  await importer.failAbandoned();
  await pubsub.close();
  expect(await hub.db.codeImport.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({
    status: "FAILED",
    importedRows: 4_000,
    error: expect.stringContaining("batches committed before that stay in the pool"),
  });
  expect((await hub.db.codeImport.findUniqueOrThrow({ where: { id: alive.id } })).status).toBe("RUNNING");
});
