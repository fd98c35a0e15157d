// Risk rules as pure functions: each kind's config (validated with zod), how
// a request's facts are normalised, and whether a rule fires on them. The
// history a rule needs (counts, blacklist hits) comes in as observations, so
// the live check and the replay over stored decisions share this code.
import { isIP } from "node:net";
import { z } from "zod";
import type { RiskOutcome, RiskRuleKind } from "@benefits-hub/platform/db/client";

export const RISK_ACTIONS = ["CLAIM", "REDEEM", "TRANSFER"] as const;
export type RiskActionName = (typeof RISK_ACTIONS)[number];
export const RISK_SUBJECTS = ["MEMBER", "DEVICE", "IP"] as const;
export type RiskSubject = (typeof RISK_SUBJECTS)[number];
export const RISK_OUTCOMES = ["ALLOW", "CHALLENGE", "REVIEW", "DENY"] as const satisfies readonly RiskOutcome[];
export const RISK_RULE_KINDS = [
  "VELOCITY",
  "BLACKLIST",
  "REGION",
  "DEVICE_ACCOUNTS",
  "IDENTITY",
] as const satisfies readonly RiskRuleKind[];

/** The longest window a rule may look back over (30 days). */
export const MAX_WINDOW_SECONDS = 30 * 24 * 3600;
const MAX_DEVICE_ID = 200;

const windowSeconds = z.number().int().min(1).max(MAX_WINDOW_SECONDS);
const regionCode = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, "a region is an ISO 3166 code such as CN or CN-31"));

export const ruleConfigSchemas = {
  VELOCITY: z.strictObject({
    subject: z.enum(RISK_SUBJECTS),
    limit: z.number().int().min(1).max(1_000_000),
    windowSeconds,
  }),
  BLACKLIST: z.strictObject({}),
  REGION: z.strictObject({ allowedRegions: z.array(regionCode).min(1).max(500) }),
  DEVICE_ACCOUNTS: z.strictObject({ maxAccounts: z.number().int().min(1).max(100_000), windowSeconds }),
  IDENTITY: z.strictObject({}),
} satisfies Record<RiskRuleKind, z.ZodType>;

export type VelocityConfig = z.infer<typeof ruleConfigSchemas.VELOCITY>;
export type RegionConfig = z.infer<typeof ruleConfigSchemas.REGION>;
export type DeviceAccountsConfig = z.infer<typeof ruleConfigSchemas.DEVICE_ACCOUNTS>;
export type EmptyConfig = Record<string, never>;

interface RuleBase {
  /** Empty for a candidate rule being replayed. */
  id: string;
  name: string;
  actions: readonly RiskActionName[];
  outcome: RiskOutcome;
}

export type RiskRuleDef =
  | (RuleBase & { kind: "VELOCITY"; config: VelocityConfig })
  | (RuleBase & { kind: "BLACKLIST"; config: EmptyConfig })
  | (RuleBase & { kind: "REGION"; config: RegionConfig })
  | (RuleBase & { kind: "DEVICE_ACCOUNTS"; config: DeviceAccountsConfig })
  | (RuleBase & { kind: "IDENTITY"; config: EmptyConfig });

export type ConfigResult = { ok: true; config: RiskRuleDef["config"] } | { ok: false; message: string };

/** Validates a kind's config; GraphQL's nulls count as absent. */
export function parseRuleConfig(kind: RiskRuleKind, raw: unknown): ConfigResult {
  const schema: z.ZodType<RiskRuleDef["config"]> = ruleConfigSchemas[kind];
  const parsed = schema.safeParse(withoutNulls(raw ?? {}));
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `config.${issue.path.join(".")}` : "config";
  const message =
    issue?.code === "unrecognized_keys"
      ? `${kind} takes no ${issue.keys.join(", ")}`
      : `${where}: ${issue?.message ?? "invalid"}`;
  return { ok: false, message };
}

/** A stored rule row as a definition; null when its stored config no longer parses (it is then skipped). */
export function toRuleDef(row: {
  id: string;
  name: string;
  kind: RiskRuleKind;
  actions: string[];
  outcome: RiskOutcome;
  config: unknown;
}): RiskRuleDef | null {
  const parsed = parseRuleConfig(row.kind, row.config);
  if (!parsed.ok) return null;
  const actions = row.actions.filter(isRiskAction);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    actions,
    outcome: row.outcome,
    config: parsed.config,
  } as RiskRuleDef;
}

export const isRiskAction = (value: string): value is RiskActionName =>
  (RISK_ACTIONS as readonly string[]).includes(value);

/** The facts a decision is made on, normalised the same way when stored and when matched. */
export interface RiskFacts {
  memberId: string;
  deviceId: string | null;
  ip: string | null;
  region: string | null;
}

export function normaliseFacts(input: {
  memberId: string;
  deviceId?: string | null;
  ip?: string | null;
  region?: string | null;
}): RiskFacts {
  return {
    memberId: input.memberId,
    deviceId: normaliseDeviceId(input.deviceId),
    ip: normaliseIp(input.ip),
    region: normaliseRegion(input.region),
  };
}

export function normaliseDeviceId(value: string | null | undefined): string | null {
  const trimmed = value?.trim().slice(0, MAX_DEVICE_ID);
  return trimmed ? trimmed : null;
}

/** IPv4-mapped IPv6 addresses (::ffff:1.2.3.4) are their IPv4 address; IPv6 is lower-case. */
export function normaliseIp(value: string | null | undefined): string | null {
  const trimmed = value?.trim().toLowerCase().slice(0, 64);
  if (!trimmed) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(trimmed);
  return mapped?.[1] ?? trimmed;
}

export const isValidIp = (value: string) => isIP(value) !== 0;

export function normaliseRegion(value: string | null | undefined): string | null {
  const trimmed = value?.trim().toUpperCase().slice(0, 16);
  return trimmed ? trimmed : null;
}

/** The value of a subject in a request's facts (null: the request did not carry it). */
export function subjectValue(facts: RiskFacts, subject: RiskSubject): string | null {
  if (subject === "MEMBER") return facts.memberId;
  if (subject === "DEVICE") return facts.deviceId;
  return facts.ip;
}

/** What a rule needs to know of the history, answered by the live check or by the replay. */
export interface RiskObservations {
  /** The subjects of this request (member, device, IP) on the tenant's blacklist. */
  blacklisted: ReadonlySet<RiskSubject>;
  /** Decisions the subject already has for the action within the window (before this one). */
  priorDecisions(subject: RiskSubject, windowSeconds: number): number;
  /** Distinct members who used the request's device for the action within the window, counting this one. */
  deviceAccounts(windowSeconds: number): number;
}

export interface FiredRuleInfo {
  ruleId: string;
  name: string;
  kind: RiskRuleKind;
  outcome: RiskOutcome;
  reason: string;
}

/** Why the rule fires on these facts, or null when it does not. */
export function ruleReason(rule: RiskRuleDef, facts: RiskFacts, observed: RiskObservations): string | null {
  switch (rule.kind) {
    case "VELOCITY": {
      const { subject, limit, windowSeconds } = rule.config;
      if (subjectValue(facts, subject) === null) return null;
      const prior = observed.priorDecisions(subject, windowSeconds);
      return prior >= limit
        ? `${subject.toLowerCase()} already made ${prior} attempts in ${windowSeconds} s (limit ${limit})`
        : null;
    }
    case "BLACKLIST": {
      const hits = RISK_SUBJECTS.filter((s) => observed.blacklisted.has(s));
      return hits.length ? `blacklisted ${hits.map((s) => s.toLowerCase()).join(", ")}` : null;
    }
    case "REGION":
      if (facts.region === null) return "no region given";
      return regionAllowed(facts.region, rule.config.allowedRegions) ? null : `region ${facts.region} is not allowed`;
    case "DEVICE_ACCOUNTS": {
      if (facts.deviceId === null) return null;
      const { maxAccounts, windowSeconds } = rule.config;
      const accounts = observed.deviceAccounts(windowSeconds);
      return accounts > maxAccounts
        ? `${accounts} accounts used this device in ${windowSeconds} s (at most ${maxAccounts})`
        : null;
    }
    case "IDENTITY": {
      const missing = [facts.deviceId === null ? "device" : null, facts.region === null ? "region" : null].filter(
        (m): m is string => m !== null,
      );
      return missing.length ? `no ${missing.join(" or ")} given` : null;
    }
  }
}

/** A region is allowed when it is listed, or its country is (CN allows CN-31). */
export const regionAllowed = (region: string, allowed: readonly string[]) =>
  allowed.some((a) => region === a || region.startsWith(`${a}-`));

const SEVERITY: Record<RiskOutcome, number> = { ALLOW: 0, CHALLENGE: 1, REVIEW: 2, DENY: 3 };

/** The stricter of two outcomes (ALLOW < CHALLENGE < REVIEW < DENY). */
export const stricter = (a: RiskOutcome, b: RiskOutcome): RiskOutcome => (SEVERITY[b] > SEVERITY[a] ? b : a);

export interface Evaluation {
  outcome: RiskOutcome;
  fired: FiredRuleInfo[];
}

/** Runs the rules that apply to the action; the outcome is the strictest fired rule's, ALLOW when none fires. */
export function evaluateRules(
  rules: readonly RiskRuleDef[],
  action: RiskActionName,
  facts: RiskFacts,
  observed: RiskObservations,
): Evaluation {
  let outcome: RiskOutcome = "ALLOW";
  const fired: FiredRuleInfo[] = [];
  for (const rule of rules) {
    if (!rule.actions.includes(action)) continue;
    const reason = ruleReason(rule, facts, observed);
    if (reason === null) continue;
    fired.push({ ruleId: rule.id, name: rule.name, kind: rule.kind, outcome: rule.outcome, reason });
    outcome = stricter(outcome, rule.outcome);
  }
  return { outcome, fired };
}

/** The history a set of rules needs for one request: which subjects to count, over which windows. */
export interface HistoryNeeds {
  /** Per subject: the longest window and the largest limit (counts are capped there). */
  velocity: Map<RiskSubject, { windowSeconds: number[]; cap: number }>;
  deviceAccountWindows: number[];
  blacklist: boolean;
}

export function historyNeeds(rules: readonly RiskRuleDef[], action: RiskActionName, facts: RiskFacts): HistoryNeeds {
  const needs: HistoryNeeds = { velocity: new Map(), deviceAccountWindows: [], blacklist: false };
  for (const rule of rules) {
    if (!rule.actions.includes(action)) continue;
    if (rule.kind === "BLACKLIST") needs.blacklist = true;
    if (rule.kind === "VELOCITY" && subjectValue(facts, rule.config.subject) !== null) {
      const entry = needs.velocity.get(rule.config.subject) ?? { windowSeconds: [], cap: 0 };
      if (!entry.windowSeconds.includes(rule.config.windowSeconds)) entry.windowSeconds.push(rule.config.windowSeconds);
      entry.cap = Math.max(entry.cap, rule.config.limit);
      needs.velocity.set(rule.config.subject, entry);
    }
    if (rule.kind === "DEVICE_ACCOUNTS" && facts.deviceId !== null) {
      if (!needs.deviceAccountWindows.includes(rule.config.windowSeconds)) {
        needs.deviceAccountWindows.push(rule.config.windowSeconds);
      }
    }
  }
  return needs;
}

/** Subjects whose decisions must be counted and inserted one request at a time (the lock keys' parts). */
export function lockedSubjects(needs: HistoryNeeds): RiskSubject[] {
  const subjects = new Set<RiskSubject>(needs.velocity.keys());
  if (needs.deviceAccountWindows.length) subjects.add("DEVICE");
  return RISK_SUBJECTS.filter((s) => subjects.has(s));
}

function withoutNulls(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
}
