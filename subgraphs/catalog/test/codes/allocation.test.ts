// The two primitives catalog offers the entitlements domain: allocating a
// code to an entitlement (atomic, never twice, idempotent per entitlement)
// and revealing it to its owner (recorded; nobody else gets it).
import { randomUUID } from "node:crypto";
import type { ServiceIdentity } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { callSubgraph } from "../../../../test/support/subgraph-client";
import { everyRowAsText, finished, plaintextFound, uploadCodes } from "./support";

const ALLOCATE = `mutation ($input: AllocateCardCodeInput!) { allocateCardCode(input: $input) {
  allocation { codeId skuId entitlementId expiresAt } errors { code message } } }`;
const REVEAL = `mutation ($id: ID!) { revealCardCode(input: { entitlementId: $id }) {
  reveal { code pin expiresAt } errors { code } } }`;
const entitlements: ServiceIdentity = { kind: "service", service: "entitlements" };

let hub: TestHub;
let operator: string;
let member: { id: string; tenantId: string };
beforeAll(async () => {
  hub = await startTestHub();
  operator = await hub.login("operator@benefitshub.example");
  member = await hub.db.member.findUniqueOrThrow({
    where: { email: "member@stellar.example" },
    select: { id: true, tenantId: true },
  });
}, 120_000);
afterAll(() => hub?.stop());

async function poolOf(size: number, withPins = false) {
  const benefit = await hub.seed.benefit({ skus: [] });
  const sku = await hub.seed.sku({ benefitId: benefit.id, lowStockThreshold: 10 });
  const codes = Array.from({ length: size }, () => `RACE-${randomUUID()}`);
  const rows = codes.map((c, i) => (withPins ? `${c},PIN${i}${randomUUID().slice(0, 8)}` : c));
  const answer = await uploadCodes(hub, operator, sku.id, ["code,pin", ...rows].join("\n"));
  expect(finished(answer)).toMatchObject({ status: "SUCCEEDED", importedRows: size });
  return { skuId: sku.id, codes, rows };
}

const allocate = (skuId: string, entitlementId: string, memberId = member.id) =>
  callSubgraph(hub.subgraphs.catalog.url, hub.secrets.internalSecret, entitlements, ALLOCATE, {
    input: { tenantId: member.tenantId, skuId, entitlementId, memberId },
  });

test("500 concurrent allocations on a pool of 300 allocate exactly 300 distinct codes", async () => {
  const { skuId } = await poolOf(300);
  const results = await Promise.all(Array.from({ length: 500 }, () => allocate(skuId, randomUUID())));
  for (const r of results) expect(r.errors).toBeUndefined();
  const won = results.map((r) => r.data.allocateCardCode).filter((p) => p.allocation);
  const lost = results.map((r) => r.data.allocateCardCode).filter((p) => !p.allocation);
  expect(won).toHaveLength(300);
  expect(new Set(won.map((p) => p.allocation.codeId)).size).toBe(300);
  expect(lost).toHaveLength(200);
  for (const p of lost) expect(p.errors).toEqual([{ code: "OUT_OF_STOCK", message: "No card code left for this SKU" }]);
  // The database agrees: 300 codes allocated, each to one entitlement; the pool count is 0 and an alert is open.
  const allocated = await hub.db.cardCode.findMany({ where: { skuId, state: "ALLOCATED" } });
  expect(allocated).toHaveLength(300);
  expect(new Set(allocated.map((c) => c.entitlementId)).size).toBe(300);
  expect(await hub.db.cardCode.count({ where: { skuId, state: "AVAILABLE" } })).toBe(0);
  const sku = await hub.db.sku.findUniqueOrThrow({ where: { id: skuId } });
  expect(sku.poolAvailable).toBe(0);
  expect(await hub.db.lowStockAlert.count({ where: { skuId, closedAt: null } })).toBe(1);
}, 120_000);

test("asking again for the same entitlement, even concurrently, gives the same code and takes one from the pool", async () => {
  const { skuId } = await poolOf(5);
  const entitlementId = randomUUID();
  const results = await Promise.all(Array.from({ length: 20 }, () => allocate(skuId, entitlementId)));
  const codeIds = new Set(results.map((r) => r.data.allocateCardCode.allocation?.codeId));
  expect(codeIds.size).toBe(1);
  expect([...codeIds][0]).toBeDefined();
  expect((await hub.db.sku.findUniqueOrThrow({ where: { id: skuId } })).poolAvailable).toBe(4);
  // Another member or SKU for the same entitlement is refused.
  const other = await allocate(skuId, entitlementId, randomUUID());
  expect(other.data.allocateCardCode).toMatchObject({ allocation: null, errors: [{ code: "INVALID_INPUT" }] });
});

test("allocation is for services only, and checks its input", async () => {
  const { skuId } = await poolOf(1);
  const asMember = await hub.request(
    ALLOCATE,
    { input: { tenantId: member.tenantId, skuId, entitlementId: randomUUID(), memberId: member.id } },
    await hub.login("member@stellar.example"),
  );
  expect(asMember.data?.allocateCardCode ?? null).toBeNull();
  expect(asMember.errors?.[0]?.message).toMatch(/not authori[sz]ed/i);
  const bad = await allocate("nope", randomUUID());
  expect(bad.data.allocateCardCode.errors[0].code).toBe("INVALID_INPUT");
  const unknown = await allocate(randomUUID(), randomUUID());
  expect(unknown.data.allocateCardCode.errors[0].code).toBe("NOT_FOUND");
  expect((await hub.db.sku.findUniqueOrThrow({ where: { id: skuId } })).poolAvailable).toBe(1);
});

test("only the owner's reveal shows the code; every reveal is recorded; nothing else ever shows it", async () => {
  const { skuId, rows } = await poolOf(3, true);
  const entitlementId = randomUUID();
  const allocation = (await allocate(skuId, entitlementId)).data.allocateCardCode.allocation;
  expect(JSON.stringify(allocation)).not.toMatch(/RACE-|PIN/);

  const ownerToken = await hub.login("member@stellar.example");
  const reveal = await hub.request(REVEAL, { id: entitlementId }, ownerToken);
  expect(reveal.errors).toBeUndefined();
  const shown = reveal.data.revealCardCode.reveal;
  expect(rows).toContain(`${shown.code},${shown.pin}`);
  await hub.request(REVEAL, { id: entitlementId }, ownerToken);
  expect(await hub.db.cardCodeReveal.count({ where: { codeId: allocation.codeId, memberId: member.id } })).toBe(2);

  // Anyone else: the same NOT_FOUND as for an entitlement that does not exist (or no access at all).
  for (const email of ["admin@stellar.example", "member@harbour.example", "operator@benefitshub.example"]) {
    const other = await hub.request(REVEAL, { id: entitlementId }, await hub.login(email));
    expect(JSON.stringify(other)).not.toContain(shown.code);
    expect(other.data?.revealCardCode?.reveal ?? null).toBeNull();
  }
  expect((await hub.request(REVEAL, { id: entitlementId })).data?.revealCardCode ?? null).toBeNull();
  const missing = await hub.request(REVEAL, { id: randomUUID() }, ownerToken);
  expect(missing.data.revealCardCode).toEqual({ reveal: null, errors: [{ code: "NOT_FOUND" }] });
  expect(await hub.db.cardCodeReveal.count({ where: { codeId: allocation.codeId } })).toBe(2);

  // Operators' views carry no codes; the database holds none in plaintext, nor any PIN.
  const views = await hub.request(
    `query ($sku: ID!) { codeImports(skuId: $sku) { problems { reason } } lowStockAlerts { stock }
      sku(id: $sku) { stock } }`,
    { sku: skuId },
    operator,
  );
  expect(JSON.stringify(views)).not.toMatch(/RACE-|PIN\d/);
  const dump = await everyRowAsText(hub.db);
  for (const row of rows) {
    const [code, pin] = row.split(",") as [string, string];
    expect(plaintextFound(dump, code)).toBe(false);
    expect(plaintextFound(dump, pin)).toBe(false);
  }
});
