import type { PrismaClient, RefreshToken } from "@benefits-hub/platform/db/client";

export type RefreshTokenRow = RefreshToken;

export class RefreshTokenRepository {
  constructor(private readonly db: PrismaClient) {}

  create(data: { id: string; memberId: string; familyId: string; tokenHash: string; expiresAt: Date }) {
    return this.db.refreshToken.create({ data });
  }

  findById(id: string): Promise<RefreshTokenRow | null> {
    return this.db.refreshToken.findUnique({ where: { id } });
  }

  /** Replaces a live token with a new one of the same family; null when it was no longer live. */
  rotate(
    old: RefreshTokenRow,
    next: { id: string; tokenHash: string; expiresAt: Date },
  ): Promise<RefreshTokenRow | null> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.refreshToken.updateMany({
        where: { id: old.id, revokedAt: null },
        data: { revokedAt: new Date(), replacedById: next.id },
      });
      if (count === 0) return null;
      return tx.refreshToken.create({ data: { ...next, memberId: old.memberId, familyId: old.familyId } });
    });
  }

  async familyIsLive(familyId: string): Promise<boolean> {
    const live = await this.db.refreshToken.findFirst({
      where: { familyId, revokedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true },
    });
    return live !== null;
  }

  async revokeFamily(familyId: string): Promise<number> {
    const { count } = await this.db.refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return count;
  }
}
