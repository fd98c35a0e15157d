// What an idempotency record keeps of each membership payload (see
// packages/platform/src/idempotency/payload-codec.ts).
import type { PayloadShape } from "@benefits-hub/platform/idempotency";

export const shapes = {
  member: { refs: { member: "Member" } },
  /** The first admin's password is never fingerprinted (see PayloadShape.secretInput). */
  tenant: { refs: { tenant: "Tenant", admin: "Member" }, secretInput: ["adminPassword"] },
  orgUnit: { refs: { orgUnit: "OrgUnit" } },
  segment: { refs: { segment: "Segment" } },
  deletedSegment: { values: ["deletedSegmentId"] },
  memberImport: { refs: { memberImport: "MemberImport" } },
  /** The key itself is shown once, in the first answer: never stored, null on a retry. */
  createdApiKey: { refs: { apiKey: "ApiKey" }, secret: ["key"] },
  apiKey: { refs: { apiKey: "ApiKey" } },
  reservation: { refs: { reservation: "BudgetReservation" } },
} satisfies Record<string, PayloadShape>;
