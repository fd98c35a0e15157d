// Reveal history: who revealed which card code (its id and SKU, never the
// code), when and from where, paged newest first by keyset and filtered by
// SKU, member and time; tenant admins see their own tenant only, operators
// every tenant (or the one they name), members nothing.
import { randomUUID } from "node:crypto";
import type { ServiceIdentity } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { callSubgraph } from "../../../../test/support/subgraph-client";
import { finished, uploadCodes } from "./support";

const ALLOCATE = `mutation ($input: AllocateCardCodeInput!) { allocateCardCode(input: $input) {
  allocation { codeId } errors { code } } }`;
const REVEAL = `mutation ($id: ID!) { revealCardCode(input: { entitlementId: $id }) { reveal { code } errors { code } } }`;
const HISTORY = `query ($filter: CardCodeRevealFilter, $first: Int, $after: String) {
  cardCodeReveals(filter: $filter, first: $first, after: $after) {
    entries { id tenantId codeId sku { id } entitlementId memberId ip userAgent revealedAt }
    nextCursor
  }
}`;
const entitlements: ServiceIdentity = { kind: "service", service: "entitlements" };
const AGENT = "RevealHistoryTest/1.0";

interface Holder {
  id: string;
  tenantId: string;
  token: string;
}

let hub: TestHub;
let operator: string;
let stellarAdmin: string;
let harbourAdmin: string;
let alice: Holder;
let bob: Holder;
let harbourHolder: Holder;
let skuA: string;
let skuB: string;
const plaintexts: string[] = [];

async function holder(email: string): Promise<Holder> {
  const m = await hub.db.member.findUniqueOrThrow({ where: { email } });
  return { id: m.id, tenantId: m.tenantId, token: await hub.login(email) };
}

async function pool(size: number): Promise<string> {
  const benefit = await hub.seed.benefit({ skus: [] });
  const sku = await hub.seed.sku({ benefitId: benefit.id });
  const codes = Array.from({ length: size }, () => `HIST-${randomUUID()}`);
  plaintexts.push(...codes);
  const answer = await uploadCodes(hub, operator, sku.id, ["code", ...codes].join("\n"));
  expect(finished(answer)).toMatchObject({ status: "SUCCEEDED", importedRows: size });
  return sku.id;
}

/** A code of `skuId` allocated to a new entitlement of `h`, revealed by `h` (`times` reveals). */
async function revealed(h: Holder, skuId: string, times = 1): Promise<string> {
  const entitlementId = randomUUID();
  const allocation = await callSubgraph(hub.subgraphs.catalog.url, hub.secrets.internalSecret, entitlements, ALLOCATE, {
    input: { tenantId: h.tenantId, skuId, entitlementId, memberId: h.id },
  });
  expect(allocation.data.allocateCardCode.errors).toEqual([]);
  for (let i = 0; i < times; i++) {
    const r = await hub.request(REVEAL, { id: entitlementId }, h.token, { "user-agent": AGENT });
    expect(r.data.revealCardCode.errors).toEqual([]);
  }
  return entitlementId;
}

const history = async (token: string, variables: object) => {
  const result = await hub.request(HISTORY, variables, token);
  expect(result.errors).toBeUndefined();
  return result.data.cardCodeReveals as { entries: Record<string, any>[]; nextCursor: string | null };
};

beforeAll(async () => {
  hub = await startTestHub();
  operator = await hub.login("operator@benefitshub.example");
  stellarAdmin = await hub.login(hub.demo.adminEmail);
  harbourAdmin = await hub.login(hub.demo.otherTenantAdminEmail);
  alice = await holder(hub.demo.memberEmail);
  const stellar = alice.tenantId;
  const b = await hub.seed.member({ tenantId: stellar, password: hub.demo.password });
  bob = await holder(b.email);
  harbourHolder = await holder(hub.demo.otherTenantAdminEmail);
  [skuA, skuB] = [await pool(6), await pool(3)];
  await revealed(alice, skuA, 2);
  await revealed(alice, skuA);
  await revealed(bob, skuA);
  await revealed(alice, skuB);
  await revealed(harbourHolder, skuA);
}, 180_000);
afterAll(() => hub?.stop());

test("a tenant admin reads its tenant's reveals, newest first: code id and SKU, member, when, from where; never a code", async () => {
  const page = await history(stellarAdmin, { filter: { skuId: skuA } });
  expect(page.entries).toHaveLength(4);
  expect(page.nextCursor).toBeNull();
  for (const e of page.entries) {
    expect(e).toMatchObject({ tenantId: alice.tenantId, sku: { id: skuA }, userAgent: AGENT });
    expect(e.ip).toEqual(expect.any(String));
    expect([alice.id, bob.id]).toContain(e.memberId);
  }
  const times = page.entries.map((e) => e.revealedAt);
  expect([...times].sort().reverse()).toEqual(times);
  // The first entitlement's two reveals name the same code.
  const codes = await hub.db.cardCodeReveal.groupBy({
    by: ["codeId"],
    where: { codeId: { in: page.entries.map((e) => e.codeId) } },
  });
  expect(codes).toHaveLength(3);
  const json = JSON.stringify(await history(stellarAdmin, {}));
  for (const code of plaintexts) expect(json).not.toContain(code);
});

test("pages by keyset cursor without gaps or repeats; filters by member, SKU and time", async () => {
  const all = (await history(stellarAdmin, { filter: { skuId: skuA } })).entries.map((e) => e.id);
  const paged: string[] = [];
  let after: string | null = null;
  do {
    const page = await history(stellarAdmin, { filter: { skuId: skuA }, first: 3, after });
    expect(page.entries.length).toBeLessThanOrEqual(3);
    paged.push(...page.entries.map((e) => e.id));
    after = page.nextCursor;
  } while (after);
  expect(paged).toEqual(all);

  const bobs = await history(stellarAdmin, { filter: { memberId: bob.id } });
  expect(bobs.entries.map((e) => e.memberId)).toEqual([bob.id]);
  const alicesB = await history(stellarAdmin, { filter: { memberId: alice.id, skuId: skuB } });
  expect(alicesB.entries).toHaveLength(1);

  const entries = (await history(stellarAdmin, { filter: { skuId: skuA } })).entries;
  const oldest = entries.at(-1)!.revealedAt;
  const newest = entries[0]!.revealedAt;
  const from = await history(stellarAdmin, { filter: { skuId: skuA, from: newest } });
  expect(from.entries.map((e) => e.id)).toEqual(entries.filter((e) => e.revealedAt >= newest).map((e) => e.id));
  const before = await history(stellarAdmin, { filter: { skuId: skuA, to: newest } });
  expect(before.entries.map((e) => e.id)).toEqual(entries.filter((e) => e.revealedAt < newest).map((e) => e.id));
  expect(before.entries.some((e) => e.revealedAt === oldest)).toBe(true);
});

test("another tenant's admin sees none of it; operators see every tenant, or the one they name; members are denied", async () => {
  expect((await history(harbourAdmin, { filter: { skuId: skuA } })).entries.map((e) => e.tenantId)).toEqual([
    harbourHolder.tenantId,
  ]);
  expect((await history(harbourAdmin, { filter: { tenantId: alice.tenantId } })).entries).toEqual([]);
  expect((await history(harbourAdmin, { filter: { memberId: alice.id } })).entries).toEqual([]);

  const everyTenant = await history(operator, { filter: { skuId: skuA } });
  expect(new Set(everyTenant.entries.map((e) => e.tenantId))).toEqual(
    new Set([alice.tenantId, harbourHolder.tenantId]),
  );
  expect(everyTenant.entries).toHaveLength(5);
  const harbourOnly = await history(operator, { filter: { skuId: skuA, tenantId: harbourHolder.tenantId } });
  expect(harbourOnly.entries.map((e) => e.memberId)).toEqual([harbourHolder.id]);

  for (const token of [alice.token, bob.token]) {
    const denied = await hub.request(HISTORY, {}, token);
    expect(denied.data).toBeNull();
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  }
  expect((await hub.request(HISTORY, {})).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
});

test("bad filters and cursors are refused with the field named", async () => {
  const cases: [object, string][] = [
    [{ filter: { memberId: "nope" } }, "memberId"],
    [{ filter: { skuId: "1; DROP TABLE" } }, "skuId"],
    [{ filter: { from: "yesterday" } }, "from"],
    [{ filter: { from: "2026-12-02T00:00:00Z", to: "2026-12-01T00:00:00Z" } }, "from"],
  ];
  for (const [variables, field] of cases) {
    const r = await hub.request(HISTORY, variables, stellarAdmin);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  }
  const cursor = await hub.request(HISTORY, { after: "not-a-cursor" }, stellarAdmin);
  expect(cursor.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
});
