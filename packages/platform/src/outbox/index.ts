export * from "./outbox";
export * from "./route";
