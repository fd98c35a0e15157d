import type { PrismaClient, Member, Tenant } from "@benefits-hub/platform/db/client";

export type MemberRow = Member;
export type TenantRow = Tenant;

export class MemberRepository {
  constructor(private readonly db: PrismaClient) {}

  findByIds(ids: readonly string[]): Promise<MemberRow[]> {
    return this.db.member.findMany({ where: { id: { in: [...ids] } } });
  }

  findByEmail(email: string): Promise<MemberRow | null> {
    return this.db.member.findUnique({ where: { email } });
  }

  findTenantsByIds(ids: readonly string[]): Promise<TenantRow[]> {
    return this.db.tenant.findMany({ where: { id: { in: [...ids] } } });
  }
}
