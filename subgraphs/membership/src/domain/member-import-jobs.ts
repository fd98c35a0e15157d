// Member imports run in the background of the membership process: count the
// rows, validate them in batches (progress saved after each), then either
// fail with the complete report and insert nothing, or insert every row in
// one transaction. Rows are never logged.
import type { Logger, MemberIdentity } from "@benefits-hub/platform";
import type { MemberImportRepository } from "../data/member-import.repository";
import { isUniqueViolation } from "../data/member-admin.repository";
import { auditActor, type AuditRecord } from "./audit";
import { readMemberCsv, type CsvRow, type ImportProblem } from "./member-csv";
import { ImportValidator, unitProblem } from "./member-import-validator";

export const MAX_IMPORT_ROWS = 20_000;
const BATCH = 500;
export const ABANDONED_MESSAGE = "The import was interrupted (the service restarted); nothing was imported";

export interface ImportJob {
  importId: string;
  viewer: MemberIdentity;
  csv: string;
  defaultUnitId: string | null;
}

class ImportRefused extends Error {
  constructor(readonly problems: ImportProblem[]) {
    super("import refused");
  }
}

export class MemberImportJobs {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly imports: MemberImportRepository) {}

  /** Starts an import in the background; its outcome is written to its row. */
  run(job: ImportJob, log: Logger): void {
    const work = this.execute(job)
      .catch(async (error: unknown) => {
        // The error's name and code only: messages of database errors can quote row values.
        const { name, code } = error as { name?: string; code?: string };
        log.error({ importId: job.importId, error: name, code }, "member import failed unexpectedly");
        const problem = { row: null, field: null, message: "The import failed unexpectedly; nothing was imported" };
        await this.fail(job, [problem], 0).catch(() => {});
      })
      .finally(() => this.running.delete(work));
    this.running.add(work);
  }

  /** At start: imports left RUNNING by a process that died inserted nothing, so they failed. */
  async failAbandoned(log: Logger): Promise<void> {
    const count = await this.imports.failAbandoned(ABANDONED_MESSAGE);
    if (count > 0) log.warn({ count }, "member imports interrupted by a restart marked FAILED");
  }

  /** Waits for the imports in flight (on shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async execute(job: ImportJob): Promise<void> {
    const hasDefaultUnit = job.defaultUnitId !== null;
    let total = 0;
    const fatal: ImportProblem[] = [];
    for await (const item of readMemberCsv(job.csv, { hasDefaultUnit })) {
      if ("problem" in item && item.fatal) fatal.push(item.problem);
      else total += 1;
    }
    if (fatal.length > 0) return void (await this.fail(job, fatal, 0));
    if (total === 0) return void (await this.fail(job, [problem("The file has no member rows")], 0));
    if (total > MAX_IMPORT_ROWS) {
      return void (await this.fail(
        job,
        [problem(`At most ${MAX_IMPORT_ROWS} rows per import; this file has ${total}`)],
        0,
      ));
    }
    await this.imports.setTotal(job.importId, total);

    const validator = new ImportValidator(this.imports, job.viewer, job.defaultUnitId);
    let batch: CsvRow[] = [];
    const flush = async () => {
      await validator.check(batch);
      batch = [];
      await this.imports.setProgress(job.importId, validator.processed);
    };
    for await (const item of readMemberCsv(job.csv, { hasDefaultUnit })) {
      if ("problem" in item) {
        validator.add(item.problem);
        validator.processed += 1;
      } else batch.push(item.row);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
    if (validator.failed) return void (await this.fail(job, validator.report(), validator.processed));
    await this.commit(job, validator);
  }

  private async commit(job: ImportJob, validator: ImportValidator): Promise<void> {
    const drafts = validator.drafts;
    const rowOf = new Map(drafts.map((d) => [d.orgUnitId, d.row]));
    try {
      await this.imports.commit(
        job.viewer.tenantId,
        job.importId,
        drafts.map(({ row: _row, ...member }) => member),
        (units) => {
          const byId = new Map(units.map((u) => [u.id, u]));
          const changed = [...rowOf].flatMap(([unitId, row]) => {
            const issue = unitProblem(job.viewer, byId.get(unitId));
            return issue
              ? [{ row, field: "org_unit_id", message: `${issue.message} (changed during the import)` }]
              : [];
          });
          if (changed.length > 0) throw new ImportRefused(changed);
        },
        this.audit(job, "member_import.succeed", { importedRows: drafts.length, units: rowOf.size }),
      );
    } catch (error) {
      if (error instanceof ImportRefused) return void (await this.fail(job, error.problems, drafts.length));
      if (!isUniqueViolation(error)) throw error;
      // Another import or an admin took some of the emails since validation: say which rows.
      const taken = await this.imports.takenEmails(drafts.map((d) => d.email));
      const lines = drafts
        .filter((d) => taken.has(d.email))
        .map((d) => ({ row: d.row, field: "email", message: "This email was taken while the import ran" }));
      await this.fail(
        job,
        lines.length > 0 ? lines : [problem("An email was taken while the import ran")],
        drafts.length,
      );
    }
  }

  private async fail(job: ImportJob, report: ImportProblem[], processedRows: number): Promise<void> {
    const rows = new Set(report.map((p) => p.row).filter((r) => r !== null)).size;
    const audit = this.audit(job, "member_import.fail", { badRows: rows, problems: report.length });
    await this.imports.fail(job.importId, report, processedRows, audit);
  }

  private audit(job: ImportJob, action: string, details: Record<string, number>): AuditRecord {
    return {
      tenantId: job.viewer.tenantId,
      ...auditActor(job.viewer),
      action,
      targetType: "MemberImport",
      targetId: job.importId,
      details,
    };
  }
}

const problem = (message: string): ImportProblem => ({ row: null, field: null, message });
