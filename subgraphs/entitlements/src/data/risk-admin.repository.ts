// Data access of risk administration: a tenant's rules and blacklist entries.
// Every read and write is scoped to the tenant, so another tenant's row is
// never found.
import type { Prisma, PrismaClient, RiskListEntry, RiskRuleKind } from "@benefits-hub/platform/db/client";
import type { Keyset } from "../domain/risk/cursor";
import type { RiskRuleRow } from "./risk.repository";

export type RiskListEntryRow = RiskListEntry;

export interface RuleData {
  name: string;
  kind: RiskRuleKind;
  actions: string[];
  outcome: RiskRuleRow["outcome"];
  config: Prisma.InputJsonValue;
  enabled: boolean;
}

export class RiskAdminRepository {
  constructor(private readonly db: PrismaClient) {}

  transaction<T>(fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.db.$transaction(fn);
  }

  listRules(tenantId: string): Promise<RiskRuleRow[]> {
    return this.db.riskRule.findMany({ where: { tenantId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  }

  findRule(tenantId: string, id: string): Promise<RiskRuleRow | null> {
    return this.db.riskRule.findFirst({ where: { id, tenantId } });
  }

  createRule(tx: Prisma.TransactionClient, tenantId: string, data: RuleData): Promise<RiskRuleRow> {
    return tx.riskRule.create({ data: { tenantId, ...data } });
  }

  async updateRule(
    tx: Prisma.TransactionClient,
    tenantId: string,
    id: string,
    data: Partial<RuleData>,
  ): Promise<RiskRuleRow | null> {
    const rows = await tx.riskRule.updateManyAndReturn({ where: { id, tenantId }, data });
    return rows[0] ?? null;
  }

  async deleteRule(tx: Prisma.TransactionClient, tenantId: string, id: string): Promise<RiskRuleRow | null> {
    const row = await tx.riskRule.findFirst({ where: { id, tenantId } });
    if (!row) return null;
    const { count } = await tx.riskRule.deleteMany({ where: { id, tenantId } });
    return count ? row : null;
  }

  /** Newest first, after the keyset cursor. */
  listEntries(tenantId: string, subject: string | null, take: number, after: Keyset | null) {
    const where: Prisma.RiskListEntryWhereInput = { tenantId, ...(subject ? { subject } : {}) };
    const keyset: Prisma.RiskListEntryWhereInput | null = after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : null;
    return this.db.riskListEntry.findMany({
      where: keyset ? { AND: [where, keyset] } : where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
    });
  }

  findEntry(tenantId: string, subject: string, value: string): Promise<RiskListEntryRow | null> {
    return this.db.riskListEntry.findUnique({ where: { tenantId_subject_value: { tenantId, subject, value } } });
  }

  /** Inserts the entry unless (tenant, subject, value) is listed already; null then. */
  async addEntry(
    tx: Prisma.TransactionClient,
    data: { tenantId: string; subject: string; value: string; reason: string; createdBy: string },
  ): Promise<RiskListEntryRow | null> {
    const rows = await tx.riskListEntry.createManyAndReturn({ data: [data], skipDuplicates: true });
    return rows[0] ?? null;
  }

  async removeEntry(tx: Prisma.TransactionClient, tenantId: string, id: string): Promise<RiskListEntryRow | null> {
    const row = await tx.riskListEntry.findFirst({ where: { id, tenantId } });
    if (!row) return null;
    const { count } = await tx.riskListEntry.deleteMany({ where: { id, tenantId } });
    return count ? row : null;
  }
}
