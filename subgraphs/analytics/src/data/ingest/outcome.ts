// What a folded batch changed, for the live messages sent after it commits.
import type { RemoteEvent } from "../../consumers/outbox-client";
import { NO_ID } from "./sql";

export interface RedemptionCount {
  tenantId: string;
  benefitId: string;
  redeemedCount: number;
  updatedAt: Date;
}

export interface FoldOutcome {
  /** Per tenant: the event types folded and the org units they concern. */
  touched: Map<string, { kinds: Set<string>; orgUnitIds: Set<string> }>;
  /** Redemption counters after the batch (entitlements only). */
  redemptions: RedemptionCount[];
}

export const emptyOutcome = (): FoldOutcome => ({ touched: new Map(), redemptions: [] });

export function touch(outcome: FoldOutcome, event: RemoteEvent, ...orgUnitIds: (string | null | undefined)[]): void {
  if (!event.tenantId) return;
  let entry = outcome.touched.get(event.tenantId);
  if (!entry) outcome.touched.set(event.tenantId, (entry = { kinds: new Set(), orgUnitIds: new Set() }));
  entry.kinds.add(event.type);
  for (const id of orgUnitIds) if (id && id !== NO_ID) entry.orgUnitIds.add(id);
}
