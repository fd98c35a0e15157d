// Risk rules as pure functions: config validation, fact normalisation, each
// kind firing or not, the strictest outcome, and the replay engine's windows.
import {
  evaluateRules,
  historyNeeds,
  lockedSubjects,
  normaliseFacts,
  parseRuleConfig,
  stricter,
  type RiskObservations,
  type RiskRuleDef,
} from "../../src/domain/risk/risk-rules";
import { ReplayEngine } from "../../src/domain/risk/replay";

const MEMBER = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const facts = normaliseFacts({ memberId: MEMBER, deviceId: " dev-1 ", ip: "::ffff:10.0.0.1", region: "cn-31" });
const quiet: RiskObservations = { blacklisted: new Set(), priorDecisions: () => 0, deviceAccounts: () => 1 };
const base = { id: "r1", name: "rule", actions: ["CLAIM"] as const, outcome: "DENY" as const };

const velocity = (limit: number, subject: "MEMBER" | "DEVICE" | "IP" = "DEVICE"): RiskRuleDef => ({
  ...base,
  kind: "VELOCITY",
  config: { subject, limit, windowSeconds: 60 },
});

describe("parseRuleConfig", () => {
  test.each([
    ["VELOCITY", { subject: "DEVICE", limit: 5, windowSeconds: 60 }, true],
    ["VELOCITY", { subject: "DEVICE", limit: 0, windowSeconds: 60 }, false],
    ["VELOCITY", { subject: "PHONE", limit: 5, windowSeconds: 60 }, false],
    ["VELOCITY", { subject: "IP", limit: 5 }, false],
    ["VELOCITY", { subject: "IP", limit: 5, windowSeconds: 1.5 }, false],
    ["VELOCITY", { subject: "IP", limit: 5, windowSeconds: 60, allowedRegions: null }, true],
    ["BLACKLIST", {}, true],
    ["BLACKLIST", null, true],
    ["BLACKLIST", { limit: 3 }, false],
    ["REGION", { allowedRegions: ["CN", "cn-31"] }, true],
    ["REGION", { allowedRegions: [] }, false],
    ["REGION", { allowedRegions: ["Shanghai"] }, false],
    ["DEVICE_ACCOUNTS", { maxAccounts: 3, windowSeconds: 3600 }, true],
    ["DEVICE_ACCOUNTS", { maxAccounts: 0, windowSeconds: 3600 }, false],
    ["DEVICE_ACCOUNTS", { maxAccounts: 3, windowSeconds: 31 * 24 * 3600 }, false],
    ["IDENTITY", {}, true],
  ] as const)("%s %j valid: %s", (kind, config, valid) => {
    expect(parseRuleConfig(kind, config).ok).toBe(valid);
  });

  test("names the field at fault and normalises regions", () => {
    const bad = parseRuleConfig("VELOCITY", { subject: "DEVICE", limit: -1, windowSeconds: 60 });
    expect(bad).toEqual({ ok: false, message: expect.stringContaining("config.limit") });
    expect(parseRuleConfig("REGION", { allowedRegions: [" cn-31 "] })).toEqual({
      ok: true,
      config: { allowedRegions: ["CN-31"] },
    });
    expect(parseRuleConfig("IDENTITY", { windowSeconds: 5 })).toEqual({
      ok: false,
      message: "IDENTITY takes no windowSeconds",
    });
  });
});

test("facts are normalised as they are stored and matched", () => {
  expect(facts).toEqual({ memberId: MEMBER, deviceId: "dev-1", ip: "10.0.0.1", region: "CN-31" });
  expect(normaliseFacts({ memberId: MEMBER, deviceId: "  ", ip: "", region: null })).toEqual({
    memberId: MEMBER,
    deviceId: null,
    ip: null,
    region: null,
  });
});

describe("evaluateRules", () => {
  test("velocity fires once the subject already has `limit` attempts in the window", () => {
    const prior = (n: number): RiskObservations => ({ ...quiet, priorDecisions: () => n });
    expect(evaluateRules([velocity(5)], "CLAIM", facts, prior(4)).outcome).toBe("ALLOW");
    const sixth = evaluateRules([velocity(5)], "CLAIM", facts, prior(5));
    expect(sixth.outcome).toBe("DENY");
    expect(sixth.fired).toEqual([
      { ruleId: "r1", name: "rule", kind: "VELOCITY", outcome: "DENY", reason: expect.stringContaining("limit 5") },
    ]);
    const noDevice = normaliseFacts({ memberId: MEMBER });
    expect(evaluateRules([velocity(5)], "CLAIM", noDevice, prior(99)).outcome).toBe("ALLOW");
  });

  test("rules apply only to their actions", () => {
    const observed: RiskObservations = { ...quiet, priorDecisions: () => 10 };
    expect(evaluateRules([velocity(5)], "REDEEM", facts, observed)).toEqual({ outcome: "ALLOW", fired: [] });
  });

  test("blacklist fires on any listed subject", () => {
    const rule: RiskRuleDef = { ...base, kind: "BLACKLIST", config: {} };
    expect(evaluateRules([rule], "CLAIM", facts, quiet).fired).toEqual([]);
    const hit = evaluateRules([rule], "CLAIM", facts, { ...quiet, blacklisted: new Set(["IP", "DEVICE"]) });
    expect(hit.outcome).toBe("DENY");
    expect(hit.fired[0]?.reason).toBe("blacklisted device, ip");
  });

  test.each([
    ["CN-31", ["CN"], false],
    ["CN-31", ["CN-31"], false],
    ["CN-11", ["CN-31"], true],
    ["HK", ["CN"], true],
    ["CNX", ["CN"], true],
    [null, ["CN"], true],
  ] as const)("region %s with allowed %j fires: %s", (region, allowedRegions, fires) => {
    const rule: RiskRuleDef = {
      ...base,
      kind: "REGION",
      outcome: "REVIEW",
      config: { allowedRegions: [...allowedRegions] },
    };
    const f = normaliseFacts({ memberId: MEMBER, deviceId: "d", region });
    expect(evaluateRules([rule], "CLAIM", f, quiet).fired.length).toBe(fires ? 1 : 0);
  });

  test("device accounts fires when more than maxAccounts used the device, counting this one", () => {
    const rule: RiskRuleDef = { ...base, kind: "DEVICE_ACCOUNTS", config: { maxAccounts: 3, windowSeconds: 3600 } };
    const accounts = (n: number): RiskObservations => ({ ...quiet, deviceAccounts: () => n });
    expect(evaluateRules([rule], "CLAIM", facts, accounts(3)).outcome).toBe("ALLOW");
    expect(evaluateRules([rule], "CLAIM", facts, accounts(4)).outcome).toBe("DENY");
  });

  test("identity fires when device or region is missing", () => {
    const rule: RiskRuleDef = { ...base, kind: "IDENTITY", outcome: "CHALLENGE", config: {} };
    expect(evaluateRules([rule], "CLAIM", facts, quiet).outcome).toBe("ALLOW");
    const bare = evaluateRules([rule], "CLAIM", normaliseFacts({ memberId: MEMBER }), quiet);
    expect(bare.outcome).toBe("CHALLENGE");
    expect(bare.fired[0]?.reason).toBe("no device or region given");
  });

  test("the outcome is the strictest fired rule's", () => {
    const identity: RiskRuleDef = { ...base, id: "a", kind: "IDENTITY", outcome: "CHALLENGE", config: {} };
    const region: RiskRuleDef = {
      ...base,
      id: "b",
      kind: "REGION",
      outcome: "REVIEW",
      config: { allowedRegions: ["US"] },
    };
    const monitor: RiskRuleDef = { ...base, id: "c", kind: "BLACKLIST", outcome: "ALLOW", config: {} };
    const f = normaliseFacts({ memberId: MEMBER, region: "CN-31" });
    const result = evaluateRules([identity, region, monitor], "CLAIM", f, {
      ...quiet,
      blacklisted: new Set(["MEMBER"]),
    });
    expect(result.outcome).toBe("REVIEW");
    expect(result.fired.map((r) => r.ruleId)).toEqual(["a", "b", "c"]);
    expect(stricter("DENY", "CHALLENGE")).toBe("DENY");
    expect(stricter("ALLOW", "CHALLENGE")).toBe("CHALLENGE");
  });
});

test("historyNeeds asks only for the counts the applicable rules need, and locks in a fixed order", () => {
  const accounts: RiskRuleDef = { ...base, kind: "DEVICE_ACCOUNTS", config: { maxAccounts: 2, windowSeconds: 600 } };
  const needs = historyNeeds([velocity(3, "IP"), velocity(7, "IP"), accounts, velocity(2, "MEMBER")], "CLAIM", facts);
  expect(needs.velocity.get("IP")).toEqual({ windowSeconds: [60], cap: 7 });
  expect(needs.deviceAccountWindows).toEqual([600]);
  expect(lockedSubjects(needs)).toEqual(["MEMBER", "DEVICE", "IP"]);
  expect(lockedSubjects(historyNeeds([velocity(3)], "REDEEM", facts))).toEqual([]);
  expect(lockedSubjects(historyNeeds([velocity(3)], "CLAIM", normaliseFacts({ memberId: MEMBER })))).toEqual([]);
});

describe("ReplayEngine", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);
  const row = (id: string, s: number, memberId = MEMBER, deviceId: string | null = "dev-1") => ({
    id,
    action: "CLAIM",
    memberId,
    deviceId,
    ip: null,
    region: null,
    outcome: "ALLOW" as const,
    createdAt: at(s),
  });

  test("velocity counts the history's own window", () => {
    const engine = new ReplayEngine(velocity(2));
    const fired = [0, 1, 2, 30, 61, 62, 63].map((s, i) => engine.step(row(`d${i}`, s)) !== null);
    // Prior attempts in the 60 s before each: 0, 1, 2, 3, then (1, 61] holds 2 and 30, (2, 62] 30 and 61,
    // (3, 63] 30, 61 and 62.
    expect(fired).toEqual([false, false, true, true, true, true, true]);
    const spaced = new ReplayEngine(velocity(2));
    expect([0, 50, 100, 150].map((s, i) => spaced.step(row(`s${i}`, s)) !== null)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  test("warm-up rows feed the windows without being evaluated", () => {
    const engine = new ReplayEngine(velocity(1));
    expect(engine.step(row("w", 0), true)).toBeNull();
    expect(engine.step(row("x", 10))).not.toBeNull();
  });

  test("device accounts counts distinct members in the window", () => {
    const rule: RiskRuleDef = { ...base, kind: "DEVICE_ACCOUNTS", config: { maxAccounts: 1, windowSeconds: 60 } };
    const engine = new ReplayEngine(rule);
    expect(engine.step(row("a", 0, MEMBER))).toBeNull();
    expect(engine.step(row("b", 1, MEMBER))).toBeNull();
    expect(engine.step(row("c", 2, OTHER))).not.toBeNull();
    expect(engine.step(row("d", 100, OTHER))).toBeNull();
  });

  test("blacklist uses the given list", () => {
    const rule: RiskRuleDef = { ...base, kind: "BLACKLIST", config: {} };
    const engine = new ReplayEngine(rule, new Map([["DEVICE", new Set(["dev-1"])]]));
    expect(engine.step(row("a", 0))).toBe("blacklisted device");
    expect(engine.step(row("b", 0, MEMBER, "dev-2"))).toBeNull();
  });
});
