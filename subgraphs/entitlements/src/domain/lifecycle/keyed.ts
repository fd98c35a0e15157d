// Runs a lifecycle mutation under its idempotency key (see ../idempotency.ts)
// with the payload's codec: what is stored of a result (ids and errors, never
// a secret), and how a retry turns it back into the payload as of now.
// A service that did not answer is UNAVAILABLE and leaves the key unused.
import type { Identity } from "@benefits-hub/platform";
import { UnavailableError } from "../../clients/graph.client";
import type { EntitlementRepository } from "../../data/entitlement.repository";
import type { IdempotencyGuard, Seal, StoredResult } from "../idempotency";
import { failure, unavailable, type EntitlementPayload, type LifecycleError } from "./errors";

export interface KeyedRequest {
  tenantId: string;
  actor: string;
  key: string | null | undefined;
  operation: string;
  /** The request's fields a retry must repeat. */
  request: unknown;
}

export interface ResultCodec<R> {
  store(result: R): StoredResult;
  restore(stored: StoredResult): Promise<R>;
  fail(errors: LifecycleError[]): R;
}

export async function keyed<R>(
  guard: IdempotencyGuard,
  k: KeyedRequest,
  codec: ResultCodec<R>,
  run: (seal: Seal) => Promise<R>,
): Promise<R> {
  try {
    return await guard.call({
      ...k,
      run,
      store: (r) => codec.store(r),
      restore: (s) => codec.restore(s),
      refuse: (code, message) => codec.fail([failure(code, message, "idempotencyKey")]),
    });
  } catch (error) {
    if (error instanceof UnavailableError) return codec.fail([unavailable(error.service)]);
    throw error;
  }
}

/** Who used a key: the member, or the partner's API key. */
export function actorOf(viewer: Identity): string {
  switch (viewer.kind) {
    case "member":
      return `member:${viewer.memberId}`;
    case "partner":
      return `partner:${viewer.apiKeyId}`;
    case "service":
      return `service:${viewer.service}`;
    default:
      return "anonymous";
  }
}

export const storedErrors = (stored: StoredResult): LifecycleError[] =>
  Array.isArray(stored.errors) ? (stored.errors as unknown as LifecycleError[]) : [];

export const storedId = (stored: StoredResult, field = "entitlementId"): string | null =>
  typeof stored[field] === "string" ? (stored[field] as string) : null;

/** The codec of an EntitlementPayload: the entitlement's id and the errors; a retry reads the row as it is now. */
export function entitlementCodec(entitlements: EntitlementRepository): ResultCodec<EntitlementPayload> {
  return {
    store: (r) => ({
      entitlementId: r.entitlement?.id ?? null,
      errors: r.errors as unknown as StoredResult[],
    }),
    restore: async (s) => {
      const id = storedId(s);
      return { entitlement: id ? await entitlements.findById(id) : null, errors: storedErrors(s) };
    },
    fail: (errors) => ({ entitlement: null, errors }),
  };
}
