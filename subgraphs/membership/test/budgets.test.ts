import type { Identity } from "@benefits-hub/platform";
import { startTestHub, type GraphQLResponse, type TestHub } from "../../../test/support/hub";
import { loginDemoActors, type DemoTokens } from "../../../test/support/demo-actors";
import { callSubgraph } from "../../../test/support/subgraph-client";
import { ledgerEntryIdFor, decodeLedgerCursor, encodeLedgerCursor } from "../src/domain/budget-ids";
import { actingTenant, checkAmount, checkPeriod, deltasOf } from "../src/domain/budget-rules";

let hub: TestHub;
let tokens: DemoTokens;
let tenantId: string;
let otherTenantId: string;
const units: Record<"hq" | "bj" | "bjRd" | "sh", string> = { hq: "", bj: "", bjRd: "", sh: "" };

const entitlementsService: Identity = { kind: "service", service: "entitlements" };
const tenantIdLike = "0f8fad5b-d9cb-469f-a165-70867728950e";

beforeAll(async () => {
  hub = await startTestHub();
  tokens = await loginDemoActors(hub);
  tenantId = (await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } })).id;
  otherTenantId = (await hub.db.tenant.findUniqueOrThrow({ where: { slug: "harbour" } })).id;
  const unit = async (name: string) => (await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId, name } })).id;
  units.hq = (await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId, parentId: null } })).id;
  units.bj = await unit("北京分公司 Beijing Branch");
  units.bjRd = await unit("研发部 R&D");
  units.sh = await unit("上海分公司 Shanghai Branch");
}, 120_000);
afterAll(() => hub?.stop());

// Every test works in its own period, so no test sees another's money.
let month = 0;
const freshPeriod = () => {
  month += 1;
  return `${2040 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, "0")}`;
};
let keys = 0;
const freshKey = (label = "k") => `${label}-${++keys}-${Date.now()}`;

const ACCOUNT = `query ($u: ID!, $p: String!, $t: ID) {
  budgetAccount(orgUnitId: $u, period: $p, tenantId: $t) { orgUnitId period availableFen reservedFen committedFen }
}`;
const LEDGER = `query ($u: ID!, $p: String!, $first: Int, $after: String) {
  budgetLedger(orgUnitId: $u, period: $p, first: $first, after: $after) {
    entries { id kind orgUnitId availableDeltaFen reservedDeltaFen committedDeltaFen counterpartId reservationId actor createdAt }
    nextCursor
  }
}`;
const CHECK = `query ($u: ID!, $p: String!) {
  budgetLedgerCheck(orgUnitId: $u, period: $p) {
    balanced entryCount problems
    account { availableFen reservedFen committedFen }
    ledger { availableFen reservedFen committedFen }
  }
}`;
const FUND = `mutation ($input: FundBudgetInput!) {
  fundBudget(input: $input) { account { orgUnitId availableFen } errors { code message } }
}`;
const ALLOCATE = `mutation ($input: AllocateBudgetInput!) {
  allocateBudget(input: $input) {
    from { orgUnitId availableFen } to { orgUnitId availableFen } errors { code message }
  }
}`;
const RESERVATION = `reservation { id orgUnitId period amountFen state reference idempotencyKey settledAt } errors { code message }`;
const RESERVE = `mutation ($input: ReserveBudgetInput!) { reserveBudget(input: $input) { ${RESERVATION} } }`;
const COMMIT = `mutation ($input: SettleBudgetReservationInput!) { commitBudgetReservation(input: $input) { ${RESERVATION} } }`;
const RELEASE = `mutation ($input: SettleBudgetReservationInput!) { releaseBudgetReservation(input: $input) { ${RESERVATION} } }`;

const asService = <T = any>(query: string, variables: object, identity: Identity = entitlementsService) =>
  callSubgraph<T>(hub.subgraphs.membership.url, hub.secrets.internalSecret, identity, query, variables);

function ok<T>(result: GraphQLResponse<T>): T {
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

async function fund(orgUnitId: string, period: string, amountFen: string, token = tokens.admin) {
  const input = { orgUnitId, period, amountFen, idempotencyKey: freshKey("fund") };
  return ok(await hub.request(FUND, { input }, token)).fundBudget;
}

async function allocate(from: string, to: string, period: string, amountFen: string, token = tokens.admin) {
  const input = { fromOrgUnitId: from, toOrgUnitId: to, period, amountFen, idempotencyKey: freshKey("alloc") };
  return ok(await hub.request(ALLOCATE, { input }, token)).allocateBudget;
}

async function account(orgUnitId: string, period: string, token = tokens.admin) {
  return ok(await hub.request(ACCOUNT, { u: orgUnitId, p: period }, token)).budgetAccount;
}

async function check(orgUnitId: string, period: string) {
  return ok(await hub.request(CHECK, { u: orgUnitId, p: period }, tokens.admin)).budgetLedgerCheck;
}

const reserveInput = (orgUnitId: string, period: string, amountFen: string, key = freshKey("res")) => ({
  tenantId,
  orgUnitId,
  period,
  amountFen,
  idempotencyKey: key,
  reference: "entitlements:campaign:test",
});

describe("budget rules", () => {
  test.each([
    ["2026-11", true],
    ["2026-01", true],
    ["2026-13", false],
    ["2026-00", false],
    ["2026-1", false],
    ["26-11", false],
    ["2026-11-01", false],
  ])("period %s valid: %s", (period, valid) => {
    expect(checkPeriod(period) === null).toBe(valid);
  });

  test.each([
    [1n, true],
    [0n, false],
    [-5n, false],
    [10n ** 15n, true],
    [10n ** 15n + 1n, false],
  ])("amount %s valid: %s", (amount, valid) => {
    expect(checkAmount(amount) === null).toBe(valid);
  });

  test.each([
    ["FUNDING", [7n, 0n, 0n]],
    ["ALLOCATION", [7n, 0n, 0n]],
    ["RESERVE", [-7n, 7n, 0n]],
    ["RELEASE", [7n, -7n, 0n]],
    ["COMMIT", [0n, -7n, 7n]],
  ] as const)("%s moves (available, reserved, committed) by %j", (kind, expected) => {
    const d = deltasOf(kind, 7n);
    expect([d.availableDeltaFen, d.reservedDeltaFen, d.committedDeltaFen]).toEqual(expected);
  });

  test("ledger ids from a key are UUID v5, stable, and distinct per tenant, key and index", () => {
    const id = ledgerEntryIdFor("t1", "key", 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ledgerEntryIdFor("t1", "key", 0)).toBe(id);
    expect(
      new Set([
        id,
        ledgerEntryIdFor("t2", "key", 0),
        ledgerEntryIdFor("t1", "key2", 0),
        ledgerEntryIdFor("t1", "key", 1),
      ]).size,
    ).toBe(4);
  });

  test("cursors round-trip; foreign cursors mean the first page", () => {
    expect(decodeLedgerCursor(encodeLedgerCursor(12345678901234n))).toBe(12345678901234n);
    expect(decodeLedgerCursor("bm9wZQ")).toBeNull();
  });

  test("a member acts in their own tenant, a service in the one it names", () => {
    const member: Identity = { kind: "member", memberId: "m", tenantId: "t", role: "TENANT_ADMIN", orgUnitId: "u" };
    expect(actingTenant(member, null)).toBe("t");
    expect(actingTenant(member, "other")).toBeNull();
    expect(actingTenant(entitlementsService, null)).toBeNull();
    expect(actingTenant(entitlementsService, tenantIdLike)).toBe(tenantIdLike);
  });
});

test("fund the root, allocate to a child: balances, ledger and check agree", async () => {
  const period = freshPeriod();
  const funded = await fund(units.hq, period, "1000000000000");
  expect(funded).toEqual({ account: { orgUnitId: units.hq, availableFen: "1000000000000" }, errors: [] });
  const allocated = await allocate(units.hq, units.bj, period, "300000000000");
  expect(allocated).toEqual({
    from: { orgUnitId: units.hq, availableFen: "700000000000" },
    to: { orgUnitId: units.bj, availableFen: "300000000000" },
    errors: [],
  });
  expect(await account(units.bj, period)).toEqual({
    orgUnitId: units.bj,
    period,
    availableFen: "300000000000",
    reservedFen: "0",
    committedFen: "0",
  });
  const ledger = ok(await hub.request(LEDGER, { u: units.hq, p: period, first: 1 }, tokens.admin)).budgetLedger;
  expect(ledger.entries).toEqual([
    expect.objectContaining({ kind: "ALLOCATION", availableDeltaFen: "-300000000000", counterpartId: units.bj }),
  ]);
  const older = ok(await hub.request(LEDGER, { u: units.hq, p: period, after: ledger.nextCursor }, tokens.admin));
  expect(older.budgetLedger).toEqual({
    entries: [expect.objectContaining({ kind: "FUNDING", availableDeltaFen: "1000000000000" })],
    nextCursor: null,
  });
  for (const unit of [units.hq, units.bj])
    expect(await check(unit, period)).toMatchObject({ balanced: true, problems: [] });
  // A unit with no budget in a period shows zeros.
  expect(await account(units.sh, period)).toMatchObject({ availableFen: "0", reservedFen: "0", committedFen: "0" });
});

test("allocating beyond what the parent holds is refused and changes nothing", async () => {
  const period = freshPeriod();
  await fund(units.hq, period, "1000");
  const before = await hub.db.budgetLedgerEntry.count({ where: { tenantId, period } });
  const refused = await allocate(units.hq, units.bj, period, "1001");
  expect(refused).toEqual({
    from: null,
    to: null,
    errors: [{ code: "INSUFFICIENT_FUNDS", message: expect.any(String) }],
  });
  expect(await account(units.hq, period)).toMatchObject({ availableFen: "1000" });
  expect(await account(units.bj, period)).toMatchObject({ availableFen: "0" });
  expect(await hub.db.budgetLedgerEntry.count({ where: { tenantId, period } })).toBe(before);
  expect(await hub.db.budgetAccount.count({ where: { tenantId, period, orgUnitId: units.bj } })).toBe(0);
  expect(await check(units.hq, period)).toMatchObject({ balanced: true });
});

test("allocation goes to a direct child only; funding to a root only; inputs are checked", async () => {
  const period = freshPeriod();
  await fund(units.hq, period, "5000");
  await allocate(units.hq, units.bj, period, "1000");
  const grandchild = await allocate(units.hq, units.bjRd, period, "10");
  expect(grandchild.errors).toEqual([{ code: "NOT_A_CHILD", message: expect.any(String) }]);
  const sibling = await allocate(units.bj, units.sh, period, "10");
  expect(sibling.errors).toEqual([{ code: "NOT_A_CHILD", message: expect.any(String) }]);
  const upwards = await allocate(units.bj, units.hq, period, "10");
  expect(upwards.errors).toEqual([{ code: "NOT_A_CHILD", message: expect.any(String) }]);
  expect((await fund(units.bj, period, "10")).errors).toEqual([{ code: "NOT_ROOT", message: expect.any(String) }]);
  expect((await fund(units.hq, "2026-13", "10")).errors[0].code).toBe("INVALID_PERIOD");
  expect((await fund(units.hq, period, "0")).errors[0].code).toBe("INVALID_AMOUNT");
  expect((await allocate(units.hq, units.bj, period, "-5")).errors[0].code).toBe("INVALID_AMOUNT");
  // A malformed amount is not a Fen at all: refused before any resolver runs, like a malformed Int.
  const badInput = { orgUnitId: units.hq, period, amountFen: "12.5", idempotencyKey: freshKey() };
  const admin = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.adminEmail } });
  const asAdmin: Identity = { kind: "member", memberId: admin.id, tenantId, role: "TENANT_ADMIN", orgUnitId: units.hq };
  const direct = await asService(FUND, { input: badInput }, asAdmin);
  expect(direct.errors?.[0]).toMatchObject({
    message: expect.stringMatching(/Fen/),
    extensions: { code: "BAD_USER_INPUT" },
  });
  expect((await hub.request(FUND, { input: badInput }, tokens.admin)).errors).toHaveLength(1);
  expect(await account(units.hq, period)).toMatchObject({ availableFen: "4000" });
  expect(await account(units.bj, period)).toMatchObject({ availableFen: "1000" });
});

test("fund and allocate are idempotent by key; a key reused for something else is refused", async () => {
  const period = freshPeriod();
  const fundInput = { orgUnitId: units.hq, period, amountFen: "900", idempotencyKey: freshKey() };
  const first = ok(await hub.request(FUND, { input: fundInput }, tokens.admin)).fundBudget;
  const again = ok(await hub.request(FUND, { input: fundInput }, tokens.admin)).fundBudget;
  expect(first).toEqual(again);
  const allocInput = {
    fromOrgUnitId: units.hq,
    toOrgUnitId: units.sh,
    period,
    amountFen: "400",
    idempotencyKey: freshKey(),
  };
  const racing = await Promise.all(
    Array.from({ length: 10 }, () => hub.request(ALLOCATE, { input: allocInput }, tokens.admin).then(ok)),
  );
  for (const r of racing) expect(r.allocateBudget.errors).toEqual([]);
  expect(await account(units.hq, period)).toMatchObject({ availableFen: "500" });
  expect(await account(units.sh, period)).toMatchObject({ availableFen: "400" });
  const reused = ok(await hub.request(FUND, { input: { ...fundInput, amountFen: "901" } }, tokens.admin)).fundBudget;
  expect(reused.errors).toEqual([{ code: "IDEMPOTENCY_CONFLICT", message: expect.any(String) }]);
  const crossed = ok(
    await hub.request(FUND, { input: { ...fundInput, idempotencyKey: allocInput.idempotencyKey } }, tokens.admin),
  );
  expect(crossed.fundBudget.errors[0].code).toBe("IDEMPOTENCY_CONFLICT");
  expect(await hub.db.budgetLedgerEntry.count({ where: { tenantId, period } })).toBe(3);
  expect(await check(units.hq, period)).toMatchObject({ balanced: true });
});

test("200 concurrent spends against a budget that fits 50 leave exactly 50 committed and a balanced ledger", async () => {
  const period = freshPeriod();
  const unit = await hub.seed.orgUnit({ tenantId, parentId: units.hq, name: "Spend test" });
  const X = 3_000_000_000n; // 30 million yuan per spend: beyond 32-bit on purpose
  await fund(units.hq, period, String(50n * X));
  await allocate(units.hq, unit.id, period, String(50n * X));

  const spend = async (i: number) => {
    const reserved = ok(await asService(RESERVE, { input: reserveInput(unit.id, period, String(X), `spend-${i}`) }));
    const { reservation, errors } = reserved.reserveBudget;
    if (errors.length) return errors[0].code as string;
    const committed = ok(await asService(COMMIT, { input: { tenantId, reservationId: reservation.id } }));
    return committed.commitBudgetReservation.errors.length ? "COMMIT_FAILED" : "COMMITTED";
  };
  const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => spend(i)));

  const tally = outcomes.reduce<Record<string, number>>((t, o) => ({ ...t, [o]: (t[o] ?? 0) + 1 }), {});
  expect(tally).toEqual({ COMMITTED: 50, INSUFFICIENT_FUNDS: 150 });
  expect(await hub.db.budgetReservation.count({ where: { tenantId, orgUnitId: unit.id, period } })).toBe(50);
  expect(
    await hub.db.budgetReservation.count({ where: { tenantId, orgUnitId: unit.id, period, state: "COMMITTED" } }),
  ).toBe(50);
  expect(await account(unit.id, period)).toMatchObject({
    availableFen: "0",
    reservedFen: "0",
    committedFen: String(50n * X),
  });
  const checked = await check(unit.id, period);
  expect(checked).toMatchObject({ balanced: true, problems: [], entryCount: 1 + 50 * 2 });
  expect(checked.ledger).toEqual({ availableFen: "0", reservedFen: "0", committedFen: String(50n * X) });
  expect(await check(units.hq, period)).toMatchObject({ balanced: true });
}, 60_000);

test("a retried reserve returns the same reservation and reserves once, also when 20 copies race", async () => {
  const period = freshPeriod();
  const unit = await hub.seed.orgUnit({ tenantId, parentId: units.hq });
  await hub.seed.fundBudget({ tenantId, orgUnitId: unit.id, period, amountFen: 10_000n });

  const input = reserveInput(unit.id, period, "100");
  const first = ok(await asService(RESERVE, { input })).reserveBudget;
  const retry = ok(await asService(RESERVE, { input })).reserveBudget;
  expect(first.errors).toEqual([]);
  expect(retry).toEqual(first);

  const raced = reserveInput(unit.id, period, "250");
  const copies = await Promise.all(Array.from({ length: 20 }, () => asService(RESERVE, { input: raced }).then(ok)));
  const ids = new Set(copies.map((c) => c.reserveBudget.reservation?.id));
  expect(copies.every((c) => c.reserveBudget.errors.length === 0)).toBe(true);
  expect(ids.size).toBe(1);

  expect(await account(unit.id, period)).toMatchObject({ availableFen: "9650", reservedFen: "350" });
  const reservations = await hub.db.budgetReservation.findMany({ where: { tenantId, orgUnitId: unit.id } });
  expect(reservations).toHaveLength(2);
  const reserveEntries = await hub.db.budgetLedgerEntry.count({
    where: { tenantId, orgUnitId: unit.id, kind: "RESERVE" },
  });
  expect(reserveEntries).toBe(2);

  const conflicting = ok(await asService(RESERVE, { input: { ...input, amountFen: "101" } })).reserveBudget;
  expect(conflicting).toEqual({
    reservation: null,
    errors: [{ code: "IDEMPOTENCY_CONFLICT", message: expect.any(String) }],
  });
  // A first attempt that failed leaves nothing behind: the key works once there is money.
  const tooBig = reserveInput(unit.id, period, "20000");
  expect(ok(await asService(RESERVE, { input: tooBig })).reserveBudget.errors[0].code).toBe("INSUFFICIENT_FUNDS");
  await hub.seed.fundBudget({ tenantId, orgUnitId: unit.id, period, amountFen: 20_000n });
  expect(ok(await asService(RESERVE, { input: tooBig })).reserveBudget.errors).toEqual([]);
  expect(await check(unit.id, period)).toMatchObject({ balanced: true });
});

test("release returns the money exactly once; a settled reservation is not settled again", async () => {
  const period = freshPeriod();
  const unit = await hub.seed.orgUnit({ tenantId, parentId: units.hq });
  await hub.seed.fundBudget({ tenantId, orgUnitId: unit.id, period, amountFen: 1_000n });
  const { reservation } = ok(await asService(RESERVE, { input: reserveInput(unit.id, period, "600") })).reserveBudget;
  expect(await account(unit.id, period)).toMatchObject({ availableFen: "400", reservedFen: "600" });

  const settle = { tenantId, reservationId: reservation.id };
  const released = ok(await asService(RELEASE, { input: settle })).releaseBudgetReservation;
  expect(released).toMatchObject({ reservation: { id: reservation.id, state: "RELEASED" }, errors: [] });
  expect(await account(unit.id, period)).toMatchObject({ availableFen: "1000", reservedFen: "0", committedFen: "0" });

  const twice = ok(await asService(RELEASE, { input: settle })).releaseBudgetReservation;
  expect(twice).toMatchObject({ reservation: { state: "RELEASED" }, errors: [{ code: "ALREADY_SETTLED" }] });
  const commitAfter = ok(await asService(COMMIT, { input: settle })).commitBudgetReservation;
  expect(commitAfter.errors[0].code).toBe("ALREADY_SETTLED");
  expect(await account(unit.id, period)).toMatchObject({ availableFen: "1000", reservedFen: "0", committedFen: "0" });

  // Concurrent settlements of one reservation: exactly one wins.
  const { reservation: held } = ok(
    await asService(RESERVE, { input: reserveInput(unit.id, period, "300") }),
  ).reserveBudget;
  const attempts = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      asService(i % 2 ? COMMIT : RELEASE, { input: { tenantId, reservationId: held.id } }).then(ok),
    ),
  );
  const winners = attempts.filter((a) => (a.commitBudgetReservation ?? a.releaseBudgetReservation).errors.length === 0);
  expect(winners).toHaveLength(1);
  const after = await account(unit.id, period);
  expect(BigInt(after.availableFen) + BigInt(after.committedFen)).toBe(1000n);
  expect(after.reservedFen).toBe("0");
  expect(await hub.db.budgetLedgerEntry.count({ where: { reservationId: held.id } })).toBe(2);
  expect(await check(unit.id, period)).toMatchObject({ balanced: true });
  const missing = ok(await asService(COMMIT, { input: { tenantId, reservationId: tenantIdLike } }));
  expect(missing.commitBudgetReservation.errors[0].code).toBe("NOT_FOUND");
});

test("a unit manager allocates and reads inside their subtree only", async () => {
  const period = freshPeriod();
  await fund(units.hq, period, "10000");
  await allocate(units.hq, units.bj, period, "5000");
  const inside = await allocate(units.bj, units.bjRd, period, "2000", tokens.manager);
  expect(inside).toMatchObject({ from: { availableFen: "3000" }, to: { availableFen: "2000" }, errors: [] });
  for (const [from, to] of [
    [units.hq, units.bj],
    [units.hq, units.sh],
  ]) {
    const outside = await allocate(from!, to!, period, "1", tokens.manager);
    expect(outside.errors).toEqual([{ code: "FORBIDDEN_UNIT", message: expect.any(String) }]);
  }
  expect(await account(units.bjRd, period, tokens.manager)).toMatchObject({ availableFen: "2000" });
  expect(await account(units.hq, period, tokens.manager)).toBeNull();
  expect(await account(units.sh, period, tokens.manager)).toBeNull();
  // Funding, spending and the ledger check are not a manager's.
  const denied = await hub.request(
    FUND,
    { input: { orgUnitId: units.hq, period, amountFen: "1", idempotencyKey: freshKey() } },
    tokens.manager,
  );
  expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  const spend = await hub.request(RESERVE, { input: reserveInput(units.bj, period, "1") }, tokens.manager);
  expect(spend.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  expect(await account(units.hq, period)).toMatchObject({ availableFen: "5000" });
  expect(await account(units.bj, period)).toMatchObject({ availableFen: "3000" });
});

test("members, other tenants' admins and services of another tenant cannot read or move this tenant's budget", async () => {
  const period = freshPeriod();
  await fund(units.hq, period, "10000");
  const { reservation } = ok(await asService(RESERVE, { input: reserveInput(units.hq, period, "100") })).reserveBudget;

  const memberRead = await hub.request(ACCOUNT, { u: units.hq, p: period }, tokens.member);
  expect(memberRead.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

  const stranger = tokens.otherAdmin;
  expect(await account(units.hq, period, stranger)).toBeNull();
  const strangerAsTenant = ok(await hub.request(ACCOUNT, { u: units.hq, p: period, t: tenantId }, stranger));
  expect(strangerAsTenant.budgetAccount).toBeNull();
  expect(ok(await hub.request(LEDGER, { u: units.hq, p: period }, stranger)).budgetLedger).toBeNull();
  expect(ok(await hub.request(CHECK, { u: units.hq, p: period }, stranger)).budgetLedgerCheck).toBeNull();
  expect((await fund(units.hq, period, "5", stranger)).errors[0].code).toBe("NOT_FOUND");
  expect((await allocate(units.hq, units.bj, period, "5", stranger)).errors[0].code).toBe("NOT_FOUND");
  const strangerReserve = ok(
    await hub.request(RESERVE, { input: { ...reserveInput(units.hq, period, "5"), tenantId: undefined } }, stranger),
  );
  expect(strangerReserve.reserveBudget.errors[0].code).toBe("NOT_FOUND");
  const strangerRelease = ok(await hub.request(RELEASE, { input: { reservationId: reservation.id } }, stranger));
  expect(strangerRelease.releaseBudgetReservation).toEqual({
    reservation: null,
    errors: [{ code: "NOT_FOUND", message: expect.any(String) }],
  });

  // A service acting for the other tenant finds nothing of this one.
  const wrongTenant = ok(
    await asService(RESERVE, { input: { ...reserveInput(units.hq, period, "5"), tenantId: otherTenantId } }),
  );
  expect(wrongTenant.reserveBudget.errors[0].code).toBe("NOT_FOUND");
  const wrongCommit = ok(
    await asService(COMMIT, { input: { tenantId: otherTenantId, reservationId: reservation.id } }),
  );
  expect(wrongCommit.commitBudgetReservation.errors[0].code).toBe("NOT_FOUND");
  const noTenant = ok(await asService(ACCOUNT, { u: units.hq, p: period }));
  expect(noTenant.budgetAccount).toBeNull();
  expect(ok(await asService(ACCOUNT, { u: units.hq, p: period, t: tenantId })).budgetAccount).toMatchObject({
    availableFen: "9900",
    reservedFen: "100",
  });
  expect(await account(units.hq, period)).toMatchObject({ availableFen: "9900", reservedFen: "100" });
});

test("every budget change has an audit entry, written with the change", async () => {
  const period = freshPeriod();
  const started = new Date();
  const admin = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.adminEmail } });
  await fund(units.hq, period, "1000");
  await allocate(units.hq, units.sh, period, "400");
  await allocate(units.hq, units.sh, period, "999999"); // refused: no audit entry
  const a = ok(await asService(RESERVE, { input: reserveInput(units.sh, period, "100") })).reserveBudget.reservation;
  const b = ok(await asService(RESERVE, { input: reserveInput(units.sh, period, "50") })).reserveBudget.reservation;
  await asService(COMMIT, { input: { tenantId, reservationId: a.id } });
  await asService(RELEASE, { input: { tenantId, reservationId: b.id } });
  await asService(RELEASE, { input: { tenantId, reservationId: b.id } }); // refused: no audit entry

  const entries = await hub.db.auditEntry.findMany({
    where: { tenantId, action: { startsWith: "budget." }, createdAt: { gte: started } },
    orderBy: { createdAt: "asc" },
  });
  const mine = entries.filter((e) => (e.details as { period?: string }).period === period);
  const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
  expect(sorted(mine.map((e) => [e.action, e.actorKind, e.actorId, e.targetId]))).toEqual(
    sorted([
      ["budget.fund", "member", admin.id, units.hq],
      ["budget.allocate", "member", admin.id, units.sh],
      ["budget.reserve", "service", "entitlements", a.id],
      ["budget.reserve", "service", "entitlements", b.id],
      ["budget.commit", "service", "entitlements", a.id],
      ["budget.release", "service", "entitlements", b.id],
    ]),
  );
  const details = (action: string) => mine.find((e) => e.action === action)!.details;
  expect(details("budget.allocate")).toMatchObject({
    amountFen: "400",
    fromOrgUnitId: units.hq,
    toOrgUnitId: units.sh,
  });
  expect(details("budget.commit")).toMatchObject({ amountFen: "100", orgUnitId: units.sh });
  const ledger = ok(await hub.request(LEDGER, { u: units.sh, p: period }, tokens.admin)).budgetLedger;
  expect(ledger.entries.map((e: { kind: string }) => e.kind)).toEqual([
    "RELEASE",
    "COMMIT",
    "RESERVE",
    "RESERVE",
    "ALLOCATION",
  ]);
  expect(ledger.entries[0].actor).toBe("service:entitlements");
  expect(ledger.entries[4].actor).toBe(`member:${admin.id}`);
});
