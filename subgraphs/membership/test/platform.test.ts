import { startTestHub, type TestHub } from "../../../test/support/hub";
import { demoApiKey, platformTenant } from "../../../prisma/seed/demo-data";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

const CREATE_TENANT = `mutation ($i: CreateTenantInput!) { createTenant(input: $i) {
  tenant { id slug name } admin { id displayName role } errors { code } } }`;

describe("platform operators", () => {
  test("onboard an enterprise: tenant, root unit and first admin, audited", async () => {
    const operator = await hub.login(platformTenant.operator.email);
    const input = {
      slug: "jade-retail",
      name: "翡翠零售 Jade Retail",
      adminEmail: "Admin@Jade.example",
      adminDisplayName: "何丽 He Li",
      adminPassword: "a-long-initial-password",
    };
    const response = await hub.request(CREATE_TENANT, { i: input }, operator);
    expect(response.errors).toBeUndefined();
    const created = response.data.createTenant;
    expect(created.errors).toEqual([]);
    expect(created.tenant).toMatchObject({ slug: "jade-retail", name: "翡翠零售 Jade Retail" });

    const admin = await hub.login("admin@jade.example", "a-long-initial-password");
    const tree = await hub.request(`{ me { role tenant { slug } } orgTree { name depth } }`, {}, admin);
    expect(tree.data).toEqual({
      me: { role: "TENANT_ADMIN", tenant: { slug: "jade-retail" } },
      orgTree: { name: "翡翠零售 Jade Retail", depth: 0 },
    });
    const audit = await hub.db.auditEntry.findFirstOrThrow({
      where: { action: "tenant.create", targetId: created.tenant.id },
    });
    expect(audit.tenantId).toBe(created.tenant.id);

    const again = (await hub.request(CREATE_TENANT, { i: { ...input, adminEmail: "other@jade.example" } }, operator))
      .data;
    expect(again.createTenant.errors).toEqual([{ code: "SLUG_TAKEN" }]);
    const weak = (
      await hub.request(CREATE_TENANT, { i: { ...input, slug: "weak-co", adminPassword: "short" } }, operator)
    ).data;
    expect(weak.createTenant.errors).toEqual([{ code: "WEAK_PASSWORD" }]);
    expect(await hub.db.tenant.count({ where: { slug: "weak-co" } })).toBe(0);

    const list = await hub.request(`{ tenants { slug } }`, {}, operator);
    expect(list.data.tenants.map((t: { slug: string }) => t.slug)).toEqual(
      expect.arrayContaining(["stellar", "harbour", "jade-retail"]),
    );
  });

  test("nobody else may onboard tenants or list them", async () => {
    const admin = await hub.login(hub.demo.adminEmail);
    const denied = await hub.request(
      CREATE_TENANT,
      {
        i: {
          slug: "sneaky",
          name: "S",
          adminEmail: "s@s.example",
          adminDisplayName: "S",
          adminPassword: "a-long-password!!",
        },
      },
      admin,
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await hub.request(`{ tenants { slug } }`, {}, admin)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});

describe("the audit log", () => {
  test("tenant admins page through their own tenant's changes, newest first", async () => {
    const admin = await hub.login(hub.demo.adminEmail);
    const root = (await hub.request(`{ orgTree { id } }`, {}, admin)).data.orgTree;
    for (const name of ["Audit A", "Audit B", "Audit C"]) {
      await hub.request(
        `mutation ($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { errors { code } } }`,
        { i: { parentId: root.id, name } },
        admin,
        { "user-agent": "audit-test/1.0" },
      );
    }
    const first = await hub.request(
      `{ auditLog(first: 2, action: "org_unit.create") { entries { action targetType details ip userAgent actor { displayName } } nextCursor } }`,
      {},
      admin,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data.auditLog.entries).toHaveLength(2);
    expect(JSON.parse(first.data.auditLog.entries[0].details).name).toBe("Audit C");
    expect(first.data.auditLog.entries[0].actor).toEqual({ displayName: "林晓 Lin Xiao" });
    expect(first.data.auditLog.entries[0]).toMatchObject({
      ip: expect.stringMatching(/127\.0\.0\.1$/),
      userAgent: "audit-test/1.0",
    });
    const next = await hub.request(
      `query ($after: String) { auditLog(first: 2, action: "org_unit.create", after: $after) { entries { details } } }`,
      { after: first.data.auditLog.nextCursor },
      admin,
    );
    expect(JSON.parse(next.data.auditLog.entries[0].details).name).toBe("Audit A");

    const stranger = await hub.login(hub.demo.otherTenantAdminEmail);
    const theirs = await hub.request(`{ auditLog(first: 200) { entries { details } } }`, {}, stranger);
    expect(JSON.stringify(theirs.data)).not.toContain("Audit A");
    const member = await hub.login(hub.demo.memberEmail);
    expect((await hub.request(`{ auditLog { entries { action } } }`, {}, member)).errors?.[0]?.extensions?.code).toBe(
      "FORBIDDEN",
    );
  });
});

test("the demo seed has a few hundred members per tenant, an operator and a working partner key", async () => {
  const stellar = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } });
  expect(await hub.db.member.count({ where: { tenantId: stellar.id } })).toBeGreaterThanOrEqual(300);
  const partner = await hub.request(`{ currentPartner { tenant { slug } } }`, {}, undefined, {
    authorization: `ApiKey ${demoApiKey()}`,
  });
  expect(partner.data.currentPartner).toEqual({ tenant: { slug: "stellar" } });
});
