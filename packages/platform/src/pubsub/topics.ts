// Pub/sub topics shared between services, named once.

/** Entitlements committed outbox events: consumers should read now rather than at their next poll. */
export const ENTITLEMENTS_OUTBOX_TOPIC = "outbox.entitlements";

/** Membership committed outbox events (budget ledger, org units): consumers should read now. */
export const MEMBERSHIP_OUTBOX_TOPIC = "outbox.membership";

/** Catalog committed outbox events (supplier orders, statements): consumers should read now. */
export const CATALOG_OUTBOX_TOPIC = "outbox.catalog";

/** Membership revoked an API key ({ apiKeyId }): caches of verified keys drop it. */
export const API_KEY_REVOKED_TOPIC = "membership.api-key-revoked";

/** A SKU's stock fell below its threshold or was restocked ({ kind: "OPENED" | "CLOSED", alertId, skuId, stock, threshold, at }). */
export const CATALOG_LOW_STOCK_TOPIC = "catalog.low-stock";

/** Membership ended a login session ({ sessionId }: the refresh-token family, an access token's `sid`): logout or a reused refresh token. */
export const SESSION_REVOKED_TOPIC = "membership.session-revoked";
