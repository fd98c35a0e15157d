// Validates an import a batch of rows at a time: each row's own checks, then
// across rows (an email twice in the file) and against the database (emails
// already taken, units that are not the tenant's, archived, or outside the
// importer's scope): one query per batch for emails, units looked up once.
import type { MemberIdentity } from "@benefits-hub/platform";
import type { MemberImportRepository } from "../data/member-import.repository";
import type { OrgUnitRow } from "../data/org-unit.repository";
import { checkCsvRow, type MemberDraft } from "./member-csv-rules";
import type { CsvRow, ImportProblem } from "./member-csv";
import { canManageUnit } from "./org-scope";

/** Past this many lines the report ends with a count of the rest, to stay a reasonable size. */
export const MAX_REPORT_LINES = 20_000;

export interface UnitProblem {
  code: "NOT_FOUND" | "OUTSIDE_SCOPE" | "ARCHIVED";
  message: string;
}

/** Why a unit cannot receive members from this importer, or null. */
export function unitProblem(viewer: MemberIdentity, unit: OrgUnitRow | null | undefined): UnitProblem | null {
  if (!unit || unit.tenantId !== viewer.tenantId) return { code: "NOT_FOUND", message: "No such org unit" };
  if (!canManageUnit(viewer, unit)) return { code: "OUTSIDE_SCOPE", message: "This unit is outside what you manage" };
  if (unit.archivedAt) return { code: "ARCHIVED", message: "The unit is archived" };
  return null;
}

export class ImportValidator {
  readonly drafts: MemberDraft[] = [];
  private readonly problems: ImportProblem[] = [];
  private problemCount = 0;
  private readonly firstRowOf = new Map<string, number>();
  private readonly units = new Map<string, OrgUnitRow | null>();
  processed = 0;

  constructor(
    private readonly imports: MemberImportRepository,
    private readonly viewer: MemberIdentity,
    private readonly defaultUnitId: string | null,
  ) {}

  get failed(): boolean {
    return this.problemCount > 0;
  }

  /** The report: every problem in row order, cut at MAX_REPORT_LINES with a line counting the rest. */
  report(): ImportProblem[] {
    const sorted = [...this.problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const rest = this.problemCount - sorted.length;
    return rest > 0 ? [...sorted, { row: null, field: null, message: `${rest} more problems not listed` }] : sorted;
  }

  add(problem: ImportProblem): void {
    this.problemCount += 1;
    if (this.problems.length < MAX_REPORT_LINES) this.problems.push(problem);
  }

  async check(batch: CsvRow[]): Promise<void> {
    const checks = batch.map((row) => ({ row: row.row, ...checkCsvRow(row, this.defaultUnitId) }));
    const fresh: string[] = [];
    for (const check of checks) {
      for (const problem of check.problems) this.add(problem);
      if (!check.email) continue;
      const first = this.firstRowOf.get(check.email);
      if (first !== undefined) {
        this.add({ row: check.row, field: "email", message: `The same email as row ${first}` });
        check.draft = null;
      } else {
        this.firstRowOf.set(check.email, check.row);
        fresh.push(check.email);
      }
    }
    const [taken] = await Promise.all([this.imports.takenEmails(fresh), this.loadUnits(checks)]);
    for (const check of checks) {
      if (check.email && taken.has(check.email) && this.firstRowOf.get(check.email) === check.row) {
        this.add({ row: check.row, field: "email", message: "This email is already in use" });
        check.draft = null;
      }
      const unitIssue = check.orgUnitId ? unitProblem(this.viewer, this.units.get(check.orgUnitId)) : null;
      if (unitIssue) {
        this.add({ row: check.row, field: "org_unit_id", message: unitIssue.message });
        check.draft = null;
      }
      if (check.draft && !this.failed) this.drafts.push(check.draft);
    }
    this.processed += batch.length;
  }

  private async loadUnits(checks: { orgUnitId: string | null }[]): Promise<void> {
    const missing = [...new Set(checks.map((c) => c.orgUnitId).filter((id): id is string => !!id))].filter(
      (id) => !this.units.has(id),
    );
    if (missing.length === 0) return;
    const found = await this.imports.unitsOfTenant(this.viewer.tenantId, missing);
    for (const id of missing) this.units.set(id, found.find((u) => u.id === id) ?? null);
  }
}
