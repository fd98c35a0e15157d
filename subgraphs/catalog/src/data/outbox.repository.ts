// The catalog's transactional outbox (catalog.outbox_event): events are
// appended in the caller's transaction through the platform's outbox module,
// and served to other services by GET /internal/outbox in (xid, seq) order.
import { appendOutboxEvents, outboxReader, type OutboxEventInput, type OutboxReader } from "@benefits-hub/platform";
import type { Prisma, PrismaClient } from "@benefits-hub/platform/db/client";

export const CATALOG_OUTBOX_TABLE = "catalog.outbox_event";

/** Events per INSERT: five parameters each, well under PostgreSQL's 65,535. */
const CHUNK = 1_000;

/** Appends the events inside `tx` (they commit or roll back with the change they describe). */
export async function appendCatalogEvents(
  tx: Prisma.TransactionClient,
  events: readonly OutboxEventInput[],
): Promise<void> {
  for (let i = 0; i < events.length; i += CHUNK) {
    await appendOutboxEvents(tx, "catalog", events.slice(i, i + CHUNK));
  }
}

/** What GET /internal/outbox serves. */
export function catalogOutboxReader(db: PrismaClient): OutboxReader {
  return outboxReader(db, CATALOG_OUTBOX_TABLE);
}
