// The cockpit's pure rules: statistics against published values, day
// arithmetic, filter checks, scope per role, ratios and the burn of a budget.
import type { Identity } from "@benefits-hub/platform";
import { abTest } from "../src/domain/cockpit/ab-test";
import { burnOf } from "../src/domain/cockpit/budget-burn.service";
import { costPerRedemption, roi } from "../src/domain/cockpit/counts";
import { addYears, parseDay, periodBounds, previousPeriod, shanghaiToday } from "../src/domain/cockpit/dates";
import { checkFilter } from "../src/domain/cockpit/filter";
import { reconciliationScope, resolveScope } from "../src/domain/cockpit/scope";
import { normalCdf, twoProportionTest, twoSidedPValue, wilsonInterval } from "../src/domain/cockpit/statistics";

test.each([
  [0, 0.5],
  [1, 0.8413447461],
  [1.959963985, 0.975],
  [-2.326347874, 0.01],
  [3, 0.998650102],
  [-5, 2.866515719e-7],
])("normal CDF at %p is %p (published tables)", (x, p) => {
  expect(Math.abs(normalCdf(x) - p)).toBeLessThan(Math.max(1.5e-7 * p, 2e-9));
});

test("two-sided p-values and the pooled two-proportion test", () => {
  expect(twoSidedPValue(1.959963985)).toBeCloseTo(0.05, 7);
  expect(twoSidedPValue(-2.575829304)).toBeCloseTo(0.01, 7);
  // 60/100 against 45/100: pooled 0.525, se = sqrt(0.525 * 0.475 * 0.02), z = 2.1240, p = 0.03367.
  const t = twoProportionTest(60, 100, 45, 100)!;
  expect(t.z).toBeCloseTo(0.15 / Math.sqrt(0.525 * 0.475 * 0.02), 10);
  expect(t.p).toBeCloseTo(0.03367, 5);
  expect(twoProportionTest(0, 10, 0, 20)).toEqual({ z: 0, p: 1 });
  expect(twoProportionTest(5, 0, 1, 3)).toBeNull();
});

test("Wilson's 95% interval (Newcombe 1998: 81/263 -> 0.2553..0.3662; 0/10 -> 0..0.2775)", () => {
  const a = wilsonInterval(81, 263);
  expect(a.low).toBeCloseTo(0.2553, 4);
  expect(a.high).toBeCloseTo(0.3662, 4);
  const b = wilsonInterval(0, 10);
  expect(b.low).toBe(0);
  expect(b.high).toBeCloseTo(0.2775, 4);
  expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
});

test("A/B: a variant alone has no test; an unsignificant lead names no winner; '' is no variant", () => {
  const v = (variant: string, issued: number, redeemed: number) => ({
    variant,
    issued,
    claimed: issued,
    redeemed,
    cost: BigInt(redeemed * 100),
  });
  expect(abTest([v("", 10, 5)])).toBeNull();
  const alone = abTest([v("A", 10, 5), v("", 50, 5)])!;
  expect(alone).toMatchObject({ zScore: null, pValue: null, significant: false, winner: null });
  expect(alone.variants.map((x) => x.variant)).toEqual(["A"]);
  // 12/40 against 9/40: a lead, not significant.
  const close = abTest([v("B", 40, 9), v("A", 40, 12)])!;
  expect(close.pValue!).toBeGreaterThan(0.05);
  expect(close.winner).toBeNull();
  // Redemptions of earlier issues never exceed the trials in the test.
  const capped = abTest([v("A", 10, 14), v("B", 10, 1)])!;
  expect(capped.variants[0]!.rateHigh).toBeCloseTo(1, 12);
  expect(capped.winner).toBe("A");
});

test("days: calendar checks, previous period, two years, budget periods", () => {
  expect(parseDay("2026-02-29")).toBeNull();
  expect(parseDay("2028-02-29")).not.toBeNull();
  expect(parseDay("2026-1-01")).toBeNull();
  expect(previousPeriod("2026-03-01", "2026-03-31")).toEqual({ from: "2026-01-29", to: "2026-02-28" });
  expect(previousPeriod("2026-11-07", "2026-11-07")).toEqual({ from: "2026-11-06", to: "2026-11-06" });
  expect(addYears("2028-02-29", 2)).toBe("2030-03-01");
  expect(periodBounds("2028-02")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
  expect(periodBounds("2026-12")).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  expect(periodBounds("2026-13")).toBeNull();
  expect(periodBounds("2026-Q4")).toBeNull();
  // 16:30 UTC on 6 December is already 7 December in Shanghai.
  expect(shanghaiToday(new Date("2026-12-06T16:30:00Z"))).toBe("2026-12-07");
});

test("filters: empty lists do not narrow, ids are lower-cased and de-duplicated, lists are bounded", () => {
  const id = "6F9619FF-8B86-D011-B42D-00C04FC964FF";
  expect(checkFilter({ from: "2026-11-01", to: "2026-11-30", campaignIds: [], channels: [] })).toEqual({
    from: "2026-11-01",
    to: "2026-11-30",
  });
  expect(checkFilter({ from: "2026-11-01", to: "2026-11-30", benefitIds: [id, id.toLowerCase()] }).benefitIds).toEqual([
    id.toLowerCase(),
  ]);
  expect(() => checkFilter({ from: "2026-11-01", to: "2026-11-30", tiers: Array(201).fill("x") })).toThrow(
    /at most 200/,
  );
  expect(() => checkFilter({ from: "2026-11-01", to: "2026-11-30", variants: ["x".repeat(101)] })).toThrow(
    /at most 100 printable/,
  );
  expect(() => checkFilter(null)).toThrow(/filter/);
  expect(() => checkFilter({ from: "2026-11-01", to: "2026-11-30", variants: ["A\u0000"] })).toThrow(/printable/);
});

test("scope per role: admin its tenant, manager its subtree, operator all or the named tenants, others nothing", () => {
  const who = (role: string, tenantId = "t1", orgUnitId = "u1") =>
    ({ kind: "member", memberId: "m", tenantId, role, orgUnitId }) as Identity;
  expect(resolveScope(who("TENANT_ADMIN"))).toEqual({ tenantIds: ["t1"], subtreeOf: null });
  expect(resolveScope(who("TENANT_ADMIN"), ["t2"])).toEqual({ tenantIds: [], subtreeOf: null });
  expect(resolveScope(who("TENANT_ADMIN"), ["t2", "t1"])).toEqual({ tenantIds: ["t1"], subtreeOf: null });
  expect(resolveScope(who("UNIT_MANAGER"))).toEqual({ tenantIds: ["t1"], subtreeOf: "u1" });
  expect(resolveScope(who("PLATFORM_OPERATOR"))).toEqual({ tenantIds: null, subtreeOf: null });
  expect(resolveScope(who("PLATFORM_OPERATOR"), ["t2"])).toEqual({ tenantIds: ["t2"], subtreeOf: null });
  expect(resolveScope(who("MEMBER")).tenantIds).toEqual([]);
  expect(resolveScope({ kind: "partner", apiKeyId: "k", tenantId: "t1", permissions: [] }).tenantIds).toEqual([]);
  expect(reconciliationScope(who("UNIT_MANAGER")).tenantIds).toEqual([]);
  expect(reconciliationScope(who("TENANT_ADMIN"), "t2").tenantIds).toEqual([]);
  expect(reconciliationScope(who("PLATFORM_OPERATOR"), "t2").tenantIds).toEqual(["t2"]);
});

test("cost per redemption rounds half up; ROI is null without cost", () => {
  expect(costPerRedemption(1000n, 3)).toBe(333n);
  expect(costPerRedemption(1001n, 2)).toBe(501n);
  expect(costPerRedemption(5n, 0)).toBeNull();
  expect(roi(1500n, 1000n)).toBe(0.5);
  expect(roi(500n, 0n)).toBeNull();
});

test("budget burn: movements before the period count in its first day; a future period has no points yet", () => {
  const unit = { tenantId: "t", orgUnitId: "u", name: "Unit", parentId: null };
  const row = (day: string, moves: Partial<Record<string, bigint>>) => ({
    orgUnitId: "u",
    day,
    fundedFen: 0n,
    allocatedInFen: 0n,
    allocatedOutFen: 0n,
    reservedFen: 0n,
    committedFen: 0n,
    releasedFen: 0n,
    ...moves,
  });
  const rows = [
    row("2026-11-28", { fundedFen: 1000n, reservedFen: 300n, committedFen: 100n }),
    row("2026-12-03", { committedFen: 200n }),
  ];
  const burn = burnOf(unit, "2026-12", rows, "2026-12-05");
  expect(burn.burn.map((p) => [p.day, p.committed, p.cumulativeCommitted])).toEqual([
    ["2026-12-01", 0n, 100n],
    ["2026-12-02", 0n, 100n],
    ["2026-12-03", 200n, 300n],
    ["2026-12-04", 0n, 300n],
    ["2026-12-05", 0n, 300n],
  ]);
  expect(burn.burn[4]!.elapsedRatio).toBeCloseTo(5 / 31, 12);
  expect(burn.burn[4]!.burnRatio).toBeCloseTo(0.3, 12);
  expect(burn.remaining).toBe(700n);
  expect(burnOf(unit, "2027-01", [], "2026-12-05").burn).toEqual([]);
});
