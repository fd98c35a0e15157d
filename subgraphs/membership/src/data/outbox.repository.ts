// Membership's transactional outbox (membership.outbox_event), through the
// platform's outbox: events are appended in the transaction of the change they
// describe and read by other services in (xid, seq) order (GET /internal/outbox).
import { appendOutboxEvents, outboxReader, type OutboxEventInput, type OutboxReader } from "@benefits-hub/platform";
import type { PrismaClient, Prisma } from "@benefits-hub/platform/db/client";

type Tx = Prisma.TransactionClient;

export const MEMBERSHIP_OUTBOX_SCHEMA = "membership";
export const MEMBERSHIP_OUTBOX_TABLE = "membership.outbox_event";

export class MembershipOutboxRepository {
  readonly readAfter: OutboxReader;

  constructor(db: PrismaClient) {
    this.readAfter = outboxReader(db, MEMBERSHIP_OUTBOX_TABLE);
  }

  /** Appends `events` inside `tx` (one INSERT): they commit or roll back with the change. */
  append(tx: Tx, events: readonly OutboxEventInput[]): Promise<string[]> {
    return appendOutboxEvents(tx, MEMBERSHIP_OUTBOX_SCHEMA, events);
  }
}
