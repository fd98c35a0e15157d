// The three outboxes analytics folds, each with its checkpoint, wake-up topic
// and fold.
import { CATALOG_OUTBOX_TOPIC, ENTITLEMENTS_OUTBOX_TOPIC, MEMBERSHIP_OUTBOX_TOPIC } from "@benefits-hub/platform";
import { foldCatalogEvents } from "../data/ingest/catalog.fold";
import { foldEntitlementEvents } from "../data/ingest/entitlements.fold";
import { foldMembershipEvents } from "../data/ingest/membership.fold";
import type { FoldOutcome } from "../data/ingest/outcome";
import type { Sql } from "../data/ingest/sql";
import type { RemoteEvent } from "./outbox-client";

export type SourceName = "entitlements" | "membership" | "catalog";

export interface Source {
  name: SourceName;
  /** The consumer_checkpoint row. */
  consumer: string;
  /** Published by the source after it commits outbox events. */
  topic: string;
  /** Folds a batch (in outbox order) into the tables of `schema`. */
  fold(sql: Sql, schema: string, events: readonly RemoteEvent[]): Promise<FoldOutcome>;
}

export const SOURCES: Record<SourceName, Source> = {
  entitlements: {
    name: "entitlements",
    consumer: "analytics.entitlements",
    topic: ENTITLEMENTS_OUTBOX_TOPIC,
    fold: foldEntitlementEvents,
  },
  membership: {
    name: "membership",
    consumer: "analytics.membership",
    topic: MEMBERSHIP_OUTBOX_TOPIC,
    fold: foldMembershipEvents,
  },
  catalog: { name: "catalog", consumer: "analytics.catalog", topic: CATALOG_OUTBOX_TOPIC, fold: foldCatalogEvents },
};

export const SOURCE_NAMES = Object.keys(SOURCES) as SourceName[];
