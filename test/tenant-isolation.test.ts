// No way exists to read or change another tenant's data. For every Query and
// Mutation field of the composed graph (a new field is covered by itself),
// callers from another tenant, and anonymous ones, send every id tenant A
// owns: no response may contain anything of A's, and none of A's rows change.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Supergraph } from "@apollo/federation-internals";
import { startTestHub, type TestHub } from "./support/hub";
import { operationFor } from "./support/operations";

const supergraphSdl = readFileSync(fileURLToPath(new URL("../schema/supergraph.graphql", import.meta.url)), "utf8");
const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

let hub: TestHub;
let victimTenantId: string;
let victimIds: string[];
let markers: string[];

beforeAll(async () => {
  // The probes select every field three levels deep, far past what a client asks: only the cost limit is lifted.
  hub = await startTestHub({ gatewayLimits: { maxCost: Number.MAX_SAFE_INTEGER } });
  victimTenantId = (await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } })).id;
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
  victimIds = [victimTenantId, ...(await idsOfTenant(victimTenantId))];
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

/** Two ids of every kind of row that carries tenant A's tenant_id, in any domain's schema: the probes' inputs. */
async function idsOfTenant(tenantId: string): Promise<string[]> {
  const tables = await hub.db.$queryRaw<{ table_schema: string; table_name: string }[]>`
    SELECT c.table_schema::text AS table_schema, c.table_name::text AS table_name FROM information_schema.columns c
    WHERE c.column_name = 'tenant_id'
      AND EXISTS (SELECT 1 FROM information_schema.columns i
                  WHERE i.table_schema = c.table_schema AND i.table_name = c.table_name AND i.column_name = 'id')`;
  const ids: string[] = [];
  for (const { table_schema, table_name } of tables) {
    const rows = await hub.db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text AS id FROM "${table_schema}"."${table_name}" WHERE tenant_id = $1::uuid ORDER BY id LIMIT 2`,
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
