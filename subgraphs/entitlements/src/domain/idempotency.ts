// Idempotency keys for state-changing mutations (other than issuances, which
// are idempotent through their own rows). See docs/entitlements.md.
//
// The first request with a key records it IN_PROGRESS with a lease and runs;
// its transaction seals the record DONE with the result, so the change and
// the stored result commit together. A retry returns the stored result; one
// arriving while the first runs waits for it; one arriving after a crashed
// attempt's lease ran out runs again (the crashed transaction committed
// nothing). The same key with a different request is a conflict.
import { createHash } from "node:crypto";
import type { Prisma } from "@benefits-hub/platform/db/client";
import type { IdempotencyId, IdempotencyRepository } from "../data/idempotency.repository";
import type { Tx } from "../data/event.repository";
import { canonicalJson } from "./event-chain";

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
  refuse: (code: "IDEMPOTENCY_CONFLICT" | "IN_PROGRESS", message: string) => R;
}

export const MAX_KEY_LENGTH = 200;

export class KeyLostError extends Error {
  constructor() {
    super("idempotency key was taken over by another attempt");
  }
}

export class IdempotencyGuard {
  constructor(
    private readonly records: IdempotencyRepository,
    private readonly options: { leaseMs?: number; waitMs?: number; pollMs?: number } = {},
  ) {}

  async call<R>(c: IdempotentCall<R>): Promise<R> {
    if (!c.key) return c.run(async () => {});
    if (c.key.length > MAX_KEY_LENGTH) {
      return c.refuse("IDEMPOTENCY_CONFLICT", `idempotencyKey must be at most ${MAX_KEY_LENGTH} characters`);
    }
    const id: IdempotencyId = { tenantId: c.tenantId, actor: c.actor, key: c.key };
    const hash = requestHash(c.operation, c.request);
    const leaseMs = this.options.leaseMs ?? 30_000;
    if (await this.records.tryInsert(id, c.operation, hash, leaseMs)) return this.execute(c, id);
    const deadline = Date.now() + (this.options.waitMs ?? 10_000);
    for (;;) {
      const row = await this.records.find(id);
      if (!row) {
        if (await this.records.tryInsert(id, c.operation, hash, leaseMs)) return this.execute(c, id);
        continue;
      }
      if (row.operation !== c.operation || row.requestHash !== hash) {
        return c.refuse("IDEMPOTENCY_CONFLICT", "This idempotencyKey was used for a different request");
      }
      if (row.state === "DONE") return c.restore(row.response as StoredResult);
      if (row.leaseUntil.getTime() < Date.now() && (await this.records.takeOver(id, leaseMs))) {
        return this.execute(c, id);
      }
      if (Date.now() > deadline) {
        return c.refuse("IN_PROGRESS", "The first request with this idempotencyKey is still running; retry later");
      }
      await new Promise((r) => setTimeout(r, this.options.pollMs ?? 50));
    }
  }

  private async execute<R>(c: IdempotentCall<R>, id: IdempotencyId): Promise<R> {
    let sealed = false;
    const seal: Seal = async (tx, result) => {
      if (!(await this.records.complete(tx, id, result))) throw new KeyLostError();
      sealed = true;
    };
    let result: R;
    try {
      result = await c.run(seal);
    } catch (error) {
      if (!sealed) await this.records.abandon(id).catch(() => {});
      throw error;
    }
    // Results that changed nothing (refusals) are sealed here, outside any transaction.
    if (!sealed) await this.records.complete(null, id, c.store(result));
    return result;
  }
}

export function requestHash(operation: string, request: unknown): string {
  return createHash("sha256")
    .update(`${operation}\n${canonicalJson(request)}`)
    .digest("hex");
}
