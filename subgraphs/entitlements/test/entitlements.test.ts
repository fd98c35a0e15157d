// The entitlements subgraph's basics: an entity reference resolves for its holder
// only, and the outbox endpoint serves services in (xid, seq) order.
import { startTestHub, type TestHub } from "../../../test/support/hub";
import { callSubgraph } from "../../../test/support/subgraph-client";
import { internalTokenCodec, IDENTITY_HEADER } from "@benefits-hub/platform";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Entitlement { id state member { id } benefit { id } } } }`;

test("_entities resolves an entitlement for its holder only", async () => {
  const holder = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.memberEmail } });
  const colleague = await hub.db.member.findUniqueOrThrow({ where: { email: "chen.wei@stellar.example" } });
  const entitlement = await hub.db.entitlement.findFirstOrThrow({ where: { memberId: holder.id } });
  const r = [{ __typename: "Entitlement", id: entitlement.id }];
  const asHolder = await callSubgraph(
    hub.subgraphs.entitlements.url,
    hub.secrets.internalSecret,
    { kind: "member", memberId: holder.id, tenantId: holder.tenantId, role: "MEMBER", orgUnitId: holder.orgUnitId },
    ENTITIES,
    { r },
  );
  expect(asHolder.data._entities).toEqual([
    { id: entitlement.id, state: entitlement.state, member: { id: holder.id }, benefit: { id: entitlement.benefitId } },
  ]);
  const asColleague = await callSubgraph(
    hub.subgraphs.entitlements.url,
    hub.secrets.internalSecret,
    {
      kind: "member",
      memberId: colleague.id,
      tenantId: colleague.tenantId,
      role: "MEMBER",
      orgUnitId: colleague.orgUnitId,
    },
    ENTITIES,
    { r },
  );
  expect(asColleague.data._entities).toEqual([null]);
});

describe("the outbox endpoint", () => {
  const outboxUrl = () => hub.subgraphs.entitlements.url.replace("/graphql", "/internal/outbox");

  test("serves events to a service identity in (xid, seq) order", async () => {
    const token = await internalTokenCodec(hub.secrets.internalSecret).sign({ kind: "service", service: "test" });
    const response = await fetch(`${outboxUrl()}?afterXid=0&afterSeq=0&limit=1000`, {
      headers: { [IDENTITY_HEADER]: token },
    });
    const { events } = (await response.json()) as { events: { xid: string; seq: string; type: string }[] };
    expect(events.length).toBe(await hub.db.entitlementEvent.count());
    const keys = events.map((e) => [BigInt(e.xid), BigInt(e.seq)] as const);
    const sorted = [...keys].sort((a, b) => (a[0] === b[0] ? Number(a[1] - b[1]) : Number(a[0] - b[0])));
    expect(keys).toEqual(sorted);
  });

  test("refuses members and bad parameters", async () => {
    const codec = internalTokenCodec(hub.secrets.internalSecret);
    const member = await codec.sign({
      kind: "member",
      memberId: "x",
      tenantId: "y",
      role: "TENANT_ADMIN",
      orgUnitId: "z",
    });
    expect((await fetch(outboxUrl(), { headers: { [IDENTITY_HEADER]: member } })).status).toBe(403);
    const service = await codec.sign({ kind: "service", service: "test" });
    const bad = await fetch(`${outboxUrl()}?afterXid=1;drop&limit=5`, { headers: { [IDENTITY_HEADER]: service } });
    expect(bad.status).toBe(400);
  });
});
