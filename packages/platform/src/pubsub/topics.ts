// Pub/sub topics shared between services, named once.

/** Entitlements committed outbox events: consumers should read now rather than at their next poll. */
export const ENTITLEMENTS_OUTBOX_TOPIC = "outbox.entitlements";

/** Membership revoked an API key ({ apiKeyId }): caches of verified keys drop it. */
export const API_KEY_REVOKED_TOPIC = "membership.api-key-revoked";
