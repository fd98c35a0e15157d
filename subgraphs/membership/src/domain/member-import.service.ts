// Starting a member import and reading its progress. Tenant admins import
// anywhere in their tenant, unit managers into their subtree; the work goes on
// in the background (MemberImportJobs) and the caller polls `memberImport`.
import type { Identity, Logger, MemberIdentity } from "@benefits-hub/platform";
import type { MemberImportRepository, MemberImportRow } from "../data/member-import.repository";
import type { MembershipLoaders } from "../loaders";
import { auditActor } from "./audit";
import { isUuid } from "./ids";
import { memberError, type MemberError } from "./member-admin.service";
import type { MemberImportJobs } from "./member-import-jobs";
import { unitProblem } from "./member-import-validator";

export type ImportResult =
  { memberImport: MemberImportRow; errors: [] } | { memberImport: null; errors: [MemberError] };

const refuse = (error: MemberError): ImportResult => ({ memberImport: null, errors: [error] });

const isImporter = (viewer: Identity): viewer is MemberIdentity =>
  viewer.kind === "member" && (viewer.role === "TENANT_ADMIN" || viewer.role === "UNIT_MANAGER");

export class MemberImportService {
  constructor(
    private readonly imports: MemberImportRepository,
    private readonly jobs: MemberImportJobs,
    private readonly loaders: MembershipLoaders,
  ) {}

  async start(viewer: Identity, input: { csv: string; orgUnitId?: string | null }, log: Logger): Promise<ImportResult> {
    if (!isImporter(viewer)) return refuse(memberError("NOT_FOUND", "No such org unit", "orgUnitId"));
    let defaultUnitId: string | null = null;
    if (input.orgUnitId != null) {
      const id = input.orgUnitId.toLowerCase();
      const unit = isUuid(id) ? await this.loaders.orgUnitById.load(id) : null;
      const problem = unitProblem(viewer, unit);
      if (problem) return refuse(memberError(problem.code, problem.message, "orgUnitId"));
      defaultUnitId = id;
    }
    if (input.csv.trim() === "") return refuse(memberError("INVALID_INPUT", "The CSV is empty", "csv"));
    const row = await this.imports.start(viewer.tenantId, viewer.memberId, (created) => ({
      tenantId: viewer.tenantId,
      ...auditActor(viewer),
      action: "member_import.start",
      targetType: "MemberImport",
      targetId: created.id,
      details: { orgUnitId: defaultUnitId, csvChars: input.csv.length },
    }));
    this.jobs.run({ importId: row.id, viewer, csv: input.csv, defaultUnitId }, log);
    return { memberImport: row, errors: [] };
  }

  /** An import as the viewer may see it: tenant admins any of their tenant's, unit managers their own. */
  async byId(viewer: Identity, id: string): Promise<MemberImportRow | null> {
    if (!isImporter(viewer) || !isUuid(id)) return null;
    const row = await this.imports.find(viewer.tenantId, id.toLowerCase());
    if (!row) return null;
    return viewer.role === "TENANT_ADMIN" || row.createdById === viewer.memberId ? row : null;
  }
}
