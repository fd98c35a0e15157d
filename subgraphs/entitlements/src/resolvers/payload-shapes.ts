// What an idempotency record keeps of each payload of the mutations keyed at
// the resolver (see packages/platform/src/idempotency/payload-codec.ts). The
// lifecycle's mutations (claim, accept, redeem, transfer, reveal, top-up,
// revoke, packs) key themselves inside their transactions (domain/lifecycle/keyed.ts).
import type { PayloadShape } from "@benefits-hub/platform/idempotency";

export const shapes = {
  campaign: { refs: { campaign: "Campaign" } },
  riskRule: { refs: { rule: "RiskRule" } },
  deletedRiskRule: { values: ["deletedId"] },
  riskListEntry: { refs: { entry: "RiskListEntry" } },
  removedRiskListEntry: { values: ["removedId"] },
  review: {
    refs: { decision: "RiskDecision" },
    values: ["executed", "message"],
    refusal: { executed: false },
  },
  ingest: {
    refs: { issued: "Entitlement" },
    values: ["accepted", "duplicate", "failures"],
    refusal: { accepted: false, duplicate: false, issued: [], failures: [] },
  },
  issuanceRule: { refs: { rule: "IssuanceRule" } },
} satisfies Record<string, PayloadShape>;
