// GET /internal/outbox?afterXid=&afterSeq=&limit= : the entitlement outbox for
// other services of the hub (service identities only), in (xid, seq) order;
// the platform's outbox route over this subgraph's reader.
import { outboxRoute as platformOutboxRoute } from "@benefits-hub/platform";
import type { OutboxRepository } from "./data/outbox.repository";

export function outboxRoute(outbox: OutboxRepository) {
  return platformOutboxRoute(outbox.readAfter);
}
