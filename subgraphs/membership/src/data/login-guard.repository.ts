// Failed-login bookkeeping on the member row, atomic under concurrent attempts.
import type { PrismaClient } from "@benefits-hub/platform/db/client";

export class LoginGuardRepository {
  constructor(private readonly db: PrismaClient) {}

  /** Counts a failure; the `limit`-th in a row locks the account for `lockSeconds`. */
  async recordFailure(memberId: string, limit: number, lockSeconds: number): Promise<void> {
    await this.db.$executeRaw`
      UPDATE membership.member
      SET failed_logins = CASE WHEN failed_logins + 1 >= ${limit} THEN 0 ELSE failed_logins + 1 END,
          locked_until = CASE WHEN failed_logins + 1 >= ${limit}
                              THEN now() + make_interval(secs => ${lockSeconds})
                              ELSE locked_until END
      WHERE id = ${memberId}::uuid`;
  }

  async clearFailures(memberId: string): Promise<void> {
    await this.db.member.updateMany({
      where: { id: memberId, OR: [{ failedLogins: { gt: 0 } }, { lockedUntil: { not: null } }] },
      data: { failedLogins: 0, lockedUntil: null },
    });
  }
}
