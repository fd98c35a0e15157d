import { randomUUID } from "node:crypto";
import type { Identity } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../test/support/hub";
import { demoUnits, loginDemoActors, type DemoTokens } from "../../../test/support/demo-actors";
import { callSubgraph } from "../../../test/support/subgraph-client";
import { normaliseRules, type SegmentRules } from "../src/domain/segment-rules";

let hub: TestHub;
let tokens: DemoTokens;
let tenantId: string;
const units = {
  hq: "",
  bj: "",
  bjRd: "",
  bjMkt: "",
  sh: "",
  shSales: "",
  region: "",
  regionA: "",
  regionA1: "",
  regionB: "",
  harbour: "",
};

// Members made for this file, with tags unique to it so the demo members never match a tag rule.
const T = `s${randomUUID().slice(0, 6)}`;
const tags = { a: `${T}-a`, b: `${T}-b`, c: `${T}-c` };

beforeAll(async () => {
  hub = await startTestHub();
  tokens = await loginDemoActors(hub);
  const demo = await demoUnits(hub);
  tenantId = demo.tenantId;
  Object.assign(units, demo.units);
  units.region = (await hub.seed.orgUnit({ tenantId, parentId: units.hq, name: "Region" })).id;
  units.regionA = (await hub.seed.orgUnit({ tenantId, parentId: units.region, name: "Region A" })).id;
  units.regionA1 = (await hub.seed.orgUnit({ tenantId, parentId: units.regionA, name: "Region A1" })).id;
  units.regionB = (await hub.seed.orgUnit({ tenantId, parentId: units.region, name: "Region B" })).id;

  const people: [string, string, string[], string | null][] = [
    // unit, tier, tags, joined
    [units.regionA, "gold", [tags.a, tags.b], "2021-03-01"],
    [units.regionA1, "gold", [tags.a], "2022-06-15"],
    [units.regionA1, "silver", [tags.b, tags.c], "2023-01-01"],
    [units.regionB, "gold", [tags.c], null],
    [units.regionB, "bronze", [], "2020-12-31"],
    [units.bjRd, "gold", [tags.a, tags.b], "2022-01-01"],
    [units.bj, "silver", [tags.a], "2024-05-05"],
    [units.sh, "gold", [tags.a, tags.b, tags.c], "2022-02-02"],
  ];
  let n = 0;
  for (const [orgUnitId, tier, memberTags, joined] of people) {
    await hub.db.member.create({
      data: {
        tenantId,
        orgUnitId,
        email: `${T}-${++n}@segments.test`,
        displayName: `Segment Person ${n}`,
        tier,
        tags: memberTags,
        joinedAt: joined ? new Date(`${joined}T00:00:00Z`) : null,
      },
    });
  }
  // Another tenant's member who matches every tag rule: never in a stellar segment.
  await hub.db.member.create({
    data: {
      tenantId: (await hub.db.tenant.findUniqueOrThrow({ where: { slug: "harbour" } })).id,
      orgUnitId: units.harbour,
      email: `${T}-harbour@segments.test`,
      displayName: "Harbour Twin",
      tier: "gold",
      tags: [tags.a, tags.b, tags.c],
      joinedAt: new Date("2022-01-01T00:00:00Z"),
    },
  });
}, 120_000);
afterAll(() => hub?.stop());

const SEGMENT_FIELDS = `id name memberCount rules { tiers tagsAll tagsAny orgUnitIds joinedAfter joinedBefore }`;
const CREATE = `mutation ($i: CreateSegmentInput!) {
  createSegment(input: $i) { segment { ${SEGMENT_FIELDS} } errors { code field message } }
}`;
const UPDATE = `mutation ($i: UpdateSegmentInput!) {
  updateSegment(input: $i) { segment { ${SEGMENT_FIELDS} } errors { code field message } }
}`;
const DELETE = `mutation ($i: DeleteSegmentInput!) { deleteSegment(input: $i) { deletedSegmentId errors { code message } } }`;
const MEMBERS = `query ($id: ID!, $first: Int, $after: String) {
  segment(id: $id) { memberCount members(first: $first, after: $after) { members { id email } nextCursor totalCount } }
}`;

let names = 0;
async function createSegment(rules: object, token = tokens.admin) {
  const result = await hub.request(CREATE, { i: { name: `${T} segment ${++names}`, rules } }, token);
  expect(result.errors).toBeUndefined();
  return result.data.createSegment;
}

/** Every member of the segment as `token` sees it, following the cursor in pages of `pageSize`. */
async function membersOf(id: string, token = tokens.admin, pageSize = 3) {
  const ids: string[] = [];
  let after: string | null = null;
  let count: number;
  do {
    const result: any = await hub.request(MEMBERS, { id, first: pageSize, after }, token);
    expect(result.errors).toBeUndefined();
    const page = result.data.segment.members;
    ids.push(...page.members.map((m: { id: string }) => m.id));
    count = result.data.segment.memberCount;
    expect(page.totalCount).toBe(count);
    after = page.nextCursor;
  } while (after);
  expect(ids).toHaveLength(count);
  return ids.sort();
}

/** The oracle: the rules evaluated in memory over every member of the tenant. */
async function expected(rules: SegmentRules, withinUnit?: string): Promise<string[]> {
  const members = await hub.db.member.findMany({ where: { tenantId }, include: { orgUnit: true } });
  const day = (d: string) => new Date(`${d}T00:00:00Z`).getTime();
  return members
    .filter((m) => !rules.tiers || rules.tiers.includes(m.tier))
    .filter((m) => !rules.tagsAll || rules.tagsAll.every((t) => m.tags.includes(t)))
    .filter((m) => !rules.tagsAny || rules.tagsAny.some((t) => m.tags.includes(t)))
    .filter((m) => !rules.orgUnitIds || rules.orgUnitIds.some((u) => m.orgUnit.path.includes(u)))
    .filter((m) => !rules.joinedAfter || (m.joinedAt !== null && m.joinedAt.getTime() > day(rules.joinedAfter)))
    .filter((m) => !rules.joinedBefore || (m.joinedAt !== null && m.joinedAt.getTime() < day(rules.joinedBefore)))
    .filter((m) => !withinUnit || m.orgUnit.path.includes(withinUnit))
    .map((m) => m.id)
    .sort();
}

const cases: [string, () => SegmentRules][] = [
  ["a tier", () => ({ tiers: ["silver"] })],
  ["all of some tags", () => ({ tagsAll: [tags.a, tags.b] })],
  ["any of some tags", () => ({ tagsAny: [tags.b, tags.c] })],
  ["a subtree", () => ({ orgUnitIds: [units.regionA] })],
  ["two subtrees", () => ({ orgUnitIds: [units.regionA1, units.bj] })],
  ["a date range", () => ({ joinedAfter: "2021-12-31", joinedBefore: "2023-01-01" })],
  ["joined after a day", () => ({ joinedAfter: "2022-06-15" })],
  ["tier and tags", () => ({ tiers: ["gold"], tagsAny: [tags.a, tags.c] })],
  [
    "tier, tags, subtree and dates",
    () => ({
      tiers: ["gold", "silver"],
      tagsAll: [tags.a],
      orgUnitIds: [units.region, units.sh],
      joinedBefore: "2022-12-31",
    }),
  ],
  ["no rules: everyone", () => ({})],
];

test.each(cases)("a segment on %s evaluates to exactly its members", async (_name, rulesOf) => {
  const rules = rulesOf();
  const created = await createSegment(rules);
  expect(created.errors).toEqual([]);
  const want = await expected(rules);
  expect(want.length).toBeGreaterThan(0);
  expect(await membersOf(created.segment.id)).toEqual(want);
});

test("rules are stored as given and checked: dates, units of the tenant, names", async () => {
  const created = await createSegment({ tiers: ["gold"], orgUnitIds: [units.regionA.toUpperCase()], tagsAny: [] });
  expect(created.segment.rules).toEqual({
    tiers: ["gold"],
    tagsAll: null,
    tagsAny: null,
    orgUnitIds: [units.regionA],
    joinedAfter: null,
    joinedBefore: null,
  });
  const bad = await createSegment({ joinedAfter: "2023-02-29", tiers: ["has space"], orgUnitIds: [randomUUID()] });
  expect(bad.errors.map((e: { code: string; field: string }) => [e.code, e.field])).toEqual([
    ["INVALID_RULES", "rules.tiers"],
    ["INVALID_RULES", "rules.joinedAfter"],
  ]);
  const unknown = await createSegment({ orgUnitIds: [randomUUID()] });
  expect(unknown.errors).toEqual([{ code: "INVALID_RULES", field: "rules.orgUnitIds", message: "No such org unit" }]);
  const foreign = await createSegment({ orgUnitIds: [units.harbour] });
  expect(foreign.errors[0].code).toBe("INVALID_RULES");
  const backwards = await createSegment({ joinedAfter: "2024-01-01", joinedBefore: "2023-01-01" });
  expect(backwards.errors[0]).toMatchObject({ code: "INVALID_RULES", field: "rules.joinedBefore" });
  const twin = await hub.request(CREATE, { i: { name: ` ${T} twin `, rules: {} } }, tokens.admin);
  expect(twin.data.createSegment.errors).toEqual([]);
  const again = await hub.request(CREATE, { i: { name: `${T} twin`, rules: {} } }, tokens.admin);
  expect(again.data.createSegment.errors[0].code).toBe("NAME_TAKEN");
  expect(normaliseRules({ tiers: [], tagsAll: null }).rules).toEqual({});
});

test("segments change and go; every change is audited", async () => {
  const created = await createSegment({ tiers: ["gold"] });
  const id = created.segment.id;
  const updated = await hub.request(
    UPDATE,
    { i: { id, name: `${T} renamed`, rules: { tagsAll: [tags.c], orgUnitIds: [units.region] } } },
    tokens.admin,
  );
  expect(updated.data.updateSegment.segment).toMatchObject({ name: `${T} renamed`, memberCount: 2 });
  expect(await membersOf(id)).toEqual(await expected({ tagsAll: [tags.c], orgUnitIds: [units.region] }));
  const deleted = await hub.request(DELETE, { i: { id } }, tokens.admin);
  expect(deleted.data.deleteSegment).toEqual({ deletedSegmentId: id, errors: [] });
  expect((await hub.request(MEMBERS, { id }, tokens.admin)).data.segment).toBeNull();
  const audit = await hub.db.auditEntry.findMany({ where: { targetId: id }, orderBy: { createdAt: "asc" } });
  expect(audit.map((a) => a.action)).toEqual(["segment.create", "segment.update", "segment.delete"]);
  expect(audit.every((a) => a.tenantId === tenantId && a.targetType === "Segment")).toBe(true);
});

test("a unit manager sees only the members of their subtree, and manages only segments inside it", async () => {
  const wide = await createSegment({ tagsAny: [tags.a, tags.b, tags.c] });
  const asAdmin = await membersOf(wide.segment.id);
  const asManager = await membersOf(wide.segment.id, tokens.manager);
  expect(asManager).toEqual(await expected({ tagsAny: [tags.a, tags.b, tags.c] }, units.bj));
  expect(asManager.length).toBe(2);
  expect(asAdmin.length).toBeGreaterThan(asManager.length);

  // Tenant-wide segments are the admins'; a manager's names units of the manager's subtree.
  const edit = await hub.request(UPDATE, { i: { id: wide.segment.id, name: `${T} mine now` } }, tokens.manager);
  expect(edit.data.updateSegment.errors[0].code).toBe("OUTSIDE_SCOPE");
  const remove = await hub.request(DELETE, { i: { id: wide.segment.id } }, tokens.manager);
  expect(remove.data.deleteSegment.errors[0].code).toBe("OUTSIDE_SCOPE");
  expect((await createSegment({ tiers: ["gold"] }, tokens.manager)).errors[0].code).toBe("OUTSIDE_SCOPE");
  expect((await createSegment({ orgUnitIds: [units.sh] }, tokens.manager)).errors[0].code).toBe("OUTSIDE_SCOPE");
  const own = await createSegment({ orgUnitIds: [units.bjRd], tiers: ["gold"] }, tokens.manager);
  expect(own.errors).toEqual([]);
  const widen = await hub.request(
    UPDATE,
    { i: { id: own.segment.id, rules: { orgUnitIds: [units.hq] } } },
    tokens.manager,
  );
  expect(widen.data.updateSegment.errors[0].code).toBe("OUTSIDE_SCOPE");
  const rename = await hub.request(UPDATE, { i: { id: own.segment.id, name: `${T} R&D gold` } }, tokens.manager);
  expect(rename.data.updateSegment.errors).toEqual([]);

  // The preview query is limited the same way.
  const preview = await hub.request(
    `query ($r: SegmentRulesInput) { members(rules: $r, first: 500) { members { id } totalCount } }`,
    { r: { tagsAny: [tags.a, tags.b, tags.c] } },
    tokens.manager,
  );
  expect(preview.data.members.members.map((m: { id: string }) => m.id).sort()).toEqual(asManager);
  expect(preview.data.members.totalCount).toBe(2);

  // Plain members have no segments at all.
  const refused = await hub.request(`{ segments { id } }`, {}, tokens.member);
  expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
});

test("another tenant sees none of the segments or their members", async () => {
  const mine = await createSegment({ tagsAny: [tags.a] });
  const id = mine.segment.id;
  const list = await hub.request(`{ segments { id name } }`, {}, tokens.otherAdmin);
  expect(list.data.segments.map((s: { id: string }) => s.id)).not.toContain(id);
  expect((await hub.request(MEMBERS, { id }, tokens.otherAdmin)).data.segment).toBeNull();
  const update = await hub.request(UPDATE, { i: { id, name: "taken over" } }, tokens.otherAdmin);
  expect(update.data.updateSegment.errors).toEqual([{ code: "NOT_FOUND", field: null, message: "No such segment" }]);
  const remove = await hub.request(DELETE, { i: { id } }, tokens.otherAdmin);
  expect(remove.data.deleteSegment.errors[0].code).toBe("NOT_FOUND");
  expect(await hub.db.segment.findUnique({ where: { id } })).not.toBeNull();

  // Their own evaluation of the same rules finds only their own member.
  const theirs = await hub.request(
    `query ($r: SegmentRulesInput) { members(rules: $r) { members { email } } }`,
    { r: { tagsAny: [tags.a] } },
    tokens.otherAdmin,
  );
  expect(theirs.data.members.members).toEqual([{ email: `${T}-harbour@segments.test` }]);
  const probe = await hub.request(
    `query ($r: SegmentRulesInput) { members(rules: $r) { totalCount } }`,
    { r: { orgUnitIds: [units.bj] } },
    tokens.otherAdmin,
  );
  expect(probe.errors?.[0]).toMatchObject({ message: "orgUnitIds: No such org unit" });
});

test("a service evaluates a segment to member ids for targeting", async () => {
  const segment = await createSegment({ tiers: ["gold"], tagsAll: [tags.a] });
  const service: Identity = { kind: "service", service: "entitlements" };
  const result = await callSubgraph(
    hub.subgraphs.membership.url,
    hub.secrets.internalSecret,
    service,
    `query ($id: ID!) { segment(id: $id) { memberCount members(first: 500) { memberIds } } }`,
    { id: segment.segment.id },
  );
  expect(result.errors).toBeUndefined();
  const want = await expected({ tiers: ["gold"], tagsAll: [tags.a] });
  expect(result.data.segment.members.memberIds.sort()).toEqual(want);
  expect(result.data.segment.memberCount).toBe(want.length);
});
