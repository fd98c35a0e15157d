// Where a request came from (the caller's IP and user agent, as the gateway
// saw them), available to everything a request does, e.g. the audit trail.
import { AsyncLocalStorage } from "node:async_hooks";

export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
}

const storage = new AsyncLocalStorage<RequestOrigin>();

export const runWithOrigin = <T>(origin: RequestOrigin, fn: () => T): T => storage.run(origin, fn);
export const currentOrigin = (): RequestOrigin | undefined => storage.getStore();

/** Keeps only well-formed, bounded values from an untrusted claim. */
export function parseOrigin(value: unknown): RequestOrigin {
  const v = (value ?? {}) as Record<string, unknown>;
  return {
    ...(typeof v.ip === "string" ? { ip: v.ip.slice(0, 64) } : {}),
    ...(typeof v.userAgent === "string" ? { userAgent: v.userAgent.slice(0, 256) } : {}),
  };
}
