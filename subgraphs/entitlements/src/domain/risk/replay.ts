// Replays a candidate rule over stored decisions in time order, to see what
// it would have caught. Velocity and accounts-per-device windows are computed
// over the history itself (decisions up to one window before `since` warm
// them up); blacklists are today's. The rule is evaluated by the same pure
// code as the live check.
import type { Identity } from "@benefits-hub/platform";
import type { RiskOutcome, RiskRuleKind } from "@benefits-hub/platform/db/client";
import type { HistoryRow, RiskDecisionRepository } from "../../data/risk-decision.repository";
import type { RiskDecisionRow } from "../../data/risk.repository";
import type { RiskRuleConfigInput } from "./risk-admin.service";
import { asAdmin } from "./risk-admin.service";
import { riskError, type RiskError } from "./risk-errors";
import {
  isRiskAction,
  parseRuleConfig,
  ruleReason,
  stricter,
  subjectValue,
  RISK_SUBJECTS,
  type RiskActionName,
  type RiskFacts,
  type RiskObservations,
  type RiskRuleDef,
  type RiskSubject,
} from "./risk-rules";

export const MAX_REPLAY = 100_000;
const DEFAULT_REPLAY = 10_000;
const SAMPLE = 20;
const BATCH = 5_000;
const DAY_MS = 24 * 3600 * 1000;

export interface ReplayRiskRuleInput {
  rule: { kind: RiskRuleKind; config?: RiskRuleConfigInput | null; outcome: RiskOutcome; actions: string[] };
  since?: string | null;
  until?: string | null;
  limit?: number | null;
}

export interface ReplayResult {
  evaluated: number;
  wouldFire: number;
  /** Fired where the decision was ALLOW. */
  wouldFireAllowed: number;
  /** Fired with an outcome stricter than the decision's. */
  wouldTighten: number;
  /** The limit stopped the replay before `until`. */
  truncated: boolean;
  since: Date;
  until: Date;
  sampleIds: string[];
}

/** One candidate rule walking the history: `step` each decision in time order. */
export class ReplayEngine {
  private readonly times = new Map<string, number[]>();
  private readonly devices = new Map<string, Map<string, number>>();

  constructor(
    private readonly rule: RiskRuleDef,
    private readonly blacklist: ReadonlyMap<RiskSubject, ReadonlySet<string>> = new Map(),
  ) {}

  /** The longest look-back of the rule, in ms. */
  static windowMs(rule: RiskRuleDef): number {
    if (rule.kind === "VELOCITY" || rule.kind === "DEVICE_ACCOUNTS") return rule.config.windowSeconds * 1000;
    return 0;
  }

  /** Evaluates the decision against what came before it (unless `warmUpOnly`), then adds it to the history. */
  step(row: HistoryRow, warmUpOnly = false): string | null {
    const facts: RiskFacts = { memberId: row.memberId, deviceId: row.deviceId, ip: row.ip, region: row.region };
    const at = row.createdAt.getTime();
    const reason = warmUpOnly ? null : ruleReason(this.rule, facts, this.observe(row.action, facts, at));
    this.remember(row.action, facts, at);
    return reason;
  }

  private observe(action: string, facts: RiskFacts, at: number): RiskObservations {
    const blacklisted = new Set(RISK_SUBJECTS.filter((s) => this.listed(s, subjectValue(facts, s))));
    return {
      blacklisted,
      priorDecisions: (subject, windowSeconds) => {
        const list = this.times.get(`${action}|${subject}|${subjectValue(facts, subject)}`) ?? [];
        const from = at - windowSeconds * 1000;
        let drop = 0;
        while (drop < list.length && list[drop]! <= from) drop++;
        list.splice(0, drop);
        return list.length;
      },
      deviceAccounts: (windowSeconds) => {
        const members = this.devices.get(`${action}|${facts.deviceId}`) ?? new Map<string, number>();
        const from = at - windowSeconds * 1000;
        for (const [member, last] of members) if (last <= from) members.delete(member);
        return members.size + (members.has(facts.memberId) ? 0 : 1);
      },
    };
  }

  private remember(action: string, facts: RiskFacts, at: number) {
    const rule = this.rule;
    if (rule.kind === "VELOCITY") {
      const value = subjectValue(facts, rule.config.subject);
      if (value === null) return;
      const key = `${action}|${rule.config.subject}|${value}`;
      const list = this.times.get(key) ?? [];
      list.push(at);
      this.times.set(key, list);
    }
    if (rule.kind === "DEVICE_ACCOUNTS" && facts.deviceId !== null) {
      const key = `${action}|${facts.deviceId}`;
      const members = this.devices.get(key) ?? new Map<string, number>();
      members.set(facts.memberId, at);
      this.devices.set(key, members);
    }
  }

  private listed(subject: RiskSubject, value: string | null) {
    return value !== null && (this.blacklist.get(subject)?.has(value) ?? false);
  }
}

export class RiskReplayService {
  constructor(private readonly decisions: RiskDecisionRepository) {}

  async replay(
    viewer: Identity,
    input: ReplayRiskRuleInput,
  ): Promise<{ replay: (ReplayResult & { sample: RiskDecisionRow[] }) | null; errors: RiskError[] }> {
    const admin = asAdmin(viewer);
    if (!admin) return { replay: null, errors: [riskError("NOT_FOUND", "no such tenant")] };
    const checked = checkInput(input);
    if ("error" in checked) return { replay: null, errors: [checked.error] };
    const { rule, since, until, limit } = checked;
    const blacklist = rule.kind === "BLACKLIST" ? await this.loadBlacklist(admin.tenantId) : new Map();
    const engine = new ReplayEngine(rule, blacklist);
    const result: ReplayResult = {
      evaluated: 0,
      wouldFire: 0,
      wouldFireAllowed: 0,
      wouldTighten: 0,
      truncated: false,
      since,
      until,
      sampleIds: [],
    };
    const from = new Date(since.getTime() - ReplayEngine.windowMs(rule));
    let after: HistoryRow | null = null;
    walk: for (;;) {
      const q = { actions: [...rule.actions], from, until, after, take: BATCH };
      const batch = await this.decisions.history(admin.tenantId, q);
      for (const row of batch) {
        const warmUp = row.createdAt < since;
        if (!warmUp && result.evaluated >= limit) {
          result.truncated = true;
          break walk;
        }
        const reason = engine.step(row, warmUp);
        if (warmUp) continue;
        result.evaluated++;
        if (reason === null) continue;
        result.wouldFire++;
        if (row.outcome === "ALLOW") result.wouldFireAllowed++;
        if (stricter(row.outcome, rule.outcome) !== row.outcome) result.wouldTighten++;
        if (result.sampleIds.length < SAMPLE) result.sampleIds.push(row.id);
      }
      if (batch.length < BATCH) break;
      after = batch.at(-1)!;
    }
    const rows = await this.decisions.findMany(admin.tenantId, result.sampleIds);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const sample = result.sampleIds.map((id) => byId.get(id)).filter((r): r is RiskDecisionRow => r !== undefined);
    return { replay: { ...result, sample }, errors: [] };
  }

  private async loadBlacklist(tenantId: string): Promise<Map<RiskSubject, Set<string>>> {
    const lists = new Map<RiskSubject, Set<string>>(RISK_SUBJECTS.map((s) => [s, new Set<string>()]));
    for (const entry of await this.decisions.blacklist(tenantId))
      lists.get(entry.subject as RiskSubject)?.add(entry.value);
    return lists;
  }
}

function checkInput(
  input: ReplayRiskRuleInput,
): { rule: RiskRuleDef; since: Date; until: Date; limit: number } | { error: RiskError } {
  const actions = [...new Set(input.rule.actions)];
  if (actions.length === 0 || !actions.every(isRiskAction)) {
    return { error: riskError("INVALID_INPUT", "actions are one or more of CLAIM, REDEEM, TRANSFER", "rule.actions") };
  }
  const config = parseRuleConfig(input.rule.kind, input.rule.config);
  if (!config.ok) return { error: riskError("INVALID_INPUT", config.message, "rule.config") };
  const until = input.until ? new Date(input.until) : new Date();
  const since = input.since ? new Date(input.since) : new Date(until.getTime() - 7 * DAY_MS);
  if (Number.isNaN(until.getTime()))
    return { error: riskError("INVALID_INPUT", "until must be an ISO date-time", "until") };
  if (Number.isNaN(since.getTime()))
    return { error: riskError("INVALID_INPUT", "since must be an ISO date-time", "since") };
  if (since >= until) return { error: riskError("INVALID_INPUT", "since must be before until", "since") };
  const limit = input.limit ?? DEFAULT_REPLAY;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REPLAY) {
    return { error: riskError("INVALID_INPUT", `limit is 1 to ${MAX_REPLAY}`, "limit") };
  }
  const rule = {
    id: "",
    name: "candidate",
    kind: input.rule.kind,
    actions: actions as RiskActionName[],
    outcome: input.rule.outcome,
    config: config.config,
  } as RiskRuleDef;
  return { rule, since, until, limit };
}
