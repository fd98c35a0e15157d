// Rows a keyed mutation's payload held, read again by id when a retry answers
// from its idempotency record (packages/platform/src/idempotency). Plain rows,
// as the services return them.
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { RefLoaders } from "@benefits-hub/platform/idempotency";

export function membershipPayloadRefs(db: PrismaClient): RefLoaders {
  const byIds = (ids: string[]) => ({ where: { id: { in: ids } } });
  return {
    Member: (ids) => db.member.findMany(byIds(ids)),
    Tenant: (ids) => db.tenant.findMany(byIds(ids)),
    OrgUnit: (ids) => db.orgUnit.findMany(byIds(ids)),
    Segment: (ids) => db.segment.findMany(byIds(ids)),
    MemberImport: (ids) => db.memberImport.findMany(byIds(ids)),
    ApiKey: (ids) => db.apiKey.findMany(byIds(ids)),
    BudgetReservation: (ids) => db.budgetReservation.findMany(byIds(ids)),
  };
}
