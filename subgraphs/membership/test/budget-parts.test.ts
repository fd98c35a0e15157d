// Settling part of a held reservation (a pack's allowance spent item by
// item): a part settles once, also when sent five times at once; the same
// part key with another amount is a conflict; a part larger than what is
// still held (INSUFFICIENT_FUNDS), or of a settled reservation
// (ALREADY_SETTLED), changes nothing; the ledger check
// stays balanced with parts committed and released.
import type { Identity } from "@benefits-hub/platform";
import { startTestHub, type GraphQLResponse, type TestHub } from "../../../test/support/hub";
import { callSubgraph } from "../../../test/support/subgraph-client";

let hub: TestHub;
let adminToken: string;
let tenantId: string;
let hq: string;
const service: Identity = { kind: "service", service: "entitlements" };
const PERIOD = "2051-03";

beforeAll(async () => {
  hub = await startTestHub();
  adminToken = await hub.login(hub.demo.adminEmail);
  tenantId = (await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } })).id;
  hq = (await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId, parentId: null } })).id;
  const fund = `mutation ($input: FundBudgetInput!) { fundBudget(input: $input) { errors { code } } }`;
  const funded = await hub.request(
    fund,
    { input: { orgUnitId: hq, period: PERIOD, amountFen: "10000", idempotencyKey: `parts-${Date.now()}` } },
    adminToken,
  );
  expect(funded.data.fundBudget.errors).toEqual([]);
}, 120_000);
afterAll(() => hub?.stop());

const RESERVATION = `reservation { id amountFen state } errors { code }`;
const RESERVE = `mutation ($input: ReserveBudgetInput!) { reserveBudget(input: $input) { ${RESERVATION} } }`;
const COMMIT = `mutation ($input: SettleBudgetReservationInput!) { commitBudgetReservation(input: $input) { ${RESERVATION} } }`;
const RELEASE = `mutation ($input: SettleBudgetReservationInput!) { releaseBudgetReservation(input: $input) { ${RESERVATION} } }`;
const ACCOUNT = `query ($u: ID!, $p: String!) { budgetAccount(orgUnitId: $u, period: $p) { availableFen reservedFen committedFen } }`;
const CHECK = `query ($u: ID!, $p: String!) { budgetLedgerCheck(orgUnitId: $u, period: $p) { balanced problems } }`;

async function asService(query: string, input: object): Promise<any> {
  const r: GraphQLResponse = await callSubgraph(
    hub.subgraphs.membership.url,
    hub.secrets.internalSecret,
    service,
    query,
    {
      input,
    },
  );
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return Object.values(r.data as object)[0];
}
const account = async () => (await hub.request(ACCOUNT, { u: hq, p: PERIOD }, adminToken)).data.budgetAccount;

test("parts settle once each; what is left stays held; none left: RELEASED; the ledger balances", async () => {
  const reserved = await asService(RESERVE, {
    tenantId,
    orgUnitId: hq,
    period: PERIOD,
    amountFen: "3000",
    idempotencyKey: `pack-${Date.now()}`,
    reference: "test:parts",
  });
  const id = reserved.reservation.id;
  const part = (key: string, amountFen: string) => ({ tenantId, reservationId: id, partKey: key, amountFen });
  const before = await account();

  const five = await Promise.all([1, 2, 3, 4, 5].map(() => asService(RELEASE, part("unused", "1500"))));
  expect(five.filter((r) => r.errors.length === 0)).toHaveLength(1);
  expect(five.filter((r) => r.errors[0]?.code === "ALREADY_SETTLED")).toHaveLength(4);
  expect(five.map((r) => r.reservation)).toEqual(
    Array(5).fill({ id: expect.any(String), amountFen: "1500", state: "RELEASED" }),
  );
  expect(await hub.db.budgetReservation.findUniqueOrThrow({ where: { id } })).toMatchObject({
    state: "HELD",
    amountFen: 1500n,
  });

  expect((await asService(RELEASE, part("unused", "1000"))).errors).toEqual([{ code: "IDEMPOTENCY_CONFLICT" }]);
  expect((await asService(COMMIT, part("too-much", "2000"))).errors).toEqual([{ code: "INSUFFICIENT_FUNDS" }]);
  expect((await asService(COMMIT, { tenantId, reservationId: id, amountFen: "100" })).errors).toEqual([
    { code: "INVALID_INPUT" },
  ]);
  expect((await asService(COMMIT, part("x", "0"))).errors).toEqual([{ code: "INVALID_AMOUNT" }]);

  expect((await asService(COMMIT, part("option-a", "1000"))).reservation).toMatchObject({ state: "COMMITTED" });
  expect((await asService(RELEASE, part("option-b", "500"))).errors).toEqual([]);
  expect(await hub.db.budgetReservation.findUniqueOrThrow({ where: { id } })).toMatchObject({
    state: "RELEASED",
    amountFen: 0n,
  });
  // Settled: a further part or the whole is refused.
  expect((await asService(RELEASE, part("late", "1"))).errors).toEqual([{ code: "ALREADY_SETTLED" }]);
  expect((await asService(COMMIT, { tenantId, reservationId: id })).errors).toEqual([{ code: "ALREADY_SETTLED" }]);

  const after = await account();
  expect(BigInt(after.availableFen) - BigInt(before.availableFen)).toBe(2000n);
  expect(BigInt(before.reservedFen) - BigInt(after.reservedFen)).toBe(3000n);
  expect(BigInt(after.committedFen) - BigInt(before.committedFen)).toBe(1000n);
  const check = await hub.request(CHECK, { u: hq, p: PERIOD }, adminToken);
  expect(check.data.budgetLedgerCheck).toEqual({ balanced: true, problems: [] });
});
