import { anonymous } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../test/support/hub";
import { callSubgraph } from "../../../test/support/subgraph-client";

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(() => hub?.stop());

const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Benefit { id name nameEn } } }`;

test("_entities resolves benefits in the order asked, null for unknown ids", async () => {
  const [a, b] = await hub.db.benefit.findMany({ orderBy: { slug: "asc" }, take: 2 });
  const missing = "00000000-0000-4000-8000-000000000000";
  const representations = [b, missing, a].map((x) => ({
    __typename: "Benefit",
    id: typeof x === "string" ? x : x!.id,
  }));
  const result = await callSubgraph(hub.subgraphs.catalog.url, hub.secrets.internalSecret, anonymous, ENTITIES, {
    r: representations,
  });
  expect(result.errors).toBeUndefined();
  expect(result.data._entities).toEqual([
    { id: b!.id, name: b!.name, nameEn: b!.nameEn },
    null,
    { id: a!.id, name: a!.name, nameEn: a!.nameEn },
  ]);
});

test("a request that did not come through the gateway gets nothing", async () => {
  const forged = await callSubgraph(
    hub.subgraphs.catalog.url,
    "a-secret-that-is-not-the-hubs-secret!!",
    anonymous,
    `{ benefits { id } }`,
  );
  expect(forged.data).toBeUndefined();
  expect(forged.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");

  const bare = await fetch(hub.subgraphs.catalog.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `{ benefits { id } }` }),
  });
  expect(bare.status).toBe(401);
});

test("the master catalog's page size is clamped to 1..100; anonymous callers see none of it", async () => {
  const operator = await hub.login("operator@benefitshub.example");
  // 10,000 is past the subgraph's clamp and within the gateway's cost limit (100,000 is refused there: COST_LIMIT).
  const query = `{ none: benefits(first: 0) { id } many: benefits(first: 10000) { id } }`;
  const result = await hub.request(query, {}, operator);
  expect(result.errors).toBeUndefined();
  expect(result.data.none).toHaveLength(1);
  expect(result.data.many.length).toBe(Math.min(100, await hub.db.benefit.count({ where: { archivedAt: null } })));
  const anonymous = await hub.request(query);
  expect(anonymous.data).toEqual({ none: [], many: [] });
});

test("health reports ok when the database answers", async () => {
  const response = await fetch(hub.subgraphs.catalog.url.replace("/graphql", "/health"));
  expect(await response.json()).toEqual({ status: "ok", service: "catalog" });
});
