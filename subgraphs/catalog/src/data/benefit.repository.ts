import type { PrismaClient, Benefit } from "@benefits-hub/platform/db/client";

export type BenefitRow = Benefit;

export class BenefitRepository {
  constructor(private readonly db: PrismaClient) {}

  /** Rows for `ids`, in no particular order; unknown ids are absent. */
  findByIds(ids: readonly string[]): Promise<BenefitRow[]> {
    return this.db.benefit.findMany({ where: { id: { in: [...ids] } } });
  }

  list(first: number): Promise<BenefitRow[]> {
    return this.db.benefit.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }], take: first });
  }
}
