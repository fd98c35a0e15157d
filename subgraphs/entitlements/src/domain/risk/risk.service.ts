// The risk check in front of claim, redeem and transfer: evaluates the
// tenant's rules on the request's facts and stores the decision, every time.
// Rules that count history (velocity, accounts per device) count and insert
// under a lock per (tenant, action, subject, value), so concurrent attempts
// from one device are counted exactly; without such rules it is one insert.
import type { Prisma, RiskOutcome } from "@benefits-hub/platform/db/client";
import type { RiskRepository } from "../../data/risk.repository";
import { isUuid } from "../ids";
import { regionOfIp } from "./ip-region";
import type { RiskRuleCache } from "./rule-cache";
import {
  evaluateRules,
  historyNeeds,
  lockedSubjects,
  normaliseFacts,
  normaliseIp,
  subjectValue,
  type HistoryNeeds,
  type RiskFacts,
  type RiskObservations,
  type RiskRuleDef,
  type RiskSubject,
} from "./risk-rules";

export type { RiskOutcome };
export type RiskAction = "CLAIM" | "REDEEM" | "TRANSFER";
export interface RiskRequest {
  tenantId: string;
  memberId: string;
  action: RiskAction;
  deviceId?: string | null; // from RiskContextInput.deviceId
  /** The caller's address (currentOrigin()?.ip); the region is derived from it, never taken from the client. */
  ip?: string | null;
  campaignId?: string | null;
  entitlementId?: string | null;
  /** The operation to carry out if an admin approves a REVIEW (stored in risk_decision.request). */
  request?: Record<string, unknown>;
}
export interface FiredRule {
  ruleId: string;
  name: string;
  kind: string;
  outcome: RiskOutcome;
  reason: string;
}
export interface RiskVerdict {
  decisionId: string;
  outcome: RiskOutcome;
  firedRules: FiredRule[];
}

/** A held request an admin approved, handed to the action's handler. */
export interface ApprovedDecision {
  id: string;
  tenantId: string;
  memberId: string;
  request: Record<string, unknown>;
}
/**
 * Carries out an approved held request. A handler that changes state calls
 * `complete(tx)` inside the transaction that makes the change (it marks the
 * approval's job done there, so the change happens exactly once).
 */
export type ApprovalHandler = (
  decision: ApprovedDecision,
  complete?: (tx: Prisma.TransactionClient) => Promise<void>,
) => Promise<{ ok: boolean; message?: string }>;

export class RiskService {
  private readonly handlers = new Map<RiskAction, ApprovalHandler>();

  constructor(
    private readonly repo: RiskRepository,
    private readonly cache: RiskRuleCache,
  ) {}

  /** Decides on a request and stores the decision (with its facts and fired rules), whatever the outcome. */
  async assess(req: RiskRequest): Promise<RiskVerdict> {
    if (!isUuid(req.tenantId) || !isUuid(req.memberId)) throw new Error("assess needs a tenant and a member id");
    const ip = normaliseIp(req.ip);
    const facts = normaliseFacts({ ...req, ip, region: regionOfIp(ip) });
    const rules = (await this.cache.rules(req.tenantId)).filter((r) => r.actions.includes(req.action));
    const needs = historyNeeds(rules, req.action, facts);
    const blacklisted = needs.blacklist ? await this.repo.blacklisted(req.tenantId, facts) : new Set<RiskSubject>();
    const subjects = lockedSubjects(needs);
    if (subjects.length === 0) {
      const observed: RiskObservations = { blacklisted, priorDecisions: () => 0, deviceAccounts: () => 1 };
      return this.decide(req, facts, rules, observed);
    }
    const keys = subjects.map((s) => `risk:${req.tenantId}:${req.action}:${s}:${subjectValue(facts, s)}`);
    return this.repo.withLocks(keys, async (tx, now) => {
      const observed = await this.countHistory(tx, req, facts, needs, now, blacklisted);
      return this.decide(req, facts, rules, observed, { tx, now });
    });
  }

  /** Registered by the lead: carries out an approved held request as the member, skipping the check. */
  setApprovalHandler(action: RiskAction, handler: ApprovalHandler): void {
    this.handlers.set(action, handler);
  }

  approvalHandler(action: string): ApprovalHandler | undefined {
    return this.handlers.get(action as RiskAction);
  }

  private async countHistory(
    tx: Prisma.TransactionClient,
    req: RiskRequest,
    facts: RiskFacts,
    needs: HistoryNeeds,
    now: Date,
    blacklisted: ReadonlySet<RiskSubject>,
  ): Promise<RiskObservations> {
    const since = (seconds: number) => new Date(now.getTime() - seconds * 1000);
    const prior = new Map<string, number>();
    for (const [subject, { windowSeconds, cap }] of needs.velocity) {
      const value = subjectValue(facts, subject)!;
      for (const w of windowSeconds) {
        const q = { tenantId: req.tenantId, action: req.action, subject, value, since: since(w), cap };
        prior.set(`${subject}:${w}`, await this.repo.countPrior(tx, q));
      }
    }
    const accounts = new Map<number, number>();
    for (const w of needs.deviceAccountWindows) {
      const q = { tenantId: req.tenantId, action: req.action, deviceId: facts.deviceId!, memberId: facts.memberId };
      accounts.set(w, await this.repo.countDeviceAccounts(tx, { ...q, since: since(w) }));
    }
    return {
      blacklisted,
      priorDecisions: (subject, w) => prior.get(`${subject}:${w}`) ?? 0,
      deviceAccounts: (w) => accounts.get(w) ?? 1,
    };
  }

  private async decide(
    req: RiskRequest,
    facts: RiskFacts,
    rules: RiskRuleDef[],
    observed: RiskObservations,
    locked?: { tx: Prisma.TransactionClient; now: Date },
  ): Promise<RiskVerdict> {
    const { outcome, fired } = evaluateRules(rules, req.action, facts, observed);
    const review = outcome === "REVIEW";
    const data = {
      tenantId: req.tenantId,
      action: req.action,
      facts,
      campaignId: req.campaignId && isUuid(req.campaignId) ? req.campaignId : null,
      entitlementId: req.entitlementId && isUuid(req.entitlementId) ? req.entitlementId : null,
      outcome,
      firedRules: fired as unknown as Prisma.InputJsonValue,
      request: review ? ((req.request ?? {}) as Prisma.InputJsonValue) : null,
      review,
      ...(locked ? { createdAt: locked.now } : {}),
    };
    const row = await this.repo.insertDecision(data, locked?.tx);
    return { decisionId: row.id, outcome, firedRules: fired };
  }
}
