// The cockpit's live topics. After each committed batch the consumers publish
// one CockpitChange per tenant the batch touched, through `publishCockpitChange`:
// on the tenant's own topic (tenant admins and unit managers listen there, so
// no subscriber ever hears another tenant's) and on the platform topic
// (platform operators, who see every tenant).
import type { HubPubSub } from "@benefits-hub/platform";

/** One tenant's changes: tenant admins and unit managers of that tenant listen here. */
export const cockpitTopic = (tenantId: string) => `analytics.cockpit.${tenantId}`;

/** Every tenant's changes (the same messages again): platform operators listen here. */
export const COCKPIT_PLATFORM_TOPIC = "analytics.cockpit.*";

export interface CockpitChange {
  tenantId: string;
  /** When the batch was applied (ISO 8601). */
  at: string;
  /** The event types the batch applied for this tenant, such as entitlement.redeemed (distinct). */
  kinds: string[];
  /**
   * The org units the batch's events belong to (the member's unit, or a budget's unit; distinct).
   * Unit managers hear a change only when one of these lies in their subtree.
   */
  orgUnitIds: string[];
}

/** Publishes one tenant's change on its tenant topic and on the platform topic. */
export async function publishCockpitChange(pubsub: HubPubSub, change: CockpitChange): Promise<void> {
  await pubsub.publish(cockpitTopic(change.tenantId), change);
  await pubsub.publish(COCKPIT_PLATFORM_TOPIC, change);
}
