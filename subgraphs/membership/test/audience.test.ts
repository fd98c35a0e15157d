// POST /internal/audience: a member's tier and segments, for the hub's services only.
import { randomUUID } from "node:crypto";
import { IDENTITY_HEADER, internalTokenCodec, type Identity } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../test/support/hub";
import { demoUnits, loginDemoActors, type DemoTokens } from "../../../test/support/demo-actors";
import type { Member } from "@benefits-hub/platform/db/client";

let hub: TestHub;
let tokens: DemoTokens;
let tenantId: string;
let harbourTenantId: string;
let units: Awaited<ReturnType<typeof demoUnits>>["units"];
let member: Member;
let harbourAdmin: Member;
const service: Identity = { kind: "service", service: "catalog" };
const T = `a${randomUUID().slice(0, 6)}`;

beforeAll(async () => {
  hub = await startTestHub();
  tokens = await loginDemoActors(hub);
  ({ tenantId, units } = await demoUnits(hub));
  member = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.memberEmail } });
  harbourAdmin = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.otherTenantAdminEmail } });
  harbourTenantId = harbourAdmin.tenantId;
}, 120_000);
afterAll(() => hub?.stop());

async function audience(body: unknown, identity: Identity | null = service) {
  const base = hub.subgraphs.membership.url.replace(/\/graphql$/, "");
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (identity) headers[IDENTITY_HEADER] = await internalTokenCodec(hub.secrets.internalSecret).sign(identity);
  const response = await fetch(`${base}/internal/audience`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const CREATE = `mutation ($i: CreateSegmentInput!) { createSegment(input: $i) { segment { id } errors { code message } } }`;
let names = 0;
async function createSegment(rules: object, token = tokens.admin): Promise<string> {
  const result = await hub.request(CREATE, { i: { name: `${T} audience ${++names}`, rules } }, token);
  expect(result.errors).toBeUndefined();
  expect(result.data.createSegment.errors).toEqual([]);
  return result.data.createSegment.segment.id;
}

test("only the hub's services may ask", async () => {
  const body = { tenantId, memberId: member.id };
  expect((await audience(body, null)).status).toBe(401);
  const asMember: Identity = {
    kind: "member",
    memberId: member.id,
    tenantId,
    role: member.role,
    orgUnitId: member.orgUnitId,
  };
  const refused = await audience(body, asMember);
  expect(refused.status).toBe(403);
  expect(refused.body).toEqual({ error: expect.any(String) });
  const partner: Identity = { kind: "partner", apiKeyId: randomUUID(), tenantId, permissions: ["catalog:read"] };
  expect((await audience(body, partner)).status).toBe(403);
});

test("a demo member's tier and exactly the segments of their tenant they match", async () => {
  const everyone = await createSegment({});
  const theirTierAndUnit = await createSegment({ tiers: [member.tier], orgUnitIds: [units.hq] });
  const otherTier = await createSegment({ tiers: [`${T}-tier`] });
  const tagTheyLack = await createSegment({ tagsAll: [`${T}-tag`] });
  const otherUnit = await createSegment({
    orgUnitIds: [units.shSales === member.orgUnitId ? units.bjRd : units.shSales],
  });
  const harbourEveryone = await createSegment({}, tokens.otherAdmin);

  const answer = await audience({ tenantId, memberId: member.id });
  expect(answer.status).toBe(200);
  expect(answer.body.tier).toBe(member.tier);
  expect([...answer.body.segmentIds].sort()).toEqual([everyone, theirTierAndUnit].sort());
  for (const id of [otherTier, tagTheyLack, otherUnit, harbourEveryone])
    expect(answer.body.segmentIds).not.toContain(id);

  // Rules are evaluated fresh: a new tag brings the member into the tag segment.
  await hub.db.member.update({ where: { id: member.id }, data: { tags: { push: `${T}-tag` } } });
  const tagged = await audience({ tenantId, memberId: member.id.toUpperCase() });
  expect([...tagged.body.segmentIds].sort()).toEqual([everyone, theirTierAndUnit, tagTheyLack].sort());

  // A deleted segment is gone from the answer.
  const deleted = await hub.request(
    `mutation ($i: DeleteSegmentInput!) { deleteSegment(input: $i) { deletedSegmentId errors { code } } }`,
    { i: { id: everyone } },
    tokens.admin,
  );
  expect(deleted.data.deleteSegment.errors).toEqual([]);
  const after = await audience({ tenantId, memberId: member.id });
  expect([...after.body.segmentIds].sort()).toEqual([theirTierAndUnit, tagTheyLack].sort());

  // The other tenant's admin is in the other tenant's segment only.
  const harbour = await audience({ tenantId: harbourTenantId, memberId: harbourAdmin.id });
  expect(harbour.body).toEqual({
    tier: harbourAdmin.tier,
    orgUnitId: harbourAdmin.orgUnitId,
    orgUnitName: (await hub.db.orgUnit.findUniqueOrThrow({ where: { id: harbourAdmin.orgUnitId } })).name,
    orgUnitPath: expect.arrayContaining([harbourAdmin.orgUnitId]),
    segmentIds: [harbourEveryone],
  });

  // Without segments: the member's own facts only, no segment evaluated.
  const own = await audience({ tenantId: harbourTenantId, memberId: harbourAdmin.id, segments: false });
  expect(own.status).toBe(200);
  expect(own.body).toEqual({
    tier: harbourAdmin.tier,
    orgUnitId: harbourAdmin.orgUnitId,
    orgUnitName: harbour.body.orgUnitName,
    orgUnitPath: harbour.body.orgUnitPath,
  });
  expect((await audience({ tenantId: harbourTenantId, memberId: harbourAdmin.id, segments: "no" })).status).toBe(400);
});

test("agrees with the segments' own member lists, with every rule kind", async () => {
  const rulesList = [
    { tiers: ["gold", "silver"] },
    { tagsAll: ["new-hire", "engineering"] },
    { tagsAny: ["coffee", "parent"] },
    { orgUnitIds: [units.bj] },
    { joinedAfter: "2021-06-30", joinedBefore: "2024-01-01" },
    { tiers: ["standard"], tagsAny: ["sales", "fitness"], orgUnitIds: [units.hq] },
  ];
  const ids = await Promise.all(rulesList.map((rules) => createSegment(rules)));
  const MEMBERS = `query ($id: ID!, $after: String) { segment(id: $id) { members(first: 500, after: $after) { members { id } nextCursor } } }`;
  const listed = new Map<string, Set<string>>();
  for (const id of ids) {
    const set = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: any = await hub.request(MEMBERS, { id, after: cursor }, tokens.admin);
      expect(page.errors).toBeUndefined();
      page.data.segment.members.members.forEach((m: { id: string }) => set.add(m.id));
      cursor = page.data.segment.members.nextCursor;
    } while (cursor);
    listed.set(id, set);
  }
  for (const set of listed.values()) expect(set.size).toBeGreaterThan(0);
  const sample = await hub.db.member.findMany({ where: { tenantId }, orderBy: { id: "asc" }, take: 40 });
  for (const m of sample) {
    const answer = await audience({ tenantId, memberId: m.id });
    expect(answer.status).toBe(200);
    const mine = ids.filter((id) => answer.body.segmentIds.includes(id)).sort();
    expect(mine).toEqual(ids.filter((id) => listed.get(id)!.has(m.id)).sort());
  }
});

test("another tenant's member, an unknown member and bad bodies", async () => {
  const other = await audience({ tenantId, memberId: harbourAdmin.id });
  expect(other).toEqual({ status: 404, body: { error: expect.any(String) } });
  expect((await audience({ tenantId, memberId: randomUUID() })).status).toBe(404);
  expect((await audience({ tenantId: randomUUID(), memberId: member.id })).status).toBe(404);
  for (const body of [{}, { tenantId }, { tenantId, memberId: "nope" }, { tenantId: 1, memberId: member.id }, []]) {
    const bad = await audience(body);
    expect(bad).toEqual({ status: 400, body: { error: expect.any(String) } });
  }
});
