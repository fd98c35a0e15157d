// Rule-triggered issuance's services, built once per process: ingest (which
// issues through the issuance saga) and rule administration.
import type { Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { RulesRepository } from "../../data/rules.repository";
import { IngestService, type RuleAudience, type RuleCampaigns, type RuleIssuer } from "./ingest.service";
import { RuleEvaluator } from "./rule-evaluator";
import { RulesAdminService } from "./rules-admin.service";

export interface RulesServices {
  ingest: IngestService;
  rulesAdmin: RulesAdminService;
}

export interface RulesDeps {
  db: PrismaClient;
  log: Logger;
  audience: RuleAudience;
  campaigns: RuleCampaigns;
  issuance: RuleIssuer;
}

export function createRulesServices(d: RulesDeps): RulesServices {
  const repo = new RulesRepository(d.db);
  return {
    ingest: new IngestService(repo, new RuleEvaluator(repo), d.audience, d.campaigns, d.issuance, d.log),
    rulesAdmin: new RulesAdminService(repo),
  };
}
