import { randomUUID } from "node:crypto";
import { createLogger } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../test/support/hub";
import { demoUnits, loginDemoActors, type DemoTokens } from "../../../test/support/demo-actors";
import { callSubgraph } from "../../../test/support/subgraph-client";
import { startMembership } from "../src/server";

let hub: TestHub;
let tokens: DemoTokens;
let tenantId: string;
const units = { hq: "", bj: "", bjRd: "", bjMkt: "", sh: "", shSales: "", harbour: "", archived: "" };

beforeAll(async () => {
  hub = await startTestHub();
  tokens = await loginDemoActors(hub);
  const demo = await demoUnits(hub);
  tenantId = demo.tenantId;
  Object.assign(units, demo.units);
  const archived = await hub.seed.orgUnit({ tenantId, parentId: units.bj, name: "Closed office" });
  await hub.db.orgUnit.update({ where: { id: archived.id }, data: { archivedAt: new Date() } });
  units.archived = archived.id;
}, 120_000);
afterAll(() => hub?.stop());

const IMPORT = `mutation ($i: ImportMembersInput!) {
  importMembers(input: $i) { memberImport { id status } errors { code field message } }
}`;
const STATUS = `query ($id: ID!) {
  memberImport(id: $id) { id status totalRows processedRows importedRows report { row field message } finishedAt }
}`;
const HEADER = "email,display_name,org_unit_id,tier,tags,joined_at,attributes";

interface ImportState {
  status: string;
  totalRows: number;
  processedRows: number;
  importedRows: number;
  report: { row: number | null; field: string | null; message: string }[];
}

async function startImport(token: string, csv: string, orgUnitId?: string) {
  const result = await hub.request(IMPORT, { i: { csv, orgUnitId } }, token);
  expect(result.errors).toBeUndefined();
  return result.data.importMembers as { memberImport: { id: string; status: string } | null; errors: unknown[] };
}

/** Polls an import until it ends; `inProgress` says whether a poll saw 0 < processedRows < totalRows. */
async function finish(id: string, token = tokens.admin) {
  let inProgress = false;
  for (const started = Date.now(); Date.now() - started < 60_000;) {
    const result = await hub.request(STATUS, { id }, token);
    const state = result.data.memberImport as ImportState;
    if (state.processedRows > 0 && state.processedRows < state.totalRows) inProgress = true;
    if (state.status !== "RUNNING") return { state, inProgress };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`import ${id} still running after 60 s`);
}

async function importAndWait(token: string, csv: string, orgUnitId?: string) {
  const started = await startImport(token, csv, orgUnitId);
  expect(started.errors).toEqual([]);
  expect(started.memberImport!.status).toBe("RUNNING");
  return { id: started.memberImport!.id, ...(await finish(started.memberImport!.id, token)) };
}

const tag = () => randomUUID().slice(0, 8);
const auditOf = (targetId: string) =>
  hub.db.auditEntry.findMany({ where: { targetId }, orderBy: { createdAt: "asc" } });

test("a CSV with bad rows imports nothing and reports each bad row", async () => {
  const t = tag();
  const csv = [
    HEADER,
    `ok-${t}@import.test,Good One,${units.bjRd},gold,vip;early,2024-01-02,"{""team"":""blue""}"`, // row 2
    `not-an-email,Bad Email,${units.bjRd},,,,`, // row 3
    `dup-${t}@import.test,Dup A,${units.bjRd},,,,`, // row 4
    `DUP-${t}@import.test,Dup B,${units.bjRd},,,,`, // row 5: the same email as row 4
    `member@stellar.example,Already Here,${units.bjRd},,,,`, // row 6: an existing member's email
    `unit-${t}@import.test,Unknown Unit,${randomUUID()},,,,`, // row 7
    `date-${t}@import.test,Bad Date,${units.bjRd},,,2024-02-30,`, // row 8
    `json-${t}@import.test,Bad Json,${units.bjRd},,,,{not json}`, // row 9
    `harbour-${t}@import.test,Other Tenant Unit,${units.harbour},,,,`, // row 10
    `closed-${t}@import.test,Archived Unit,${units.archived},,,,`, // row 11
    `,No Email,${units.bjRd},,,,`, // row 12
    `short-${t}@import.test,Too Few Fields`, // row 13
    `ok2-${t}@import.test,Good Two,${units.sh},silver,,2023-12-31,`, // row 14
  ].join("\n");

  const { id, state } = await importAndWait(tokens.admin, csv);

  expect(state).toMatchObject({ status: "FAILED", totalRows: 13, importedRows: 0 });
  expect(state.report).toEqual([
    { row: 3, field: "email", message: "Not a valid email address" },
    { row: 5, field: "email", message: "The same email as row 4" },
    { row: 6, field: "email", message: "This email is already in use" },
    { row: 7, field: "org_unit_id", message: "No such org unit" },
    { row: 8, field: "joined_at", message: expect.stringContaining("calendar date") },
    { row: 9, field: "attributes", message: "Attributes are not valid JSON" },
    { row: 10, field: "org_unit_id", message: "No such org unit" },
    { row: 11, field: "org_unit_id", message: "The unit is archived" },
    { row: 12, field: "email", message: "An email is required" },
    { row: 13, field: null, message: "Expected 7 fields, found 2" },
  ]);
  expect(await hub.db.member.count({ where: { email: { contains: t } } })).toBe(0);
  const audit = await auditOf(id);
  expect(audit.map((a) => a.action)).toEqual(["member_import.start", "member_import.fail"]);
  expect(audit[1]).toMatchObject({ tenantId, actorKind: "member", details: { badRows: 10, problems: 10 } });
});

test("a bad header or broken CSV fails the file as a whole", async () => {
  const header = await importAndWait(tokens.admin, `email,name,org_unit_id\nx@y.test,X,${units.bj}`);
  expect(header.state.status).toBe("FAILED");
  expect(header.state.report).toEqual([
    { row: 1, field: "name", message: expect.stringContaining("Unknown column") },
    { row: 1, field: "display_name", message: "Missing column" },
  ]);
  const broken = await importAndWait(tokens.admin, `${HEADER}\na@b.test,A,${units.bj},,,,\n"unterminated,B`);
  expect(broken.state.report).toEqual([{ row: 3, field: null, message: "CSV syntax: A quoted field is never closed" }]);
});

test("10,000 valid rows import in one go, with progress visible while they are validated", async () => {
  const t = tag();
  const targets = [units.bj, units.bjRd, units.bjMkt, units.sh, units.shSales];
  const rows = Array.from({ length: 10_000 }, (_, i) => {
    const attributes = i % 10 === 0 ? `"{""employeeNo"":${i}}"` : "";
    const joined = `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`;
    return `bulk-${t}-${i}@import.test,Bulk Member ${i},${targets[i % targets.length]},tier${i % 3},t${i % 4};all,${joined},${attributes}`;
  });
  const csv = [HEADER, ...rows].join("\r\n");
  expect(csv.length).toBeGreaterThan(1024 * 1024); // beyond the old 1 MB body limit

  const started = Date.now();
  const { id, state, inProgress } = await importAndWait(tokens.admin, csv);
  const seconds = (Date.now() - started) / 1000;

  expect(state).toMatchObject({ status: "SUCCEEDED", totalRows: 10_000, processedRows: 10_000, importedRows: 10_000 });
  expect(state.report).toEqual([]);
  expect(inProgress).toBe(true);
  expect(await hub.db.member.count({ where: { email: { startsWith: `bulk-${t}-` } } })).toBe(10_000);
  const sample = await hub.db.member.findUniqueOrThrow({ where: { email: `bulk-${t}-20@import.test` } });
  expect(sample).toMatchObject({ orgUnitId: units.bj, tier: "tier2", tags: ["t0", "all"], role: "MEMBER" });
  expect(sample.attributes).toEqual({ employeeNo: 20 });
  expect(sample.joinedAt?.toISOString().slice(0, 10)).toBe("2015-03-10");
  const audit = await auditOf(id);
  expect(audit.map((a) => [a.action, a.details])).toEqual([
    ["member_import.start", { orgUnitId: null, csvChars: csv.length }],
    ["member_import.succeed", { importedRows: 10_000, units: 5 }],
  ]);
  expect(seconds).toBeLessThan(80);
}, 90_000);

test("a unit manager imports into their subtree only", async () => {
  const t = tag();
  const outside = await startImport(tokens.manager, `${HEADER}\nm-${t}@import.test,M,,,,,`, units.sh);
  expect(outside).toEqual({
    memberImport: null,
    errors: [{ code: "OUTSIDE_SCOPE", field: "orgUnitId", message: "This unit is outside what you manage" }],
  });

  const mixed = await importAndWait(
    tokens.manager,
    [HEADER, `in-${t}@import.test,Inside,${units.bjRd},,,,`, `out-${t}@import.test,Outside,${units.shSales},,,,`].join(
      "\n",
    ),
  );
  expect(mixed.state.status).toBe("FAILED");
  expect(mixed.state.report).toEqual([
    { row: 3, field: "org_unit_id", message: "This unit is outside what you manage" },
  ]);

  const inside = await importAndWait(
    tokens.manager,
    `email,display_name\nin-${t}@import.test,Inside\nin2-${t}@import.test,Inside Two`,
    units.bjMkt,
  );
  expect(inside.state).toMatchObject({ status: "SUCCEEDED", importedRows: 2 });
  const imported = await hub.db.member.findMany({ where: { email: { startsWith: `in`, contains: t } } });
  expect(imported.map((m) => m.orgUnitId)).toEqual([units.bjMkt, units.bjMkt]);

  // A manager sees their own imports, not the admin's; the admin sees the manager's.
  const adminImport = await importAndWait(tokens.admin, `email,display_name\nadm-${t}@import.test,A`, units.hq);
  expect((await hub.request(STATUS, { id: adminImport.id }, tokens.manager)).data.memberImport).toBeNull();
  expect((await hub.request(STATUS, { id: inside.id }, tokens.admin)).data.memberImport.status).toBe("SUCCEEDED");
  // Plain members may not import at all.
  const refused = await hub.request(IMPORT, { i: { csv: HEADER } }, tokens.member);
  expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
});

test("another tenant sees no import and cannot import into this tenant's units", async () => {
  const t = tag();
  const mine = await importAndWait(tokens.admin, `email,display_name\nmine-${t}@import.test,Mine`, units.bj);
  expect((await hub.request(STATUS, { id: mine.id }, tokens.otherAdmin)).data.memberImport).toBeNull();

  const intoUnit = await startImport(tokens.otherAdmin, `email,display_name\nx-${t}@import.test,X`, units.bj);
  expect(intoUnit.errors).toEqual([{ code: "NOT_FOUND", field: "orgUnitId", message: "No such org unit" }]);
  const viaRows = await importAndWait(
    tokens.otherAdmin,
    `email,display_name,org_unit_id\ny-${t}@import.test,Y,${units.bj}`,
  );
  expect(viaRows.state.report).toEqual([{ row: 2, field: "org_unit_id", message: "No such org unit" }]);
  expect(await hub.db.member.count({ where: { email: { contains: t }, tenantId: { not: tenantId } } })).toBe(0);
});

test("two imports racing for the same email: one imports everything, the other nothing", async () => {
  const t = tag();
  const file = (who: string) =>
    [
      HEADER,
      ...Array.from({ length: 300 }, (_, i) => `${who}-${t}-${i}@import.test,${who} ${i},${units.sh},,,,`),
      `shared-${t}@import.test,Shared,${units.sh},,,,`,
    ].join("\n");
  const [a, b] = await Promise.all([startImport(tokens.admin, file("a")), startImport(tokens.admin, file("b"))]);
  const [ra, rb] = await Promise.all([finish(a.memberImport!.id), finish(b.memberImport!.id)]);
  const states = [ra.state, rb.state];
  expect(states.map((s) => s.status).sort()).toEqual(["FAILED", "SUCCEEDED"]);
  const loser = states.find((s) => s.status === "FAILED")!;
  expect(loser.importedRows).toBe(0);
  expect(loser.report).toEqual([{ row: 302, field: "email", message: expect.stringMatching(/in use|taken/) }]);
  expect(await hub.db.member.count({ where: { email: { contains: `-${t}-` } } })).toBe(300);
  expect(await hub.db.member.count({ where: { email: `shared-${t}@import.test` } })).toBe(1);
});

test("imports left RUNNING by a crashed process are marked FAILED when membership starts", async () => {
  const admin = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.adminEmail } });
  const orphan = await hub.db.memberImport.create({ data: { tenantId, createdById: admin.id, totalRows: 5 } });
  const restarted = await startMembership({
    port: 0,
    db: hub.db,
    internalSecret: hub.secrets.internalSecret,
    authSecret: hub.secrets.authSecret,
    pubsub: hub.pubsub,
    log: createLogger("restart", "silent"),
  });
  await restarted.close();
  const row = await hub.db.memberImport.findUniqueOrThrow({ where: { id: orphan.id } });
  expect(row.status).toBe("FAILED");
  expect(row.finishedAt).not.toBeNull();
  expect(row.report).toEqual([{ row: null, field: null, message: expect.stringContaining("interrupted") }]);
});

describe("member administration", () => {
  const CREATE = `mutation ($i: CreateMemberInput!) {
    createMember(input: $i) { member { id email tier tags attributes joinedAt role orgUnit { id } } errors { code field message } }
  }`;
  const UPDATE = `mutation ($i: UpdateMemberInput!) {
    updateMember(input: $i) { member { id displayName tier tags role orgUnit { id } } errors { code field message } }
  }`;

  test("admins create and change members anywhere; every change is audited", async () => {
    const email = `admin-made-${tag()}@import.test`;
    const created = await hub.request(
      CREATE,
      {
        i: {
          email,
          displayName: "Made By Admin",
          orgUnitId: units.sh,
          tier: "gold",
          tags: ["vip", "vip", "early"],
          attributes: { shoeSize: 42 },
          joinedAt: "2022-05-01",
        },
      },
      tokens.admin,
    );
    expect(created.data.createMember).toEqual({
      member: {
        id: expect.any(String),
        email,
        tier: "gold",
        tags: ["vip", "early"],
        attributes: { shoeSize: 42 },
        joinedAt: "2022-05-01",
        role: "MEMBER",
        orgUnit: { id: units.sh },
      },
      errors: [],
    });
    const id = created.data.createMember.member.id;
    const again = await hub.request(CREATE, { i: { email, displayName: "Twin", orgUnitId: units.sh } }, tokens.admin);
    expect(again.data.createMember.errors).toEqual([
      { code: "EMAIL_TAKEN", field: "email", message: "This email is already in use" },
    ]);

    const promoted = await hub.request(UPDATE, { i: { id, role: "UNIT_MANAGER", orgUnitId: units.bj } }, tokens.admin);
    expect(promoted.data.updateMember.member).toMatchObject({ role: "UNIT_MANAGER", orgUnit: { id: units.bj } });
    const operator = await hub.request(UPDATE, { i: { id, role: "PLATFORM_OPERATOR" } }, tokens.admin);
    expect(operator.data.updateMember.errors[0].code).toBe("FORBIDDEN_ROLE");
    const self = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.adminEmail } });
    const demote = await hub.request(UPDATE, { i: { id: self.id, role: "MEMBER" } }, tokens.admin);
    expect(demote.data.updateMember.errors[0].code).toBe("FORBIDDEN_ROLE");

    const audit = await auditOf(id);
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["member.create", self.id],
      ["member.update", self.id],
    ]);
    expect(audit[1]!.details).toMatchObject({
      changed: "orgUnitId,role",
      role: "UNIT_MANAGER",
      previousRole: "MEMBER",
    });
  });

  test("unit managers change plain members of their subtree only, and give no roles", async () => {
    const inside = await hub.request(
      CREATE,
      { i: { email: `mgr-made-${tag()}@import.test`, displayName: "Team Member", orgUnitId: units.bjRd } },
      tokens.manager,
    );
    expect(inside.data.createMember.errors).toEqual([]);
    const id = inside.data.createMember.member.id;
    const outside = await hub.request(
      CREATE,
      { i: { email: `mgr-out-${tag()}@import.test`, displayName: "Elsewhere", orgUnitId: units.sh } },
      tokens.manager,
    );
    expect(outside.data.createMember.errors[0]).toMatchObject({ code: "OUTSIDE_SCOPE", field: "orgUnitId" });
    const role = await hub.request(
      CREATE,
      {
        i: { email: `mgr-role-${tag()}@import.test`, displayName: "Boss", orgUnitId: units.bjRd, role: "TENANT_ADMIN" },
      },
      tokens.manager,
    );
    expect(role.data.createMember.errors[0]).toMatchObject({ code: "FORBIDDEN_ROLE", field: "role" });

    const retier = await hub.request(UPDATE, { i: { id, tier: "silver", tags: ["night-shift"] } }, tokens.manager);
    expect(retier.data.updateMember.member).toMatchObject({ tier: "silver", tags: ["night-shift"] });
    const move = await hub.request(UPDATE, { i: { id, orgUnitId: units.sh } }, tokens.manager);
    expect(move.data.updateMember.errors[0].code).toBe("OUTSIDE_SCOPE");
    const promote = await hub.request(UPDATE, { i: { id, role: "UNIT_MANAGER" } }, tokens.manager);
    expect(promote.data.updateMember.errors[0].code).toBe("FORBIDDEN_ROLE");
    const shanghai = await hub.db.member.findUniqueOrThrow({ where: { email: "emily.zhao@stellar.example" } });
    const foreign = await hub.request(UPDATE, { i: { id: shanghai.id, tier: "gold" } }, tokens.manager);
    expect(foreign.data.updateMember.errors[0].code).toBe("OUTSIDE_SCOPE");
    const bad = await hub.request(UPDATE, { i: { id, joinedAt: "2024-13-01", tier: "no spaces" } }, tokens.manager);
    expect(bad.data.updateMember.errors.map((e: { field: string }) => e.field).sort()).toEqual(["joinedAt", "tier"]);
  });

  test("another tenant's members are not found; colleagues do not see each other's profile", async () => {
    const victim = await hub.db.member.findUniqueOrThrow({ where: { email: "chen.wei@stellar.example" } });
    const result = await hub.request(UPDATE, { i: { id: victim.id, tier: "hacked" } }, tokens.otherAdmin);
    expect(result.data.updateMember).toEqual({
      member: null,
      errors: [{ code: "NOT_FOUND", field: null, message: "No such member" }],
    });
    expect((await hub.db.member.findUniqueOrThrow({ where: { id: victim.id } })).tier).toBe(victim.tier);

    await hub.request(UPDATE, { i: { id: victim.id, tags: ["secret-project"] } }, tokens.admin);
    const entities = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id tags joinedAt attributes } } }`;
    const asViewer = async (email: string, id: string) => {
      const m = await hub.db.member.findUniqueOrThrow({ where: { email } });
      const identity = {
        kind: "member" as const,
        memberId: m.id,
        tenantId: m.tenantId,
        role: m.role,
        orgUnitId: m.orgUnitId,
      };
      const r = await callSubgraph(hub.subgraphs.membership.url, hub.secrets.internalSecret, identity, entities, {
        r: [{ __typename: "Member", id }],
      });
      return r.data._entities[0];
    };
    expect(await asViewer(hub.demo.memberEmail, victim.id)).toEqual({
      id: victim.id,
      tags: null,
      joinedAt: null,
      attributes: null,
    });
    expect((await asViewer("manager@stellar.example", victim.id)).tags).toEqual(["secret-project"]);
    const emily = await hub.db.member.findUniqueOrThrow({ where: { email: "emily.zhao@stellar.example" } });
    expect((await asViewer("manager@stellar.example", emily.id)).tags).toBeNull();
    expect((await asViewer("emily.zhao@stellar.example", emily.id)).tags).toEqual([]);
    const listed = await hub.request(
      `{ members(rules: { tagsAll: ["secret-project"] }) { members { id tags } totalCount } }`,
      {},
      tokens.admin,
    );
    expect(listed.data.members).toEqual({ members: [{ id: victim.id, tags: ["secret-project"] }], totalCount: 1 });
  });
});
