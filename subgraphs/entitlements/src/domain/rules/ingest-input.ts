// What an ingested event must look like, checked before anything is stored.
// Pure: the tenant and the member's existence are checked by the service.
import { z } from "zod";
import type { Prisma } from "@benefits-hub/platform/db/client";
import { ruleError, type RuleError } from "./rule-errors";

export interface IngestEventInput {
  eventId: string;
  memberId: string;
  type: string;
  occurredAt: string;
  data?: Record<string, unknown> | null;
  /** Services name the tenant; partners send for their key's tenant. */
  tenantId?: string | null;
}

export interface ValidEvent {
  eventId: string;
  memberId: string;
  type: string;
  occurredAt: Date;
  data: Prisma.InputJsonObject;
}

export const EVENT_TYPE = /^[A-Za-z0-9_.:-]{1,64}$/;
/** How far in the future an event may claim to have happened (clock skew). */
export const MAX_FUTURE_MS = 5 * 60_000;
export const MAX_DATA_BYTES = 4096;

const schema = z.object({
  eventId: z
    .string()
    .min(1, "eventId is empty")
    .max(200, "eventId is at most 200 characters")
    .regex(/^[\x21-\x7e]+$/, "eventId is printable ASCII without spaces"),
  memberId: z.string().uuid("memberId is not a member id"),
  type: z.string().regex(EVENT_TYPE, "type is 1 to 64 letters, digits, _ . : or -"),
  occurredAt: z.string().datetime({ offset: true, message: "occurredAt is an ISO 8601 date-time with an offset" }),
});

/** The event, or the first problem with it (field named). */
export function validateEvent(input: IngestEventInput, now = new Date()): ValidEvent | RuleError {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return ruleError("INVALID_INPUT", issue.message, issue.path.join(".") || "input");
  }
  const occurredAt = new Date(parsed.data.occurredAt);
  if (occurredAt.getTime() > now.getTime() + MAX_FUTURE_MS) {
    return ruleError("INVALID_INPUT", "occurredAt is in the future", "occurredAt");
  }
  const data = input.data ?? {};
  if (Buffer.byteLength(JSON.stringify(data)) > MAX_DATA_BYTES) {
    return ruleError("INVALID_INPUT", `data is at most ${MAX_DATA_BYTES} bytes of JSON`, "data");
  }
  return {
    ...parsed.data,
    memberId: parsed.data.memberId.toLowerCase(),
    occurredAt,
    data: data as Prisma.InputJsonObject,
  };
}
