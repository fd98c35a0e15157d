// A tenant's enabled risk rules, kept briefly (default 5 s) so the check in
// front of every claim does not read them each time. Changes made through
// this process drop the tenant's entry at once; other instances see them
// when their entry ages out.
import { toRuleDef, type RiskRuleDef } from "./risk-rules";
import type { RiskRuleRow } from "../../data/risk.repository";

export const DEFAULT_RULE_CACHE_MS = 5_000;

interface Entry {
  at: number;
  rules: Promise<RiskRuleDef[]>;
}

export class RiskRuleCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly load: (tenantId: string) => Promise<RiskRuleRow[]>,
    private readonly ttlMs = DEFAULT_RULE_CACHE_MS,
  ) {}

  rules(tenantId: string): Promise<RiskRuleDef[]> {
    const now = Date.now();
    const cached = this.entries.get(tenantId);
    if (cached && now - cached.at < this.ttlMs) return cached.rules;
    const rules = this.load(tenantId).then((rows) => rows.map(toRuleDef).filter((r): r is RiskRuleDef => r !== null));
    if (this.ttlMs > 0) this.entries.set(tenantId, { at: now, rules });
    // A failed read is not kept: the next request tries again.
    rules.catch(() => {
      if (this.entries.get(tenantId)?.rules === rules) this.entries.delete(tenantId);
    });
    if (this.entries.size > 10_000) this.entries.delete(this.entries.keys().next().value!);
    return rules;
  }

  invalidate(tenantId: string): void {
    this.entries.delete(tenantId);
  }
}
