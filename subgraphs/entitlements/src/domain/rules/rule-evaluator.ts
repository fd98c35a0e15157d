// Which awards an event earns under a rule: the issuance keys to issue under.
// FIRST_EVENT: the member's earliest event of the type (by occurredAt, then
// eventId) earns the rule's one award per member. STREAK n: a run of
// consecutive event days is cut into n-day blocks from its first day, and an
// event earns the award of the block its day is in, once that block is complete.
import type { IngestedEventRow, IssuanceRuleRow, RulesRepository } from "../../data/rules.repository";
import { firstEventKey, streakKey } from "./rule-keys";
import { completedBlockEnd, overlappingEnds, streakDay } from "./streak";

export class RuleEvaluator {
  constructor(private readonly repo: RulesRepository) {}

  async keysFor(rule: IssuanceRuleRow, event: IngestedEventRow): Promise<string[]> {
    if (rule.trigger === "FIRST_EVENT") {
      return (await this.repo.hasEarlierEvent(event)) ? [] : [firstEventKey(rule.id, event.memberId)];
    }
    const n = rule.streakDays ?? 0;
    if (n < 1) return [];
    const day = streakDay(event.occurredAt);
    const run = await this.repo.dayRunAround(event, day);
    if (!run) return [];
    const end = completedBlockEnd(run, n, day);
    if (!end) return [];
    // A block overlapping one already rewarded (two runs joined by a late event) is not rewarded again.
    // Its own key is not among the others, so a retry of the event re-issues idempotently.
    const others = overlappingEnds(end, n).map((d) => streakKey(rule.id, event.memberId, d));
    if ((await this.repo.liveIssuanceKeys(event.tenantId, others)).size > 0) return [];
    return [streakKey(rule.id, event.memberId, end)];
  }
}
