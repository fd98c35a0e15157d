// The Prisma client of the hub, over node-postgres through the driver adapter,
// the same way for the embedded database and for a PostgreSQL server.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../../../../prisma/generated/client/client";

export { PrismaClient };
export * from "../../../../prisma/generated/client/client";

export interface DatabaseOptions {
  url: string;
  /** Connections in this process's pool. */
  poolSize?: number;
}

export function createPrisma({ url, poolSize = 10 }: DatabaseOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  return new PrismaClient({ adapter });
}
