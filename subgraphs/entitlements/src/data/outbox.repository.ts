// Reads the entitlement outbox (entitlements.entitlement_event) for consumers
// in (xid, seq) order, through the platform's outbox reader: only events of
// transactions older than every running one are returned, so a consumer that
// checkpoints the last (xid, seq) it saw can never skip an event that commits
// later with a smaller seq. Each event also carries its entitlementId.
import { outboxReader, type OutboxEvent, type OutboxPosition, type OutboxReader } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";

export type { OutboxPosition };

export interface EntitlementOutboxEvent extends OutboxEvent {
  tenantId: string;
  entitlementId: string;
}

export class OutboxRepository {
  private readonly reader: OutboxReader;

  constructor(db: PrismaClient) {
    this.reader = outboxReader(db, "entitlements.entitlement_event", { columns: { entitlementId: "entitlement_id" } });
  }

  readAfter = (after: OutboxPosition, limit: number): Promise<EntitlementOutboxEvent[]> =>
    this.reader(after, limit) as Promise<EntitlementOutboxEvent[]>;
}
