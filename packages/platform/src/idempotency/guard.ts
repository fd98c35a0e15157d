// Idempotency keys for state-changing mutations, one mechanism for every
// subgraph (the table is per domain schema: store.ts).
//
// The first request with a key records it IN_PROGRESS with a lease and runs.
// Its change and the record commit together: either the operation seals the
// record DONE with its result in its own transaction (`seal`), or the hub's
// Prisma client marks it APPLIED at the end of the first transaction the
// request opens (ambient.ts) and the result is stored right after. A retry
// returns the stored result; one arriving while the first runs waits for it;
// one arriving after a crashed attempt's lease ran out runs again if the
// crashed attempt committed nothing. The same key with a different request is
// a conflict. Keys are scoped to (tenant, actor, operation).
import type { IdempotencyId, IdempotencyStore, SqlClient } from "./store";
import { requestHash } from "./fingerprint";
import { KeyLostError, runInKeyedScope, type KeyedScope } from "./ambient";

export type StoredResult = { [key: string]: unknown };
/** Seals the key with the result inside the operation's transaction; throws (rolling it back) if it lost the key. */
export type Seal<Tx = SqlClient> = (tx: Tx, result: StoredResult) => Promise<void>;
export type RefusalCode = "IDEMPOTENCY_CONFLICT" | "IN_PROGRESS";

export interface IdempotentCall<R, Tx = SqlClient> {
  tenantId: string;
  actor: string;
  key: string | null | undefined;
  operation: string;
  /** The request's fields that must match on a retry. */
  request: unknown;
  run: (seal: Seal<Tx>) => Promise<R>;
  /** What is stored of a result, and how a retry turns it back into one. */
  store: (result: R) => StoredResult;
  restore: (stored: StoredResult) => Promise<R>;
  /** The payload for IDEMPOTENCY_CONFLICT or IN_PROGRESS. */
  refuse: (code: RefusalCode, message: string) => R;
  /** Mark the record in the first transaction the request opens (for operations that do not call `seal`). */
  ambient?: boolean;
}

export interface GuardOptions {
  /** How long an attempt holds its key before a retry may presume it dead. */
  leaseMs?: number;
  /** How long a retry waits for a running first attempt before answering IN_PROGRESS. */
  waitMs?: number;
  pollMs?: number;
}

export const MAX_KEY_LENGTH = 200;
export { KeyLostError };

export const MESSAGES = {
  conflict: "This idempotencyKey was used for a different request",
  tooLong: `idempotencyKey must be at most ${MAX_KEY_LENGTH} printable characters`,
  running: "The first request with this idempotencyKey is still running; retry later",
  lost: "The first request with this idempotencyKey was carried out, but its answer was lost when the service stopped; it is not done again: read the current state",
};

export class IdempotencyGuard {
  constructor(
    private readonly records: IdempotencyStore,
    private readonly options: GuardOptions = {},
  ) {}

  async call<R, Tx = SqlClient>(c: IdempotentCall<R, Tx>): Promise<R> {
    if (!c.key) return c.run(async () => {});
    // PostgreSQL text holds no NUL: a key with control characters is refused like one too long.
    if (!isUsableKey(c.key)) {
      return c.refuse("IDEMPOTENCY_CONFLICT", MESSAGES.tooLong);
    }
    const id: IdempotencyId = { tenantId: c.tenantId, actor: c.actor, operation: c.operation, key: c.key };
    const hash = requestHash(c.operation, c.request);
    const leaseMs = this.options.leaseMs ?? 30_000;
    if (await this.records.tryInsert(id, hash, leaseMs)) return this.execute(c, id);
    const deadline = Date.now() + (this.options.waitMs ?? 10_000);
    for (;;) {
      const row = await this.records.find(id);
      if (!row) {
        if (await this.records.tryInsert(id, hash, leaseMs)) return this.execute(c, id);
        continue;
      }
      if (row.requestHash !== hash) return c.refuse("IDEMPOTENCY_CONFLICT", MESSAGES.conflict);
      if (row.state === "DONE") return c.restore(row.response as StoredResult);
      const expired = new Date(row.leaseUntil).getTime() < Date.now();
      if (expired && row.state === "APPLIED") return c.refuse("IN_PROGRESS", MESSAGES.lost);
      if (expired && (await this.records.takeOver(id, leaseMs))) return this.execute(c, id);
      if (Date.now() > deadline) return c.refuse("IN_PROGRESS", MESSAGES.running);
      await new Promise((r) => setTimeout(r, this.options.pollMs ?? 50));
    }
  }

  private async execute<R, Tx>(c: IdempotentCall<R, Tx>, id: IdempotencyId): Promise<R> {
    let sealed = false;
    const seal: Seal<Tx> = async (tx, result) => {
      if (!(await this.records.complete(tx as SqlClient, id, result))) throw new KeyLostError();
      sealed = true;
    };
    const scope: KeyedScope = { done: !c.ambient, mark: (tx) => this.records.markApplied(tx, id) };
    let result: R;
    try {
      result = await runInKeyedScope(scope, () => c.run(seal));
    } catch (error) {
      // A change already committed (APPLIED) keeps its record: a retry must not do it again.
      if (!sealed) await this.records.abandon(id).catch(() => {});
      throw error;
    } finally {
      scope.done = true;
    }
    // Results of operations that do not seal in their transaction (and refusals) are stored here.
    if (!sealed) await this.records.complete(null, id, c.store(result));
    return result;
  }
}

const hasControlCharacter = (text: string) =>
  [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);

/** A key a service may store: 1 to MAX_KEY_LENGTH characters, none a control character (PostgreSQL text holds no NUL). */
export const isUsableKey = (key: string) =>
  key.length >= 1 && key.length <= MAX_KEY_LENGTH && !hasControlCharacter(key);
