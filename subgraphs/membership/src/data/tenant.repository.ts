import { randomUUID } from "node:crypto";
import type { PrismaClient, Prisma, Tenant, Member, OrgUnit } from "@benefits-hub/platform/db/client";
import type { AuditRepository } from "./audit.repository";
import type { AuditRecord } from "../domain/audit";

export class TenantRepository {
  constructor(
    private readonly db: PrismaClient,
    private readonly audit: AuditRepository,
  ) {}

  list(): Promise<Tenant[]> {
    return this.db.tenant.findMany({ orderBy: [{ name: "asc" }, { id: "asc" }], take: 1000 });
  }

  async slugTaken(slug: string): Promise<boolean> {
    return (await this.db.tenant.count({ where: { slug } })) > 0;
  }

  async emailTaken(email: string): Promise<boolean> {
    return (await this.db.member.count({ where: { email } })) > 0;
  }

  /** The tenant, its root unit and its first admin, together or not at all (with what `alsoInTx` writes). */
  onboard(
    input: { slug: string; name: string; adminEmail: string; adminDisplayName: string; passwordHash: string },
    audit: Omit<AuditRecord, "tenantId" | "targetId">,
    alsoInTx: (tx: Prisma.TransactionClient, root: OrgUnit) => Promise<void> = async () => {},
  ): Promise<{ tenant: Tenant; admin: Member }> {
    return this.db.$transaction(async (tx) => {
      const tenant = await tx.tenant.create({ data: { slug: input.slug, name: input.name } });
      const rootId = randomUUID();
      const root = await tx.orgUnit.create({
        data: { id: rootId, tenantId: tenant.id, name: input.name, path: [rootId], depth: 0 },
      });
      await alsoInTx(tx, root);
      const admin = await tx.member.create({
        data: {
          tenantId: tenant.id,
          orgUnitId: rootId,
          email: input.adminEmail,
          displayName: input.adminDisplayName,
          role: "TENANT_ADMIN",
          passwordHash: input.passwordHash,
        },
      });
      await this.audit.record(tx, { ...audit, tenantId: tenant.id, targetId: tenant.id });
      return { tenant, admin };
    });
  }
}
