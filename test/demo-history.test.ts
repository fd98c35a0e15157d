// The demo's past activity (prisma/seed/demo-history.ts) is history the hub
// itself could have written: every entitlement's chain and the tenant chain
// verify, budget accounts equal their ledger, every budget reservation has
// its budget events, every past entitlement has ended, the A/B test has a
// clear winner, and the supplier statement carries exactly the three planted
// discrepancies against the top-up orders.
import { createPrisma, type PrismaClient } from "@benefits-hub/platform/db/client";
import type { MemberIdentity } from "@benefits-hub/platform";
import { ChainRepository } from "../subgraphs/entitlements/src/data/chain.repository";
import { ChainVerifier } from "../subgraphs/entitlements/src/domain/chain-verifier";
import { storedFacts } from "../subgraphs/entitlements/src/domain/facts/entitlement-facts";
import { createDemoDatabase } from "./support/demo-snapshot";
import type { TestDatabase } from "@benefits-hub/platform/testing/database";

let database: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  ({ database } = await createDemoDatabase({ campaigns: true, history: true }));
  db = createPrisma({ url: database.url, poolSize: 4 });
}, 600_000);
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const rows = <T>(sql: string, ...values: unknown[]) => db.$queryRawUnsafe<T[]>(sql, ...values);

test("every tenant's entitlement chains and tenant chain verify", async () => {
  const verifier = new ChainVerifier(new ChainRepository(db));
  for (const tenant of await db.tenant.findMany({ where: { slug: { in: ["stellar", "harbour"] } } })) {
    const admin = await db.member.findFirstOrThrow({ where: { tenantId: tenant.id, role: "TENANT_ADMIN" } });
    const viewer: MemberIdentity = {
      kind: "member",
      memberId: admin.id,
      tenantId: tenant.id,
      role: "TENANT_ADMIN",
      orgUnitId: admin.orgUnitId,
    };
    const result = await verifier.verify(viewer);
    expect(result.firstBreak).toBeNull();
    expect(result.ok).toBe(true);
    expect(result.checkedEntitlements).toBeGreaterThan(500);
  }
});

test("budget accounts equal the sums of their ledger, and every reservation is settled with its events", async () => {
  const differing = await rows<{ org_unit_id: string }>(`
    SELECT a.org_unit_id FROM membership.budget_account a
    LEFT JOIN (SELECT tenant_id, org_unit_id, period, sum(available_delta_fen) av, sum(reserved_delta_fen) re,
                      sum(committed_delta_fen) co
               FROM membership.budget_ledger_entry GROUP BY 1, 2, 3) l USING (tenant_id, org_unit_id, period)
    WHERE a.available_fen <> coalesce(l.av, 0) OR a.reserved_fen <> coalesce(l.re, 0) OR a.committed_fen <> coalesce(l.co, 0)`);
  expect(differing).toEqual([]);
  const [held] = await rows<{ n: number }>(
    `SELECT count(*)::int n FROM membership.budget_reservation WHERE state = 'HELD'`,
  );
  expect(held!.n).toBe(0);
  // One budget.reserved and one commit or release event per past reservation.
  const [unmatched] = await rows<{ n: number }>(`
    SELECT count(*)::int n FROM membership.budget_reservation r
    LEFT JOIN (SELECT payload->>'reservationId' AS id, count(*) AS n FROM membership.outbox_event GROUP BY 1) e
      ON e.id = r.id::text
    WHERE r.idempotency_key LIKE 'entitlements:issuance:history:%' AND coalesce(e.n, 0) <> 2`);
  expect(unmatched!.n).toBe(0);
});

test("past entitlements have ended, each with complete facts on its creating event", async () => {
  const ended = (await db.campaign.findMany({ where: { state: "ENDED" }, select: { id: true } })).map((c) => c.id);
  const open = await db.entitlement.count({
    where: { campaignId: { in: ended }, state: { in: ["ISSUED", "CLAIMED"] } },
  });
  expect(open).toBe(0);
  const creating = await rows<{ payload: unknown }>(
    `SELECT ev.payload FROM entitlements.entitlement_event ev JOIN entitlements.entitlement e ON e.id = ev.entitlement_id
     WHERE ev.type IN ('entitlement.claimed', 'entitlement.issued') AND e.campaign_id = ANY($1::uuid[])`,
    ended,
  );
  expect(creating.length).toBeGreaterThan(1_000);
  for (const { payload } of creating) {
    const facts = storedFacts(payload);
    expect(facts).not.toBeNull();
    expect(facts!.orgUnitId).toMatch(/^[0-9a-f-]{36}$/);
    expect(facts!.orgPath.at(-1)).toBe(facts!.orgUnitId);
    expect(facts!.faceValueFen).toBeGreaterThan(0);
  }
});

test("the A/B campaign's variant B is used clearly more often than A", async () => {
  const byVariant = await rows<{ variant: string; issued: number; redeemed: number }>(`
    SELECT e.variant, count(*)::int issued, count(*) FILTER (WHERE e.state = 'REDEEMED')::int redeemed
    FROM entitlements.entitlement e JOIN entitlements.campaign c ON c.id = e.campaign_id
    WHERE c.name LIKE '%A/B%' AND c.state = 'ENDED' GROUP BY 1 ORDER BY 1`);
  const [a, b] = byVariant;
  expect(a!.issued).toBeGreaterThan(60);
  expect(b!.issued).toBeGreaterThan(60);
  expect(b!.redeemed / b!.issued - a!.redeemed / a!.issued).toBeGreaterThan(0.1);
});

test("the supplier statement has one missing, one extra and one mismatched line against the top-up orders", async () => {
  const [statement] = await rows<{ id: string; supplier_id: string; period_from: Date; period_to: Date }>(
    `SELECT id, supplier_id, period_from, period_to FROM catalog.settlement_statement`,
  );
  const lines = await rows<{ reference: string; amount_fen: bigint }>(
    `SELECT reference, amount_fen FROM catalog.settlement_statement_line WHERE statement_id = $1::uuid`,
    statement!.id,
  );
  const orders = await rows<{ reference: string; amount: number }>(
    `SELECT payload->>'reference' reference, (payload->>'amountFen')::int amount FROM catalog.outbox_event
     WHERE type = 'supplier.order_succeeded' AND payload->>'supplierId' = $1
       AND occurred_at >= $2 AND occurred_at < $3`,
    statement!.supplier_id,
    statement!.period_from,
    statement!.period_to,
  );
  const billed = new Map(lines.map((l) => [l.reference, Number(l.amount_fen)]));
  const ordered = new Map(orders.map((o) => [o.reference, o.amount]));
  expect([...ordered.keys()].filter((r) => !billed.has(r))).toHaveLength(1);
  expect([...billed.keys()].filter((r) => !ordered.has(r))).toHaveLength(1);
  expect([...ordered].filter(([r, amount]) => billed.has(r) && billed.get(r) !== amount)).toHaveLength(1);
  // One statement line event per line, for analytics.
  const [events] = await rows<{ n: number }>(
    `SELECT count(*)::int n FROM catalog.outbox_event WHERE type = 'supplier.statement_line' AND payload->>'statementId' = $1`,
    statement!.id,
  );
  expect(events!.n).toBe(lines.length);
});
