// Rows a keyed mutation's payload held, read again by id when a retry answers
// from its idempotency record (packages/platform/src/idempotency). Plain rows,
// as the services return them (a campaign with its items).
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { RefLoaders } from "@benefits-hub/platform/idempotency";

export function entitlementsPayloadRefs(db: PrismaClient): RefLoaders {
  const byIds = (ids: string[]) => ({ where: { id: { in: ids } } });
  return {
    Campaign: (ids) => db.campaign.findMany({ ...byIds(ids), include: { items: { orderBy: { position: "asc" } } } }),
    Entitlement: (ids) => db.entitlement.findMany(byIds(ids)),
    RiskRule: (ids) => db.riskRule.findMany(byIds(ids)),
    RiskListEntry: (ids) => db.riskListEntry.findMany(byIds(ids)),
    RiskDecision: (ids) => db.riskDecision.findMany(byIds(ids)),
    IssuanceRule: (ids) => db.issuanceRule.findMany(byIds(ids)),
  };
}
