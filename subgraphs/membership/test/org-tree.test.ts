import { randomUUID } from "node:crypto";
import { startTestHub, type TestHub } from "../../../test/support/hub";

let hub: TestHub;
let admin: string;
let stellarId: string;
beforeAll(async () => {
  hub = await startTestHub();
  admin = await hub.login(hub.demo.adminEmail);
  stellarId = (await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } })).id;
}, 120_000);
afterAll(() => hub?.stop());

const UNIT = `orgUnit { id name depth archived parent { id } ancestors { id } } errors { code message }`;
const create = (token: string, parentId: string, name: string) =>
  hub.request(
    `mutation ($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { ${UNIT} } }`,
    { i: { parentId, name } },
    token,
  );
const move = (token: string, id: string, newParentId: string) =>
  hub.request(
    `mutation ($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { ${UNIT} } }`,
    { i: { id, newParentId } },
    token,
  );
const archive = (token: string, id: string) =>
  hub.request(`mutation ($i: ArchiveOrgUnitInput!) { archiveOrgUnit(input: $i) { ${UNIT} } }`, { i: { id } }, token);
const unitNamed = (name: string) => hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: stellarId, name } });

async function newUnit(parentId: string, name = `Unit ${randomUUID().slice(0, 6)}`) {
  const result = await create(admin, parentId, name);
  expect(result.data.createOrgUnit.errors).toEqual([]);
  return result.data.createOrgUnit.orgUnit as { id: string; depth: number };
}

test("the tree reads from the root down, with ancestors and children", async () => {
  const result = await hub.request(
    `{ orgTree { name depth children { name children { name memberCount } } } }`,
    {},
    await hub.login(hub.demo.memberEmail),
  );
  expect(result.errors).toBeUndefined();
  expect(result.data.orgTree.name).toBe("星辰科技总部 Headquarters");
  const beijing = result.data.orgTree.children.find((c: { name: string }) => c.name.startsWith("北京"));
  expect(beijing.children.map((c: { name: string }) => c.name).sort()).toEqual(["市场部 Marketing", "研发部 R&D"]);
});

test("moving a unit carries its whole subtree, and its descendants' ancestors follow", async () => {
  const root = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: stellarId, parentId: null } });
  const a = await newUnit(root.id, "Region A");
  const b = await newUnit(a.id, "Office B");
  const c = await newUnit(b.id, "Team C");
  const target = await unitNamed("上海分公司 Shanghai Branch");

  const moved = await move(admin, b.id, target.id);
  expect(moved.data.moveOrgUnit.errors).toEqual([]);
  expect(moved.data.moveOrgUnit.orgUnit).toMatchObject({ depth: 2, parent: { id: target.id } });

  const leaf = await hub.request(
    `query ($id: ID!) { orgUnit(id: $id) { depth ancestors { id } } }`,
    { id: c.id },
    admin,
  );
  expect(leaf.data.orgUnit).toEqual({ depth: 3, ancestors: [{ id: root.id }, { id: target.id }, { id: b.id }] });
});

test("a unit cannot move below itself", async () => {
  const root = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: stellarId, parentId: null } });
  const a = await newUnit(root.id);
  const b = await newUnit(a.id);
  const result = await move(admin, a.id, b.id);
  expect(result.data.moveOrgUnit).toEqual({ orgUnit: null, errors: [{ code: "CYCLE", message: expect.any(String) }] });
  expect((await hub.db.orgUnit.findUniqueOrThrow({ where: { id: a.id } })).parentId).toBe(root.id);
});

test("two crossing moves at once never make a cycle", async () => {
  const root = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: stellarId, parentId: null } });
  const a = await newUnit(root.id);
  const b = await newUnit(root.id);
  const [ab, ba] = await Promise.all([move(admin, a.id, b.id), move(admin, b.id, a.id)]);
  const codes = [ab, ba].map((r) => r.data.moveOrgUnit.errors[0]?.code ?? "OK").sort();
  expect(codes).toEqual(["CYCLE", "OK"]);
  for (const unit of await hub.db.orgUnit.findMany({ where: { id: { in: [a.id, b.id] } } })) {
    expect(unit.path.filter((id) => id === unit.id)).toHaveLength(1);
    expect(unit.path.at(-1)).toBe(unit.id);
  }
});

test("archiving is refused while the subtree has members, then archives the whole subtree", async () => {
  const rd = await unitNamed("研发部 R&D");
  const refused = await archive(admin, rd.id);
  expect(refused.data.archiveOrgUnit.errors[0].code).toBe("HAS_MEMBERS");

  const root = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: stellarId, parentId: null } });
  const a = await newUnit(root.id);
  const b = await newUnit(a.id);
  const done = await archive(admin, a.id);
  expect(done.data.archiveOrgUnit.orgUnit.archived).toBe(true);
  expect((await hub.db.orgUnit.findUniqueOrThrow({ where: { id: b.id } })).archivedAt).not.toBeNull();
  const refusedChild = await create(admin, b.id, "too late");
  expect(refusedChild.data.createOrgUnit.errors[0].code).toBe("ARCHIVED");
});

test("a unit manager changes only their own subtree", async () => {
  const manager = await hub.login("manager@stellar.example");
  const beijing = await unitNamed("北京分公司 Beijing Branch");
  const marketing = await unitNamed("市场部 Marketing");
  const shanghai = await unitNamed("上海分公司 Shanghai Branch");

  const inside = await create(manager, marketing.id, "品牌组 Brand");
  expect(inside.data.createOrgUnit.errors).toEqual([]);
  const outside = await create(manager, shanghai.id, "not mine");
  expect(outside.data.createOrgUnit.errors[0].code).toBe("OUTSIDE_SCOPE");
  const ownUnit = await move(manager, beijing.id, marketing.id);
  expect(ownUnit.data.moveOrgUnit.errors[0].code).toBe("OUTSIDE_SCOPE");
  const outward = await move(manager, inside.data.createOrgUnit.orgUnit.id, shanghai.id);
  expect(outward.data.moveOrgUnit.errors[0].code).toBe("OUTSIDE_SCOPE");
});

test("members cannot change the tree; another tenant sees and changes nothing", async () => {
  const member = await hub.login(hub.demo.memberEmail);
  const rd = await unitNamed("研发部 R&D");
  const denied = await create(member, rd.id, "x");
  expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

  const stranger = await hub.login(hub.demo.otherTenantAdminEmail);
  const read = await hub.request(`query ($id: ID!) { orgUnit(id: $id) { id name } }`, { id: rd.id }, stranger);
  expect(read.data.orgUnit).toBeNull();
  for (const result of [await create(stranger, rd.id, "x"), await archive(stranger, rd.id)]) {
    const payload = Object.values(result.data)[0] as { errors: { code: string }[] };
    expect(payload.errors[0]!.code).toBe("NOT_FOUND");
  }
  expect(await hub.db.orgUnit.count({ where: { parentId: rd.id, name: "x" } })).toBe(0);
});

test("every change is audited with who and what", async () => {
  const root = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: stellarId, parentId: null } });
  const unit = await newUnit(root.id, "Audited");
  const adminRow = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.adminEmail } });
  const entry = await hub.db.auditEntry.findFirstOrThrow({ where: { targetId: unit.id, action: "org_unit.create" } });
  expect(entry).toMatchObject({
    tenantId: stellarId,
    actorKind: "member",
    actorId: adminRow.id,
    targetType: "OrgUnit",
  });
});

test("a tree of 10,000 units: subtree pages and ancestors stay correct", async () => {
  const tenant = await hub.seed.tenant({ slug: "big", name: "Big Corp" });
  const root = await hub.seed.orgUnit({ tenantId: tenant.id, name: "HQ" });
  // 10 regions x 10 areas x 10 branches x 9 departments + 10 + 100 + 1000 = 10,110 units below the root.
  const rows: { id: string; tenantId: string; parentId: string; name: string; path: string[]; depth: number }[] = [];
  const add = (parent: { id: string; path: string[]; depth: number }, name: string) => {
    const id = randomUUID();
    const row = {
      id,
      tenantId: tenant.id,
      parentId: parent.id,
      name,
      path: [...parent.path, id],
      depth: parent.depth + 1,
    };
    rows.push(row);
    return row;
  };
  let deepest = root as { id: string; path: string[]; depth: number };
  for (let r = 0; r < 10; r++) {
    const region = add(root, `Region ${r}`);
    for (let a = 0; a < 10; a++) {
      const area = add(region, `Area ${r}.${a}`);
      for (let b = 0; b < 10; b++) {
        const branch = add(area, `Branch ${r}.${a}.${b}`);
        for (let d = 0; d < 9; d++) deepest = add(branch, `Dept ${r}.${a}.${b}.${d}`);
      }
    }
  }
  for (let i = 0; i < rows.length; i += 2_000) await hub.db.orgUnit.createMany({ data: rows.slice(i, i + 2_000) });

  const ceo = await hub.seed.member({
    tenantId: tenant.id,
    orgUnitId: root.id,
    role: "TENANT_ADMIN",
    password: "big-corp-pass",
  });
  const token = await hub.login(ceo.email, "big-corp-pass");
  const ancestors = await hub.request(
    `query ($id: ID!) { orgUnit(id: $id) { depth ancestors { id } } }`,
    { id: deepest.id },
    token,
  );
  expect(ancestors.data.orgUnit.depth).toBe(4);
  expect(ancestors.data.orgUnit.ancestors.map((u: { id: string }) => u.id)).toEqual(deepest.path.slice(0, -1));

  const region = rows[0]!;
  let after: string | null = null;
  const seen = new Set<string>();
  let total: number;
  do {
    const page: any = await hub.request(
      `query ($id: ID!, $after: String) { orgUnit(id: $id) { descendants(first: 500, after: $after) { units { id } nextCursor totalCount } } }`,
      { id: region.id, after },
      token,
    );
    const d = page.data.orgUnit.descendants;
    total = d.totalCount;
    for (const u of d.units) seen.add(u.id);
    after = d.nextCursor;
  } while (after);
  expect(total).toBe(10 + 100 + 900);
  expect(seen.size).toBe(total);
}, 120_000);
