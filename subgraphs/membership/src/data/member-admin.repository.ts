// Members as administrators change them: one member per change, in a
// transaction under the tenant's tree lock (so a unit cannot be archived or
// moved away under a member being put into it), with its audit entry.
import { Prisma, type PrismaClient, type MemberRole } from "@benefits-hub/platform/db/client";
import type { AuditRecord } from "../domain/audit";
import type { AuditRepository } from "./audit.repository";
import type { MemberRow } from "./member.repository";
import type { OrgUnitRepository, OrgUnitRow } from "./org-unit.repository";

export type Tx = Prisma.TransactionClient;

export interface MemberFields {
  orgUnitId: string;
  displayName: string;
  role: MemberRole;
  tier: string;
  tags: string[];
  attributes: Record<string, unknown>;
  joinedAt: Date | null;
}

/** True for a violation of a unique constraint (an email or a name taken), from a model call or raw SQL. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  const cause = (error.meta?.driverAdapterError as { cause?: { originalCode?: string } } | undefined)?.cause;
  return error.code === "P2010" && cause?.originalCode === "23505";
}

export class MemberAdminRepository {
  constructor(
    private readonly db: PrismaClient,
    private readonly units: OrgUnitRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** Runs `work` in one transaction holding the tenant's tree lock. */
  inTreeTransaction<T>(tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.$transaction(async (tx) => {
      await this.units.lockTree(tx, tenantId);
      return work(tx);
    });
  }

  findMember(tx: Tx, tenantId: string, id: string): Promise<MemberRow | null> {
    return tx.member.findFirst({ where: { id, tenantId } });
  }

  findUnit(tx: Tx, tenantId: string, id: string): Promise<OrgUnitRow | null> {
    return this.units.findInTx(tx, tenantId, id);
  }

  create(tx: Tx, tenantId: string, email: string, fields: MemberFields): Promise<MemberRow> {
    return tx.member.create({
      data: { tenantId, email, ...fields, attributes: fields.attributes as Prisma.InputJsonObject },
    });
  }

  update(tx: Tx, id: string, fields: Partial<MemberFields>): Promise<MemberRow> {
    const { attributes, ...rest } = fields;
    return tx.member.update({
      where: { id },
      data: { ...rest, ...(attributes ? { attributes: attributes as Prisma.InputJsonObject } : {}) },
    });
  }

  record(tx: Tx, entry: AuditRecord): Promise<void> {
    return this.audit.record(tx, entry);
  }
}
