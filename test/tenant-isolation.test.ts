// No way exists to read or change another tenant's data. For every Query and
// Mutation field of the composed graph (a new field is covered by itself),
// callers from another tenant, and anonymous ones, send every id tenant A
// owns: no response may contain anything of A's, and none of A's rows change.
// Then every ID field inside every mutation's input (generated from the
// schema's input types) gets A's id of the matching kind in an input that is
// otherwise the caller's own and valid: no row anywhere may come to name it.
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Supergraph } from "@apollo/federation-internals";
import { getNamedType } from "graphql";
import { startTestHub, type TestHub } from "./support/hub";
import { operationFor } from "./support/operations";
import { idsByKind, isTenantKind, outsideSubtree, rowsNaming, type IdKind } from "./support/id-kinds";
import { mutationsWithIds, type IdField } from "./support/mutation-inputs";
import { giveEveryKind } from "./support/tenant-rows";

const supergraphSdl = readFileSync(fileURLToPath(new URL("../schema/supergraph.graphql", import.meta.url)), "utf8");
const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

let hub: TestHub;
let victimTenantId: string;
let victimIds: string[];
let markers: string[];
let attackerTenantId: string;
let victimKinds: Map<IdKind, string[]>;

beforeAll(async () => {
  // The probes select every field three levels deep, far past what a client asks: only the cost limit is lifted.
  hub = await startTestHub({ campaigns: true, gatewayLimits: { maxCost: Number.MAX_SAFE_INTEGER } });
  victimTenantId = (await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } })).id;
  attackerTenantId = (await hub.db.tenant.findUniqueOrThrow({ where: { slug: "harbour" } })).id;
  // Both sides hold a row of every kind an input can name.
  await giveEveryKind(hub, victimTenantId, hub.demo.adminEmail, hub.demo.memberEmail);
  await giveEveryKind(hub, attackerTenantId, hub.demo.otherTenantAdminEmail, "member@harbour.example");
  // Give tenant A data in every area: a budget with a reservation and an API key, beside the demo seed.
  const admin = await hub.login(hub.demo.adminEmail);
  const root = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: victimTenantId, parentId: null } });
  await hub.request(
    `mutation ($i: FundBudgetInput!) { fundBudget(input: $i) { errors { code } } }`,
    { i: { orgUnitId: root.id, period: "2026-11", amountFen: "100000", idempotencyKey: "isolation-fund" } },
    admin,
  );
  await hub.request(
    `mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { errors { code } } }`,
    { i: { name: "Victim kiosk", permissions: ["ENTITLEMENTS_READ"] } },
    admin,
  );
  // Analytics folds A's events (the claims, the funding) before any test takes a snapshot of A's rows.
  await analyticsCaughtUp(victimTenantId);
  victimIds = [victimTenantId, ...(await idsOfTenant(victimTenantId))];
  const victimRoot = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: victimTenantId, parentId: null } });
  victimKinds = await idsByKind(hub.db, victimTenantId, victimRoot.id);
  const members = await hub.db.member.findMany({ where: { tenantId: victimTenantId } });
  const units = await hub.db.orgUnit.findMany({ where: { tenantId: victimTenantId } });
  const entitlements = await hub.db.entitlement.findMany({ where: { tenantId: victimTenantId } });
  // Any of A's rows showing up is a leak. Display names are left out: generated demo names repeat across tenants.
  markers = [
    ...new Set([
      ...victimIds,
      ...members.flatMap((m) => [m.id, m.email]),
      ...units.flatMap((u) => [u.id, u.name]),
      ...entitlements.map((e) => e.id),
    ]),
  ];
}, 180_000);
afterAll(() => hub?.stop());

/** Drains analytics' consumers until nothing is left to fold and the tenant's facts and budget rows are there. */
async function analyticsCaughtUp(tenantId: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    let read = 0;
    for (const consumer of Object.values(hub.subgraphs.analytics.consumers)) read += await consumer.pollOnce();
    const [row] = await hub.db.$queryRaw<{ facts: bigint; budget: bigint }[]>`
      SELECT (SELECT count(*) FROM analytics.entitlement_fact WHERE tenant_id = ${tenantId}::uuid) AS facts,
             (SELECT count(*) FROM analytics.budget_daily WHERE tenant_id = ${tenantId}::uuid) AS budget`;
    if (read === 0 && row!.facts > 0n && row!.budget > 0n) return;
    if (Date.now() > deadline) throw new Error("setup: analytics never caught up with tenant A's events");
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One id of every kind of row that carries tenant A's tenant_id, in any domain's schema: the probes' inputs. */
async function idsOfTenant(tenantId: string): Promise<string[]> {
  const tables = await hub.db.$queryRaw<{ table_schema: string; table_name: string }[]>`
    SELECT c.table_schema::text AS table_schema, c.table_name::text AS table_name FROM information_schema.columns c
    WHERE c.column_name = 'tenant_id'
      AND EXISTS (SELECT 1 FROM information_schema.columns i
                  WHERE i.table_schema = c.table_schema AND i.table_name = c.table_name AND i.column_name = 'id')`;
  const ids: string[] = [];
  for (const { table_schema, table_name } of tables) {
    const rows = await hub.db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text AS id FROM "${table_schema}"."${table_name}" WHERE tenant_id = $1::uuid ORDER BY id LIMIT 1`,
      tenantId,
    );
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** A digest of every row of tenant A in every table that has a tenant_id, volatile columns left out. */
async function snapshot(tenantId: string): Promise<string> {
  const tables = await hub.db.$queryRaw<{ table_schema: string; table_name: string }[]>`
    SELECT table_schema::text AS table_schema, table_name::text AS table_name FROM information_schema.columns
    WHERE column_name = 'tenant_id' ORDER BY table_schema, table_name`;
  const hash = createHash("sha256");
  for (const { table_schema, table_name } of tables) {
    const rows = await hub.db.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT to_jsonb(t) - 'last_used_at' - 'updated_at' AS row FROM "${table_schema}"."${table_name}" t
       WHERE tenant_id = $1::uuid ORDER BY to_jsonb(t)::text`,
      tenantId,
    );
    hash.update(`${table_schema}.${table_name}:${JSON.stringify(rows)}`);
  }
  return hash.digest("hex");
}

function leaks(response: unknown): string[] {
  const text = JSON.stringify(response);
  return markers.filter((m) => text.includes(m));
}

const rootFields = (kind: "query" | "mutation") =>
  Object.values((kind === "query" ? api.getQueryType() : api.getMutationType())!.getFields()).map(
    (f) => [kind, f] as const,
  );

test("the generated probes cover every root field of the graph", () => {
  expect(rootFields("query").length + rootFields("mutation").length).toBeGreaterThan(20);
});

describe.each([
  ["another tenant's admin", () => hub.login(hub.demo.otherTenantAdminEmail)],
  ["another tenant's member", () => hub.login("member@harbour.example")],
  ["another tenant's unit manager", () => hub.login("manager@harbour.example")],
  ["an anonymous caller", async () => undefined],
])("%s", (_who, credentials) => {
  test("reads nothing of tenant A and changes nothing, through any query or mutation", async () => {
    const token = await credentials();
    const before = await snapshot(victimTenantId);
    const found: string[] = [];
    for (const [kind, field] of [...rootFields("query"), ...rootFields("mutation")]) {
      if (field.name === "login" || field.name === "refreshSession" || field.name === "logout") continue;
      for (const id of victimIds) {
        const { query, variables } = operationFor(kind, field, { id });
        const response = await hub.request(query, variables, token);
        for (const leak of leaks(response)) found.push(`${kind} ${field.name} with ${id}: ${leak}`);
        if (!field.args.some((a) => a.type.toString().includes("ID") || a.type.toString().includes("Input"))) break;
      }
    }
    expect(found).toEqual([]);
    expect(await snapshot(victimTenantId)).toBe(before);
  }, 300_000);
});

// The cockpit. The generic probes above send "isolation-probe" as days, which every cockpit question refuses, so
// here each is asked with valid days and tenant A's tenant, campaign or root unit named. Callers from tenant B get
// nothing of A and only zeros; A's own admin asking the same questions gets A's figures (the probes hit real data).
const COCKPIT_FIELDS = [
  "cockpitOverview",
  "cockpitTimeSeries",
  "cockpitFunnel",
  "cockpitBreakdown",
  "campaignReport",
  "budgetBurn",
  "reconciliation",
];

describe("cockpit questions about tenant A", () => {
  type Probe = { name: string; query: string; variables: Record<string, unknown>; control: boolean };
  let probes: Probe[];
  let probedCampaign: string;
  /** Every count and amount in an answer, summed: numbers and strings of digits (Fen). */
  const figures = (value: unknown): number =>
    typeof value === "number"
      ? Math.abs(value)
      : typeof value === "string"
        ? /^-?\d+$/.test(value)
          ? Math.abs(Number(value))
          : 0
        : value && typeof value === "object"
          ? Object.values(value).reduce((n: number, v) => n + figures(v), 0)
          : 0;

  beforeAll(async () => {
    const root = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: victimTenantId, parentId: null } });
    // Tenant A's busiest campaign in analytics (folded before the tests began).
    const [busiest] = await hub.db.$queryRaw<{ id: string }[]>`
      SELECT campaign_id::text AS id FROM analytics.daily_rollup
      WHERE tenant_id = ${victimTenantId}::uuid AND campaign_id <> '00000000-0000-0000-0000-000000000000'
      GROUP BY campaign_id ORDER BY sum(issued) DESC, campaign_id LIMIT 1`;
    const campaignId = (probedCampaign = busiest!.id);
    const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    const days = { from: shanghai(Date.now() - 400 * 86_400_000), to: shanghai(Date.now()) };
    const filters = [
      { ...days, tenantIds: [victimTenantId] },
      { ...days, campaignIds: [campaignId] },
      { ...days, orgUnitIds: [root.id] },
    ];
    const counts = "issued claimed redeemed expired revoked cost faceValue issuedCost";
    const kpis = ["issued", "claimed", "redeemed", "expired", "revoked", "cost", "faceValue"]
      .map((k) => `${k} { current previous }`)
      .join(" ");
    const perFilter = (name: string, query: string) =>
      filters.map((f) => ({ name, query, variables: { f }, control: true }));
    probes = [
      ...perFilter("cockpitOverview", `query ($f: CockpitFilter!) { cockpitOverview(filter: $f) { ${kpis} } }`),
      ...perFilter(
        "cockpitTimeSeries",
        `query ($f: CockpitFilter!) { cockpitTimeSeries(filter: $f, granularity: MONTH) { period counts { ${counts} } } }`,
      ),
      ...perFilter(
        "cockpitFunnel",
        `query ($f: CockpitFilter!) { cockpitFunnel(filter: $f) { issued claimed redeemed } }`,
      ),
      ...["CAMPAIGN", "ORG_UNIT", "BENEFIT"].flatMap((dimension) =>
        perFilter(
          "cockpitBreakdown",
          `query ($f: CockpitFilter!) { cockpitBreakdown(filter: $f, dimension: ${dimension}, first: 500) {
             totalRows rows { key label counts { ${counts} } } totals { ${counts} } } }`,
        ),
      ),
      {
        name: "campaignReport",
        query: `query ($id: ID!) { campaignReport(campaignId: $id) { campaignId name counts { ${counts} } budgetUsed
                  series { period counts { issued } } abTest { winner variants { variant issued } } } }`,
        variables: { id: campaignId },
        control: true,
      },
      {
        name: "budgetBurn",
        query: `query ($u: ID) { budgetBurn(period: "2026-11", orgUnitId: $u) { orgUnitId orgUnitName allocated
                  committed remaining burn { day cumulativeCommitted } } }`,
        variables: { u: root.id },
        control: true,
      },
      {
        name: "reconciliation",
        query: `query ($t: ID, $from: String!, $to: String!) { reconciliation(from: $from, to: $to, tenantId: $t) {
                  statementLines orders ordersTotal entitlementsIssued matched
                  mismatches { kind supplierId reference entitlementId orderAmount } } }`,
        variables: { t: victimTenantId, ...days },
        // Tenant A need not have supplier orders: no control figures asked of it.
        control: false,
      },
    ];
  }, 120_000);

  test("every cockpit question with a filter is probed", () => {
    const withFilter = rootFields("query")
      .filter(([, f]) => f.args.some((a) => getNamedType(a.type).name === "CockpitFilter"))
      .map(([, f]) => f.name);
    expect(withFilter.length).toBeGreaterThan(3);
    expect(COCKPIT_FIELDS).toEqual(expect.arrayContaining(withFilter));
    expect(new Set(probes.map((p) => p.name))).toEqual(new Set(COCKPIT_FIELDS));
  });

  test("tenant A's admin gets A's figures from the same questions", async () => {
    const token = await hub.login(hub.demo.adminEmail);
    const empty: string[] = [];
    for (const p of probes) {
      const r = await hub.request(p.query, p.variables, token);
      expect({ name: p.name, errors: r.errors }).toEqual({ name: p.name, errors: undefined });
      if (p.control && figures(r.data) === 0) empty.push(`${p.name} ${JSON.stringify(p.variables)}`);
    }
    expect(empty).toEqual([]);
  });

  test.each([
    ["another tenant's admin", () => hub.login(hub.demo.otherTenantAdminEmail)],
    ["another tenant's unit manager", () => hub.login("manager@harbour.example")],
    ["another tenant's member", () => hub.login("member@harbour.example")],
    ["an anonymous caller", async () => undefined],
  ])("%s reads nothing of A: no id, no name, every figure zero", async (_who, credentials) => {
    const token = await credentials();
    const found: string[] = [];
    for (const p of probes) {
      const r = await hub.request(p.query, p.variables, token);
      for (const leak of [...leaks(r), probedCampaign].filter((m) => JSON.stringify(r).includes(m))) {
        found.push(`${p.name}: ${leak}`);
      }
      if (figures(r.data) !== 0) found.push(`${p.name} ${JSON.stringify(p.variables)}: ${JSON.stringify(r.data)}`);
    }
    expect(found).toEqual([]);
  });

  test("tenant A's unit manager: units outside the subtree answer nothing, the breakdown holds only the subtree", async () => {
    const unit = await unitOf("manager@stellar.example");
    const subtree = new Set(
      (await hub.db.orgUnit.findMany({ where: { tenantId: victimTenantId, path: { has: unit } } })).map((u) => u.id),
    );
    const f = probes.find((p) => p.name === "cockpitFunnel")!.variables.f as { from: string; to: string };
    const days = { from: f.from, to: f.to };
    const BREAKDOWN = `query ($f: CockpitFilter!) {
      cockpitBreakdown(filter: $f, dimension: ORG_UNIT, first: 500) { rows { key counts { issued } } totals { issued } } }`;
    const FUNNEL = `query ($f: CockpitFilter!) { cockpitFunnel(filter: $f) { issued claimed redeemed } }`;
    const [manager, admin] = [await hub.login("manager@stellar.example"), await hub.login(hub.demo.adminEmail)];
    const mine = (await hub.request(BREAKDOWN, { f: days }, manager)).data.cockpitBreakdown;
    const all = (await hub.request(BREAKDOWN, { f: days }, admin)).data.cockpitBreakdown;
    const rows = (b: { rows: { key: string; counts: { issued: number } }[] }) => b.rows;
    // The manager's groups are the admin's groups of the subtree, no more (the demo member's claim is in it).
    expect(rows(mine).length).toBeGreaterThan(0);
    expect(rows(mine)).toEqual(rows(all).filter((r) => subtree.has(r.key)));
    expect(mine.totals.issued).toBe(rows(mine).reduce((n, r) => n + r.counts.issued, 0));
    // A unit outside the subtree (one with figures when tenant A has any there, else a quiet leaf) answers nothing.
    const units = new Set((await hub.db.orgUnit.findMany({ where: { tenantId: victimTenantId } })).map((u) => u.id));
    const busy = rows(all).find((r) => units.has(r.key) && !subtree.has(r.key) && r.counts.issued > 0)?.key;
    const outside = busy ?? (await outsideSubtree(hub.db, victimTenantId, unit)).get("orgUnit")![0]!;
    const funnel = await hub.request(FUNNEL, { f: { ...days, orgUnitIds: [outside] } }, manager);
    expect(funnel).toEqual({ data: { cockpitFunnel: { issued: 0, claimed: 0, redeemed: 0 } } });
    if (busy)
      expect(
        (await hub.request(FUNNEL, { f: { ...days, orgUnitIds: [busy] } }, admin)).data.cockpitFunnel.issued,
      ).toBeGreaterThan(0);
  });
});

// Every ID field of every mutation input, with tenant A's id of its kind in an input otherwise the caller's own.
const mutations = mutationsWithIds(rootFields("mutation").map(([, f]) => f)).filter((m) =>
  m.idFields.some((f) => isTenantKind(f.kind)),
);
// Controls that change or remove what later controls use run last.
const destructive = /^(archive|delete|remove|revoke|release|commit|transition|move|redeem|topup|reveal)/;
const controlsInOrder = [...mutations].sort((a, b) => +destructive.test(a.name) - +destructive.test(b.name));

test("the generated input probes find every mutation that names rows by id", () => {
  const names = mutations.map((m) => m.name);
  expect(names).toEqual(expect.arrayContaining(["createCampaign", "updateCampaign", "shelveSku", "updateShelfItem"]));
  const fields = mutations.flatMap((m) => m.idFields.map((f) => `${m.name} ${f.path} ${f.kind}`));
  expect(fields).toEqual(
    expect.arrayContaining([
      "createCampaign input.budgetOrgUnitId orgUnit",
      "createCampaign input.audience.segmentIds segment",
      "transferEntitlement input.toMemberId member",
      "moveOrgUnit input.newParentId orgUnit",
    ]),
  );
});

/** Whether a mutation's answer is a success: data, no GraphQL error, no error in its payload. */
function accepted(response: { data?: Record<string, any> | null; errors?: unknown[] }, name: string): boolean {
  const payload = response.data?.[name];
  return !response.errors?.length && payload != null && !(payload.errors?.length > 0);
}

async function partnerKey(): Promise<string> {
  const admin = await hub.login(hub.demo.otherTenantAdminEmail);
  const r = await hub.request(
    `mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { key errors { code } } }`,
    {
      i: {
        name: "Isolation partner",
        permissions: ["CATALOG_READ", "ENTITLEMENTS_READ", "ENTITLEMENTS_REDEEM", "EVENTS_WRITE"],
      },
    },
    admin,
  );
  return r.data.createApiKey.key;
}

const unitOf = async (email: string) => (await hub.db.member.findUniqueOrThrow({ where: { email } })).orgUnitId;

// Per caller: the mutations whose control (the same input with the caller's own ids) must be accepted, proof that
// their probes were refused for the foreign id and nothing else. Mutations not listed are covered by their own tests.
const callers = [
  ["partner key", () => partnerKey().then((key) => ({ headers: { authorization: `ApiKey ${key}` } })), "admin", []],
  ["member", () => hub.login("member@harbour.example").then((token) => ({ token })), "member", ["transferEntitlement"]],
  [
    "unit manager",
    () => hub.login("manager@harbour.example").then((token) => ({ token })),
    "manager",
    ["createMember", "updateMember", "importMembers", "createSegment", "createOrgUnit"],
  ],
  [
    "admin",
    () => hub.login(hub.demo.otherTenantAdminEmail).then((token) => ({ token })),
    "admin",
    [
      "createCampaign",
      "grantCampaign",
      "shelveSku",
      "updateShelfItem",
      "reviewRiskDecision",
      "createMember",
      "updateMember",
      "createSegment",
      "updateSegment",
      "createOrgUnit",
    ],
  ],
] as const;

describe.each(callers)(
  "another tenant's %s, naming tenant A's rows inside mutation inputs",
  (who, login, role, must) => {
    test("stores them nowhere, and its own ids in the same inputs are accepted", async () => {
      const { token, headers } = (await login()) as { token?: string; headers?: Record<string, string> };
      const own = await idsByKind(hub.db, attackerTenantId, await unitOf(`${role}@harbour.example`));
      const mine = (f: IdField) => own.get(f.kind) ?? [randomUUID()];
      const foreignIds = [...victimKinds].flatMap(([kind, ids]) => (isTenantKind(kind) ? ids : []));
      const before = await rowsNaming(hub.db, foreignIds, victimTenantId);
      const victimBefore = await snapshot(victimTenantId);
      let probes = 0;
      for (const m of mutations) {
        for (const target of m.idFields) {
          const theirs = isTenantKind(target.kind) ? victimKinds.get(target.kind) : undefined;
          if (!theirs) continue;
          // A list gets the caller's own id and then A's, so a check of the first element only is caught too.
          const variables = m.variables((f) => (f !== target ? mine(f) : f.list ? [...mine(f), theirs[0]!] : theirs));
          await hub.request(m.query, variables, token, headers);
          probes++;
        }
      }
      const stored = [...(await rowsNaming(hub.db, foreignIds, victimTenantId))].filter((row) => !before.has(row));
      expect(stored).toEqual([]);
      expect(await snapshot(victimTenantId)).toBe(victimBefore);
      expect(probes).toBeGreaterThan(50);
      const passed: string[] = [];
      for (const m of must.length ? controlsInOrder : []) {
        if (accepted(await hub.request(m.query, m.variables(mine), token, headers), m.name)) passed.push(m.name);
      }
      expect({ who, passed }).toEqual({ who, passed: expect.arrayContaining([...must]) });
    }, 300_000);
  },
);

// A member may give an entitlement to anyone of the tenant: that field is tenant-wide, not a manager's subtree.
const TENANT_WIDE = new Set(["transferEntitlement input.toMemberId"]);

test("a unit manager naming its own tenant's units and members outside its subtree stores them nowhere", async () => {
  const token = await hub.login("manager@harbour.example");
  const unit = await unitOf("manager@harbour.example");
  const own = await idsByKind(hub.db, attackerTenantId, unit);
  const mine = (f: IdField) => own.get(f.kind) ?? [randomUUID()];
  const outside = await outsideSubtree(hub.db, attackerTenantId, unit);
  const ids = [...outside.values()].flat();
  const before = await rowsNaming(hub.db, ids, randomUUID());
  let probes = 0;
  for (const m of mutations) {
    for (const target of m.idFields) {
      const theirs = outside.get(target.kind);
      if (!theirs || TENANT_WIDE.has(`${m.name} ${target.path}`)) continue;
      const variables = m.variables((f) => (f !== target ? mine(f) : f.list ? [...mine(f), theirs[0]!] : theirs));
      await hub.request(m.query, variables, token);
      probes++;
    }
  }
  expect(probes).toBeGreaterThan(20);
  expect([...(await rowsNaming(hub.db, ids, randomUUID()))].filter((row) => !before.has(row))).toEqual([]);
}, 300_000);
