// Idempotency keys for entitlements' state-changing mutations (other than
// issuances, which are idempotent through their own rows): the hub's shared
// guard (packages/platform/src/idempotency/guard.ts) over
// entitlements.idempotency_record, with the lifecycle's types. See docs/entitlements.md.
//
// The lifecycle seals the record DONE with its result inside the transaction
// that makes the change (`seal`), so the change and the stored result commit
// together. Keys are scoped to (tenant, actor, operation).
import {
  IdempotencyGuard as SharedGuard,
  IdempotencyStore,
  type GuardOptions,
  type RefusalCode,
} from "@benefits-hub/platform/idempotency";
import type { Prisma, PrismaClient } from "@benefits-hub/platform/db/client";
import type { Tx } from "../data/event.repository";

export { MAX_KEY_LENGTH, KeyLostError, requestHash } from "@benefits-hub/platform/idempotency";

export type StoredResult = Prisma.InputJsonObject;
/** Seals the key with the result inside the operation's transaction; throws (rolling it back) if it lost the key. */
export type Seal = (tx: Tx, result: StoredResult) => Promise<void>;

export interface IdempotentCall<R> {
  tenantId: string;
  actor: string;
  key: string | null | undefined;
  operation: string;
  /** The request's fields that must match on a retry. */
  request: unknown;
  run: (seal: Seal) => Promise<R>;
  /** What is stored of a result, and how a retry turns it back into one. */
  store: (result: R) => StoredResult;
  restore: (stored: StoredResult) => Promise<R>;
  /** The payload for IDEMPOTENCY_CONFLICT or IN_PROGRESS. */
  refuse: (code: RefusalCode, message: string) => R;
}

export class IdempotencyGuard {
  private readonly guard: SharedGuard;

  constructor(db: PrismaClient, options: GuardOptions = {}) {
    this.guard = new SharedGuard(new IdempotencyStore(db, "entitlements"), options);
  }

  call<R>(c: IdempotentCall<R>): Promise<R> {
    return this.guard.call<R, Tx>({ ...c, restore: (stored) => c.restore(stored as StoredResult) });
  }
}
