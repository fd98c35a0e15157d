// Idempotency keys on membership's mutations (README, Idempotency): members,
// imports, org units, segments, API keys, tenants, through the gateway.
import { randomUUID } from "node:crypto";
import { startTestHub, type TestHub } from "../../../test/support/hub";
import { demoUnits, loginDemoActors, type DemoTokens } from "../../../test/support/demo-actors";
import { expectKeyed } from "../../../test/support/idempotency";

let hub: TestHub;
let tokens: DemoTokens;
let operator: string;
let units: Awaited<ReturnType<typeof demoUnits>>["units"];

beforeAll(async () => {
  hub = await startTestHub();
  tokens = await loginDemoActors(hub);
  operator = await hub.login("operator@benefitshub.example");
  units = (await demoUnits(hub)).units;
}, 120_000);
afterAll(() => hub?.stop());

async function call(field: string, query: string, variables: object, token: string) {
  const r = await hub.request(query, variables, token);
  if (!r.data?.[field]) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  return r.data[field];
}

const CREATE_MEMBER = `mutation ($input: CreateMemberInput!) {
  createMember(input: $input) { member { id email displayName orgUnit { id name } } errors { code message } } }`;
const CREATE_UNIT = `mutation ($input: CreateOrgUnitInput!) {
  createOrgUnit(input: $input) { orgUnit { id name parent { id } } errors { code message } } }`;
const IMPORT = `mutation ($input: ImportMembersInput!) {
  importMembers(input: $input) { memberImport { id } errors { code message } } }`;
const CREATE_KEY = `mutation ($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { apiKey { id name permissions } key errors { code message } } }`;
const CREATE_SEGMENT = `mutation ($input: CreateSegmentInput!) {
  createSegment(input: $input) { segment { id name } errors { code message } } }`;
const DELETE_SEGMENT = `mutation ($input: DeleteSegmentInput!) {
  deleteSegment(input: $input) { deletedSegmentId errors { code message } } }`;
const CREATE_TENANT = `mutation ($input: CreateTenantInput!) {
  createTenant(input: $input) { tenant { id slug } admin { id email } errors { code message } } }`;

test("createMember: a retry answers the first member, a different request is refused, a burst makes one", async () => {
  await expectKeyed({
    send: (key, v) =>
      call(
        "createMember",
        CREATE_MEMBER,
        { input: { email: `${v}@idem.test`, displayName: `Idem ${v}`, orgUnitId: units.bj, idempotencyKey: key } },
        tokens.admin,
      ),
    effects: (v) => hub.db.member.count({ where: { email: `${v}@idem.test` } }),
  });
});

test("createOrgUnit: the same for a unit manager inside the subtree", async () => {
  await expectKeyed({
    send: (key, v) =>
      call(
        "createOrgUnit",
        CREATE_UNIT,
        { input: { parentId: units.hq, name: `Unit ${v}`, idempotencyKey: key } },
        tokens.admin,
      ),
    effects: (v) => hub.db.orgUnit.count({ where: { name: `Unit ${v}` } }),
    burst: 4,
  });
});

test("importMembers: a retried start is the same import, run once", async () => {
  const before = await hub.db.memberImport.count();
  const ids = new Map<string, Set<string>>();
  await expectKeyed({
    send: async (key, v) => {
      const csv = `email,display_name\n${v}@import.test,Imported ${v}\n`;
      const answer = await call(
        "importMembers",
        IMPORT,
        { input: { csv, orgUnitId: units.sh, idempotencyKey: key } },
        tokens.admin,
      );
      if (answer.memberImport) ids.set(v, new Set([...(ids.get(v) ?? []), answer.memberImport.id]));
      return answer;
    },
    effects: async (v) => ids.get(v)?.size ?? 0,
  });
  // Two imports in all: the first request's and the burst's.
  expect(await hub.db.memberImport.count()).toBe(before + 2);
});

test("createApiKey: one key however often it is retried; the secret is shown only in the first answer", async () => {
  const key = `k-${randomUUID()}`;
  const name = `partner ${randomUUID().slice(0, 8)}`;
  const input = { name, permissions: ["CATALOG_READ"], idempotencyKey: key };
  const first = await call("createApiKey", CREATE_KEY, { input }, tokens.admin);
  expect(first.key).toMatch(/^bh_/);
  const retry = await call("createApiKey", CREATE_KEY, { input }, tokens.admin);
  expect(retry).toEqual({ ...first, key: null });
  expect(await hub.db.apiKey.count({ where: { name } })).toBe(1);
  const record = await hub.db.membershipIdempotencyRecord.findFirstOrThrow({ where: { key } });
  expect(JSON.stringify(record.response)).not.toContain(first.key.split("_")[2]);
});

test("deleteSegment: a retry answers the deletion, not NOT_FOUND", async () => {
  const made = await call(
    "createSegment",
    CREATE_SEGMENT,
    { input: { name: `seg ${randomUUID().slice(0, 6)}`, rules: { tiers: ["gold"] }, idempotencyKey: "seg-1" } },
    tokens.admin,
  );
  const input = { id: made.segment.id, idempotencyKey: `del-${made.segment.id}` };
  const first = await call("deleteSegment", DELETE_SEGMENT, { input }, tokens.admin);
  const retry = await call("deleteSegment", DELETE_SEGMENT, { input }, tokens.admin);
  expect(first).toEqual({ deletedSegmentId: made.segment.id, errors: [] });
  expect(retry).toEqual(first);
  const unkeyed = await call("deleteSegment", DELETE_SEGMENT, { input: { id: made.segment.id } }, tokens.admin);
  expect(unkeyed.errors.map((e: { code: string }) => e.code)).toEqual(["NOT_FOUND"]);
});

test("createTenant: keyed for operators; the admin's password is never part of the record", async () => {
  const password = `Pw-${randomUUID()}`;
  await expectKeyed({
    send: (key, v) =>
      call(
        "createTenant",
        CREATE_TENANT,
        {
          input: {
            slug: `t-${v}`,
            name: `Tenant ${v}`,
            adminEmail: `admin-${v}@idem.test`,
            adminDisplayName: `Admin ${v}`,
            adminPassword: password,
            idempotencyKey: key,
          },
        },
        operator,
      ),
    effects: (v) => hub.db.tenant.count({ where: { slug: `t-${v}` } }),
    burst: 3,
  });
  const records = await hub.db.membershipIdempotencyRecord.findMany({ where: { operation: "createTenant" } });
  expect(records.length).toBeGreaterThan(0);
  for (const r of records) expect(JSON.stringify(r)).not.toContain(password);
});
