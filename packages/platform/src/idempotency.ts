export * from "./idempotency/fingerprint";
export * from "./idempotency/store";
export * from "./idempotency/guard";
export * from "./idempotency/ambient";
export * from "./idempotency/payload-codec";
export * from "./idempotency/mutation-keys";
