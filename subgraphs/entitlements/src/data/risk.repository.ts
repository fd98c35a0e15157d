// Data access of the risk check: a tenant's enabled rules, blacklist hits,
// and the decisions it writes, counted and inserted under per-subject
// advisory locks when a rule counts history (so concurrent requests from one
// device see each other's decisions).
import { Prisma, type PrismaClient, type RiskDecision, type RiskRule } from "@benefits-hub/platform/db/client";
import type { RiskFacts, RiskSubject } from "../domain/risk/risk-rules";

export type RiskRuleRow = RiskRule;
export type RiskDecisionRow = RiskDecision;

/** Waiting for a device's lock behind a burst of its requests can take a while on a busy database. */
const LOCKED_TX = { maxWait: 60_000, timeout: 30_000 };

/** `subject = value`, in a form the (tenant, action, subject, created_at) indexes serve. */
const subjectIs = (subject: RiskSubject, value: string): Prisma.Sql =>
  subject === "MEMBER"
    ? Prisma.sql`member_id = ${value}::uuid`
    : subject === "DEVICE"
      ? Prisma.sql`device_id = ${value}`
      : Prisma.sql`ip = ${value}`;

export interface DecisionData {
  tenantId: string;
  action: string;
  facts: RiskFacts;
  campaignId: string | null;
  entitlementId: string | null;
  outcome: RiskDecisionRow["outcome"];
  firedRules: Prisma.InputJsonValue;
  request: Prisma.InputJsonValue | null;
  review: boolean;
  /** The database's clock when the decision was made under a lock; default: the insert's. */
  createdAt?: Date;
}

export class RiskRepository {
  constructor(private readonly db: PrismaClient) {}

  enabledRules(tenantId: string): Promise<RiskRuleRow[]> {
    return this.db.riskRule.findMany({ where: { tenantId, enabled: true }, orderBy: [{ createdAt: "asc" }] });
  }

  /** Which of the request's member, device and IP are on the tenant's blacklist. */
  async blacklisted(tenantId: string, facts: RiskFacts): Promise<Set<RiskSubject>> {
    const wanted: { subject: RiskSubject; value: string }[] = [{ subject: "MEMBER", value: facts.memberId }];
    if (facts.deviceId) wanted.push({ subject: "DEVICE", value: facts.deviceId });
    if (facts.ip) wanted.push({ subject: "IP", value: facts.ip });
    const hits = await this.db.riskListEntry.findMany({
      where: { tenantId, OR: wanted },
      select: { subject: true },
    });
    return new Set(hits.map((h) => h.subject as RiskSubject));
  }

  insertDecision(data: DecisionData, tx?: Prisma.TransactionClient): Promise<RiskDecisionRow> {
    return (tx ?? this.db).riskDecision.create({
      data: {
        tenantId: data.tenantId,
        action: data.action,
        memberId: data.facts.memberId,
        deviceId: data.facts.deviceId,
        ip: data.facts.ip,
        region: data.facts.region,
        campaignId: data.campaignId,
        entitlementId: data.entitlementId,
        outcome: data.outcome,
        firedRules: data.firedRules,
        request: data.request ?? Prisma.DbNull,
        reviewState: data.review ? "PENDING" : "NONE",
        ...(data.createdAt ? { createdAt: data.createdAt } : {}),
      },
    });
  }

  /**
   * Runs `fn` in a transaction holding an advisory lock per key (taken in the
   * given order, which callers keep fixed so two requests never deadlock),
   * with the database's clock read after the last lock.
   */
  withLocks<T>(keys: readonly string[], fn: (tx: Prisma.TransactionClient, now: Date) => Promise<T>): Promise<T> {
    return this.db.$transaction(async (tx) => {
      for (const key of keys) {
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))::text`;
      }
      const [clock] = await tx.$queryRaw<{ now: Date }[]>`SELECT clock_timestamp() AS now`;
      return fn(tx, clock!.now);
    }, LOCKED_TX);
  }

  /** The subject's decisions for the action after `since`, counted up to `cap` (enough to know a limit is reached). */
  async countPrior(
    tx: Prisma.TransactionClient,
    q: { tenantId: string; action: string; subject: RiskSubject; value: string; since: Date; cap: number },
  ): Promise<number> {
    const [row] = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        SELECT 1 FROM entitlements.risk_decision
        WHERE tenant_id = ${q.tenantId}::uuid AND action = ${q.action}
          AND ${subjectIs(q.subject, q.value)} AND created_at > ${q.since}
        LIMIT ${q.cap}
      ) AS recent`;
    return row?.n ?? 0;
  }

  /** Distinct members who used the device for the action after `since`, counting `memberId`. */
  async countDeviceAccounts(
    tx: Prisma.TransactionClient,
    q: { tenantId: string; action: string; deviceId: string; memberId: string; since: Date },
  ): Promise<number> {
    const [row] = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT member_id)::int AS n FROM entitlements.risk_decision
      WHERE tenant_id = ${q.tenantId}::uuid AND action = ${q.action}
        AND device_id = ${q.deviceId} AND created_at > ${q.since} AND member_id <> ${q.memberId}::uuid`;
    return (row?.n ?? 0) + 1;
  }
}
