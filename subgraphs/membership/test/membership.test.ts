import { startTestHub, type TestHub } from "../../../test/support/hub";
import { callSubgraph } from "../../../test/support/subgraph-client";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id displayName email } } }`;

async function viewerFor(email: string) {
  const m = await hub.db.member.findUniqueOrThrow({ where: { email } });
  return { kind: "member" as const, memberId: m.id, tenantId: m.tenantId, role: m.role, orgUnitId: m.orgUnitId };
}

test("_entities resolves members of the viewer's tenant and nothing of another tenant", async () => {
  const admin = await viewerFor(hub.demo.adminEmail);
  const colleague = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.memberEmail } });
  const stranger = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.otherTenantAdminEmail } });
  const result = await callSubgraph(hub.subgraphs.membership.url, hub.secrets.internalSecret, admin, ENTITIES, {
    r: [colleague, stranger].map((m) => ({ __typename: "Member", id: m.id })),
  });
  expect(result.errors).toBeUndefined();
  expect(result.data._entities).toEqual([
    { id: colleague.id, displayName: colleague.displayName, email: colleague.email },
    null,
  ]);
});

test("a member sees a colleague's name but not their email", async () => {
  const viewer = await viewerFor("chen.wei@stellar.example");
  const colleague = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.memberEmail } });
  const result = await callSubgraph(hub.subgraphs.membership.url, hub.secrets.internalSecret, viewer, ENTITIES, {
    r: [{ __typename: "Member", id: colleague.id }],
  });
  expect(result.data._entities).toEqual([{ id: colleague.id, displayName: colleague.displayName, email: null }]);
});

test("login issues a token the gateway accepts; `me` answers with the member", async () => {
  const token = await hub.login(hub.demo.adminEmail);
  const result = await hub.request(`{ me { email role tenant { slug } } }`, {}, token);
  expect(result.data.me).toEqual({ email: hub.demo.adminEmail, role: "TENANT_ADMIN", tenant: { slug: "stellar" } });
});

test("an unknown email and a wrong password get the same answer", async () => {
  const login = `mutation ($e: String!, $p: String!) { login(input: { email: $e, password: $p }) { accessToken errors { code message } } }`;
  const unknown = await hub.request(login, { e: "nobody@nowhere.example", p: "whatever" });
  const wrong = await hub.request(login, { e: hub.demo.adminEmail, p: "whatever" });
  expect(unknown.data).toEqual(wrong.data);
  expect(JSON.stringify(unknown)).not.toContain("whatever");
});

test("_entities resolves the viewer's own tenant only", async () => {
  const admin = await viewerFor(hub.demo.adminEmail);
  const other = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "harbour" } });
  const result = await callSubgraph(
    hub.subgraphs.membership.url,
    hub.secrets.internalSecret,
    admin,
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Tenant { id slug } } }`,
    {
      r: [
        { __typename: "Tenant", id: admin.tenantId },
        { __typename: "Tenant", id: other.id },
      ],
    },
  );
  expect(result.errors).toBeUndefined();
  expect(result.data._entities).toEqual([{ id: admin.tenantId, slug: "stellar" }, null]);
});
