// The Prisma client of the hub, over node-postgres through the driver adapter,
// the same way for the embedded database and for a PostgreSQL server.
import { PrismaPg } from "@prisma/adapter-pg";
import { currentOrigin, runWithOrigin } from "../server/request-origin";
import { currentKeyedScope, markInTransaction } from "../idempotency/ambient";
import { PrismaClient } from "../../../../prisma/generated/client/client";

export { PrismaClient };
export * from "../../../../prisma/generated/client/client";

export interface DatabaseOptions {
  url: string;
  /** Connections in this process's pool. */
  poolSize?: number;
  /** Called with every SQL statement sent (tests and benchmarks count them). */
  onQuery?: (query: string) => void;
}

export function createPrisma({ url, poolSize = 10, onQuery }: DatabaseOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  if (!onQuery) return keepOriginInTransactions(new PrismaClient({ adapter }));
  const client = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  client.$on("query", (event) => onQuery(event.query));
  return keepOriginInTransactions(client as unknown as PrismaClient);
}

/**
 * node-postgres's pool runs a waiting transaction in the async context of the
 * request that released the connection, so the callback is re-entered in its
 * caller's request origin (what the audit trail records), and keyed
 * mutations mark their idempotency record in the transaction of their change.
 */
function keepOriginInTransactions(client: PrismaClient): PrismaClient {
  const transaction = client.$transaction.bind(client) as (arg: unknown, options?: unknown) => Promise<unknown>;
  const wrapped = (arg: unknown, options?: unknown) => {
    if (typeof arg !== "function") return transaction(arg, options);
    const origin = currentOrigin();
    const keyed = currentKeyedScope();
    const callback = async (tx: unknown) => {
      const result = await (arg as (tx: unknown) => Promise<unknown>)(tx);
      // A keyed mutation's record is marked APPLIED in the transaction of its change (idempotency/ambient.ts).
      await markInTransaction(keyed, tx);
      return result;
    };
    return transaction((tx: unknown) => (origin ? runWithOrigin(origin, () => callback(tx)) : callback(tx)), options);
  };
  client.$transaction = wrapped as PrismaClient["$transaction"];
  return client;
}
