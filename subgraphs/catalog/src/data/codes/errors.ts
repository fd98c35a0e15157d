import { Prisma } from "@benefits-hub/platform/db/client";

/** A unique constraint refused the write (through Prisma's API or a raw query). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  const cause = (error.meta?.driverAdapterError as { cause?: { originalCode?: string } } | undefined)?.cause;
  return error.code === "P2010" && cause?.originalCode === "23505";
}
