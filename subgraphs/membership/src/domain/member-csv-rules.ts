// One CSV row's own checks (formats, required cells), before anything is
// looked up in the database. Every problem of the row is reported, by column.
import { isUuid } from "./ids";
import {
  checkAttributesText,
  checkDate,
  checkDisplayName,
  checkEmail,
  checkTagList,
  checkTier,
  type Attributes,
  type Check,
} from "./member-admin-rules";
import type { CsvColumn, CsvRow, ImportProblem } from "./member-csv";

export interface MemberDraft {
  row: number;
  email: string;
  displayName: string;
  orgUnitId: string;
  tier: string;
  tags: string[];
  attributes: Attributes;
  joinedAt: Date | null;
}

export interface RowCheck {
  /** The clean email and unit id even when other cells are bad, for the checks across rows. */
  email: string | null;
  orgUnitId: string | null;
  draft: MemberDraft | null;
  problems: ImportProblem[];
}

export function checkCsvRow({ row, cells }: CsvRow, defaultUnitId: string | null): RowCheck {
  const problems: ImportProblem[] = [];
  const cell = (column: CsvColumn) => cells[column]?.trim() ?? "";
  const take = <T>(column: CsvColumn, check: Check<T>): T | null => {
    if (check.ok) return check.value;
    problems.push({ row, field: column, message: check.message });
    return null;
  };
  const email = take("email", checkEmail(cell("email")));
  const displayName = take("display_name", checkDisplayName(cell("display_name")));
  const unitCell = cell("org_unit_id");
  let orgUnitId: string | null = unitCell ? unitCell.toLowerCase() : defaultUnitId;
  if (!orgUnitId) problems.push({ row, field: "org_unit_id", message: "An org unit id is required" });
  else if (!isUuid(orgUnitId)) {
    problems.push({ row, field: "org_unit_id", message: "Not an org unit id" });
    orgUnitId = null;
  }
  const tier = take("tier", checkTier(cell("tier") || "standard"));
  const tags = take("tags", checkTagList(cell("tags")));
  const joinedAt = cell("joined_at") ? take("joined_at", checkDate(cell("joined_at"))) : null;
  const attributes = cell("attributes") ? take("attributes", checkAttributesText(cell("attributes"))) : {};
  const draft =
    problems.length === 0
      ? {
          row,
          email: email!,
          displayName: displayName!,
          orgUnitId: orgUnitId!,
          tier: tier!,
          tags: tags!,
          attributes: attributes!,
          joinedAt,
        }
      : null;
  return { email, orgUnitId, draft, problems };
}
