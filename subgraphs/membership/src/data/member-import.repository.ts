// Member imports: the import row (status, progress, report), the look-ups
// validation needs, and the all-or-nothing insert: every member of a file in
// one transaction, in chunks, under the tenant's tree lock, together with the
// import's final status and its audit entry.
import type { PrismaClient, Prisma, MemberImport } from "@benefits-hub/platform/db/client";
import type { AuditRecord } from "../domain/audit";
import type { AuditRepository } from "./audit.repository";
import type { OrgUnitRepository, OrgUnitRow } from "./org-unit.repository";

export type MemberImportRow = MemberImport;
type Tx = Prisma.TransactionClient;

export interface ImportReportLine {
  row: number | null;
  field: string | null;
  message: string;
}

export interface NewMember {
  orgUnitId: string;
  email: string;
  displayName: string;
  tier: string;
  tags: string[];
  attributes: Record<string, unknown>;
  joinedAt: Date | null;
}

const INSERT_CHUNK = 1000;
// Generous: 20,000 rows take a few seconds on the embedded database.
const INSERT_TIMEOUT_MS = 5 * 60_000;

export class MemberImportRepository {
  constructor(
    private readonly db: PrismaClient,
    private readonly units: OrgUnitRepository,
    private readonly audit: AuditRepository,
  ) {}

  start(tenantId: string, createdById: string, audit: (row: MemberImportRow) => AuditRecord): Promise<MemberImportRow> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.memberImport.create({ data: { tenantId, createdById } });
      await this.audit.record(tx, audit(row));
      return row;
    });
  }

  find(tenantId: string, id: string): Promise<MemberImportRow | null> {
    return this.db.memberImport.findFirst({ where: { id, tenantId } });
  }

  async setTotal(id: string, totalRows: number): Promise<void> {
    await this.db.memberImport.update({ where: { id }, data: { totalRows } });
  }

  async setProgress(id: string, processedRows: number): Promise<void> {
    await this.db.memberImport.updateMany({ where: { id, status: "RUNNING" }, data: { processedRows } });
  }

  /** Which of `emails` belong to a member already (of any tenant: emails are unique across the hub). */
  async takenEmails(emails: string[]): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    const rows = await this.db.member.findMany({ where: { email: { in: emails } }, select: { email: true } });
    return new Set(rows.map((r) => r.email));
  }

  unitsOfTenant(tenantId: string, ids: string[]): Promise<OrgUnitRow[]> {
    return this.db.orgUnit.findMany({ where: { tenantId, id: { in: ids } } });
  }

  /** Ends a running import as FAILED with its report; false when it had already ended. */
  fail(id: string, report: ImportReportLine[], processedRows: number, audit: AuditRecord): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.memberImport.updateMany({
        where: { id, status: "RUNNING" },
        data: {
          status: "FAILED",
          report: report as unknown as Prisma.InputJsonArray,
          processedRows,
          finishedAt: new Date(),
        },
      });
      if (count > 0) await this.audit.record(tx, audit);
      return count > 0;
    });
  }

  /**
   * Inserts every member in one transaction and marks the import SUCCEEDED.
   * `recheck` sees the units again under the tree lock and may throw to refuse;
   * an email taken meanwhile fails the unique index and rolls everything back.
   */
  commit(
    tenantId: string,
    id: string,
    members: NewMember[],
    recheck: (units: OrgUnitRow[]) => void,
    audit: AuditRecord,
  ): Promise<void> {
    return this.db.$transaction(
      async (tx) => {
        await this.units.lockTree(tx, tenantId);
        const unitIds = [...new Set(members.map((m) => m.orgUnitId))];
        recheck(await tx.orgUnit.findMany({ where: { tenantId, id: { in: unitIds } } }));
        for (let start = 0; start < members.length; start += INSERT_CHUNK) {
          await this.insert(tx, tenantId, members.slice(start, start + INSERT_CHUNK));
        }
        await tx.memberImport.update({
          where: { id },
          data: {
            status: "SUCCEEDED",
            processedRows: members.length,
            importedRows: members.length,
            report: [],
            finishedAt: new Date(),
          },
        });
        await this.audit.record(tx, audit);
      },
      { timeout: INSERT_TIMEOUT_MS, maxWait: 30_000 },
    );
  }

  /** Imports a crashed process left RUNNING: nothing of them was inserted, so they failed. */
  async failAbandoned(message: string): Promise<number> {
    const { count } = await this.db.memberImport.updateMany({
      where: { status: "RUNNING" },
      data: { status: "FAILED", finishedAt: new Date(), report: [{ row: null, field: null, message }] },
    });
    return count;
  }

  /** One INSERT of a chunk from column arrays: several times faster than createMany's VALUES list. */
  private async insert(tx: Tx, tenantId: string, members: NewMember[]): Promise<void> {
    const column = <T>(pick: (m: NewMember) => T) => members.map(pick);
    await tx.$executeRaw`
      INSERT INTO membership.member (id, tenant_id, org_unit_id, email, display_name, tier, tags, attributes, joined_at)
      SELECT gen_random_uuid(), ${tenantId}::uuid, unit, email, name, tier,
             ARRAY(SELECT jsonb_array_elements_text(tags)), attributes, joined
      FROM unnest(
        ${column((m) => m.orgUnitId)}::uuid[],
        ${column((m) => m.email)}::text[],
        ${column((m) => m.displayName)}::text[],
        ${column((m) => m.tier)}::text[],
        ${column((m) => JSON.stringify(m.tags))}::jsonb[],
        ${column((m) => JSON.stringify(m.attributes))}::jsonb[],
        ${column((m) => (m.joinedAt ? m.joinedAt.toISOString().slice(0, 10) : null))}::date[]
      ) AS row(unit, email, name, tier, tags, attributes, joined)`;
  }
}
