// Data access of rule-triggered issuance: ingested events (once per tenant and
// event id), the tenant's issuance rules, and their audit entries. Every read
// and write is scoped to the tenant, so another tenant's row is never found.
import type { MemberIdentity } from "@benefits-hub/platform";
import type {
  Campaign,
  CampaignChannel,
  CampaignState,
  IngestedEvent,
  IssuanceRule,
  IssuanceTrigger,
  Prisma,
  PrismaClient,
} from "@benefits-hub/platform/db/client";
import type { DayRun } from "../domain/rules/streak";
import { recordAudit } from "./audit.repository";
import type { Tx } from "./event.repository";

export type IngestedEventRow = IngestedEvent;
export type IssuanceRuleRow = IssuanceRule;

export interface NewIngestedEvent {
  tenantId: string;
  eventId: string;
  memberId: string;
  type: string;
  occurredAt: Date;
  data: Prisma.InputJsonObject;
}

export interface NewIssuanceRule {
  tenantId: string;
  name: string;
  eventType: string;
  trigger: IssuanceTrigger;
  streakDays: number | null;
  campaignId: string;
}

export interface RuleCampaign {
  id: string;
  channel: CampaignChannel;
  state: CampaignState;
}

export class RulesRepository {
  constructor(private readonly db: PrismaClient) {}

  /**
   * Records the event unless the tenant already has one with its event id
   * (ON CONFLICT DO NOTHING, so concurrent duplicates insert exactly once).
   * Answers the stored event and whether this call inserted it.
   */
  async insertEvent(e: NewIngestedEvent): Promise<{ inserted: boolean; event: IngestedEventRow }> {
    const rows = await this.db.ingestedEvent.createManyAndReturn({
      data: [
        {
          tenantId: e.tenantId,
          eventId: e.eventId,
          memberId: e.memberId,
          type: e.type,
          occurredAt: e.occurredAt,
          data: e.data,
        },
      ],
      skipDuplicates: true,
    });
    if (rows[0]) return { inserted: true, event: rows[0] };
    const existing = await this.db.ingestedEvent.findUniqueOrThrow({
      where: { tenantId_eventId: { tenantId: e.tenantId, eventId: e.eventId } },
    });
    return { inserted: false, event: existing };
  }

  /** Whether the member has an event of the type before this one, by (occurredAt, eventId). */
  async hasEarlierEvent(e: IngestedEventRow): Promise<boolean> {
    const earlier = await this.db.ingestedEvent.findFirst({
      where: {
        tenantId: e.tenantId,
        memberId: e.memberId,
        type: e.type,
        OR: [{ occurredAt: { lt: e.occurredAt } }, { occurredAt: e.occurredAt, eventId: { lt: e.eventId } }],
      },
      select: { id: true },
    });
    return earlier !== null;
  }

  /**
   * The run of consecutive days (gaps and islands over the member's distinct
   * event days of the type) that contains `day`; null if the member has no
   * event that day.
   */
  async dayRunAround(e: IngestedEventRow, day: string): Promise<DayRun | null> {
    const rows = await this.db.$queryRaw<{ start: string | null; end: string | null }[]>`
      WITH days AS (
        -- the day in Asia/Shanghai (UTC+8, no daylight saving) as a fixed offset: no time-zone database needed
        SELECT DISTINCT ((occurred_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS day
        FROM entitlements.ingested_event
        WHERE tenant_id = ${e.tenantId}::uuid AND member_id = ${e.memberId}::uuid AND type = ${e.type}
      ), islands AS (
        SELECT day, day - (row_number() OVER (ORDER BY day))::int AS grp FROM days
      )
      SELECT to_char(min(day), 'YYYY-MM-DD') AS start, to_char(max(day), 'YYYY-MM-DD') AS "end"
      FROM islands WHERE grp = (SELECT grp FROM islands WHERE day = ${day}::date)`;
    const row = rows[0];
    return row?.start && row.end ? { start: row.start, end: row.end } : null;
  }

  /** Which of these issuance keys the tenant has, other than failed ones. */
  async liveIssuanceKeys(tenantId: string, keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db.issuance.findMany({
      where: { tenantId, idempotencyKey: { in: [...keys] }, state: { not: "FAILED" } },
      select: { idempotencyKey: true },
    });
    return new Set(rows.map((r) => r.idempotencyKey));
  }

  enabledRulesFor(tenantId: string, eventType: string): Promise<IssuanceRuleRow[]> {
    return this.db.issuanceRule.findMany({
      where: { tenantId, eventType, enabled: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
  }

  listRules(tenantId: string): Promise<IssuanceRuleRow[]> {
    return this.db.issuanceRule.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: 500,
    });
  }

  /** The member's events, newest first. */
  listEvents(tenantId: string, memberId: string, take: number): Promise<IngestedEventRow[]> {
    return this.db.ingestedEvent.findMany({
      where: { tenantId, memberId },
      orderBy: [{ occurredAt: "desc" }, { eventId: "desc" }],
      take,
    });
  }

  campaignsByIds(ids: readonly string[]): Promise<Campaign[]> {
    return this.db.campaign.findMany({ where: { id: { in: [...ids] } } });
  }

  campaignOf(tenantId: string, campaignId: string): Promise<RuleCampaign | null> {
    return this.db.campaign.findFirst({
      where: { id: campaignId, tenantId },
      select: { id: true, channel: true, state: true },
    });
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.$transaction(fn);
  }

  createRule(tx: Tx, rule: NewIssuanceRule): Promise<IssuanceRuleRow> {
    return tx.issuanceRule.create({ data: rule });
  }

  /** Sets `enabled`; null when the tenant has no such rule. */
  async setEnabled(tx: Tx, tenantId: string, id: string, enabled: boolean): Promise<IssuanceRuleRow | null> {
    const rows = await tx.issuanceRule.updateManyAndReturn({ where: { id, tenantId }, data: { enabled } });
    return rows[0] ?? null;
  }

  /** An audit entry in the change's transaction (with the caller's address and user agent). */
  audit(
    tx: Tx,
    actor: MemberIdentity,
    entry: { action: string; targetId: string; details: Prisma.InputJsonObject },
  ): Promise<void> {
    return recordAudit(tx, actor, { ...entry, targetType: "issuance_rule" });
  }
}
