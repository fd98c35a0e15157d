// No N+1: a page of the shelf costs the same number of SQL statements for 10
// benefits as for 100, each with its brand, category, SKUs, stock and offers.
import { createLogger, type MemberIdentity } from "@benefits-hub/platform";
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import type { RunningSubgraph } from "@benefits-hub/platform";
import { startCatalog } from "../../src/server";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { callSubgraph } from "../../../../test/support/subgraph-client";

export const PAGE_QUERY = `query ($first: Int!) { shelf(first: $first, sort: PRICE_ASC) { totalCount edges { node {
  fromPriceFen benefit { name nameEn brand { name } category { name parent { name } } }
  offers { priceFen sku { name faceValueFen stock inStock validity { kind validDays } benefit { slug } } } } } } }`;

let hub: TestHub;
let counted: PrismaClient;
let catalog: RunningSubgraph;
let statements = 0;
let admin: MemberIdentity;
let member: MemberIdentity;

beforeAll(async () => {
  hub = await startTestHub();
  // A tenant whose shelf has 120 benefits of 12 brands in 6 categories, two SKUs each.
  const tenant = await hub.seed.tenant();
  const parent = await hub.seed.category({ name: "父类" });
  const categories = await Promise.all(Array.from({ length: 6 }, () => hub.seed.category({ parentId: parent.id })));
  const brands = await Promise.all(Array.from({ length: 12 }, () => hub.seed.brand()));
  for (let i = 0; i < 120; i++) {
    const benefit = await hub.seed.benefit({
      categoryId: categories[i % 6]!.id,
      brandId: brands[i % 12]!.id,
      faceValueFen: 1000 + i,
    });
    await hub.seed.sku({ benefitId: benefit.id, faceValueFen: 5000 + i });
    await hub.seed.shelve(tenant.id, benefit.id);
  }
  const adminRow = await hub.seed.member({ tenantId: tenant.id, role: "TENANT_ADMIN" });
  const memberRow = await hub.seed.member({ tenantId: tenant.id });
  admin = {
    kind: "member",
    tenantId: tenant.id,
    memberId: adminRow.id,
    role: "TENANT_ADMIN",
    orgUnitId: adminRow.orgUnitId,
  };
  member = {
    kind: "member",
    tenantId: tenant.id,
    memberId: memberRow.id,
    role: "MEMBER",
    orgUnitId: memberRow.orgUnitId,
  };
  counted = createPrisma({
    url: hub.databaseUrl,
    poolSize: 4,
    onQuery: (sql) => {
      // The top-up worker polls on its own timer: its statements are not the page's.
      if (!sql.includes("topup_order")) statements++;
    },
  });
  catalog = await startCatalog({
    port: 0,
    db: counted,
    internalSecret: hub.secrets.internalSecret,
    log: createLogger("catalog-counted", "silent"),
    pubsub: hub.pubsub,
    codeKeys: hub.secrets.codeKeys,
    membershipUrl: hub.subgraphs.membership.url.replace(/\/graphql$/, ""),
  });
}, 180_000);
afterAll(async () => {
  await catalog?.close();
  await counted?.$disconnect();
  await hub?.stop();
});

async function statementsFor(viewer: MemberIdentity, first: number) {
  const before = statements;
  const result = await callSubgraph(catalog.url, hub.secrets.internalSecret, viewer, PAGE_QUERY, { first });
  expect(result.errors).toBeUndefined();
  expect(result.data.shelf.edges).toHaveLength(first);
  expect(result.data.shelf.totalCount).toBe(120);
  expect(result.data.shelf.edges[0].node.offers).toHaveLength(2);
  return statements - before;
}

test.each([
  ["a tenant admin", () => admin],
  ["a member", () => member],
])("%s: a page of 100 costs the same SQL statements as a page of 10", async (_name, viewer) => {
  const ten = await statementsFor(viewer(), 10);
  const hundred = await statementsFor(viewer(), 100);
  expect(hundred).toBe(ten);
  // Ranking, offers, benefits, SKUs, categories (and their parents), brands.
  expect(hundred).toBeLessThanOrEqual(7);
});
