const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids from callers are checked before they reach SQL (a malformed uuid is a database error otherwise). */
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);
