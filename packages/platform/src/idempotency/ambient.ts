// Lets a keyed request's record be marked APPLIED inside the transaction that
// makes its change, without the service knowing: the hub's Prisma client
// (db/client.ts) calls `markInTransaction` at the end of every interactive
// transaction opened while the request runs. So a crash after the commit can
// never make a retry do the change again.
import { AsyncLocalStorage } from "node:async_hooks";
import type { SqlClient } from "./store";

export interface KeyedScope {
  /** Marks the record in the given transaction; false when the key was lost to another attempt. */
  mark(tx: SqlClient): Promise<boolean>;
  /** True once a transaction marked it, or the request has ended. */
  done: boolean;
}

const storage = new AsyncLocalStorage<KeyedScope>();

export const runInKeyedScope = <T>(scope: KeyedScope, fn: () => Promise<T>): Promise<T> => storage.run(scope, fn);
export const currentKeyedScope = (): KeyedScope | undefined => storage.getStore();

export class KeyLostError extends Error {
  constructor() {
    super("idempotency key was taken over by another attempt");
  }
}

/** Called by the Prisma client at the end of an interactive transaction's callback, before it commits. */
export async function markInTransaction(scope: KeyedScope | undefined, tx: unknown): Promise<void> {
  if (!scope || scope.done) return;
  scope.done = true;
  if (!(await scope.mark(tx as SqlClient))) throw new KeyLostError();
}
