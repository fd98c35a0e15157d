// Reading a member CSV as a stream of rows: csv-parse over 64 KB chunks, the
// header checked against the known columns, each row numbered as a
// spreadsheet numbers it (the header is row 1, blank rows count too).
import { Readable } from "node:stream";
import { parse } from "csv-parse";

export const CSV_COLUMNS = ["email", "display_name", "org_unit_id", "tier", "tags", "joined_at", "attributes"] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export interface ImportProblem {
  /** The spreadsheet row (header = 1); null for the file as a whole. */
  row: number | null;
  /** The CSV column at fault, when there is one. */
  field: string | null;
  message: string;
}

export interface CsvRow {
  row: number;
  cells: Partial<Record<CsvColumn, string>>;
}

/** A row, or a problem; a fatal problem (header, syntax) ends the file. */
export type CsvItem = { row: CsvRow } | { problem: ImportProblem; fatal: boolean };

const CHUNK = 64 * 1024;
const MAX_RECORD_BYTES = 64 * 1024;

function* chunks(text: string): Generator<string> {
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + CHUNK, text.length);
    // Never split a surrogate pair between chunks.
    if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end -= 1;
    yield text.slice(start, end);
    start = end;
  }
}

const isBlank = (record: string[]) => record.every((cell) => cell === "");

function checkHeader(
  record: string[],
  row: number,
  hasDefaultUnit: boolean,
): { columns: CsvColumn[] } | { problems: ImportProblem[] } {
  const names = record.map((name) => name.trim().toLowerCase());
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const shown = name.slice(0, 40);
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      problems.push({ row, field: shown, message: `Unknown column; the columns are ${CSV_COLUMNS.join(", ")}` });
    } else if (seen.has(name)) problems.push({ row, field: shown, message: "Column given twice" });
    seen.add(name);
  }
  const required: CsvColumn[] = hasDefaultUnit ? ["email", "display_name"] : ["email", "display_name", "org_unit_id"];
  for (const column of required.filter((c) => !seen.has(c))) {
    const why = column === "org_unit_id" ? " (or give the import an orgUnitId)" : "";
    problems.push({ row, field: column, message: `Missing column${why}` });
  }
  return problems.length > 0 ? { problems } : { columns: names as CsvColumn[] };
}

/** `rowsRead`: records this side saw; csv-parse's own count is ahead when it failed within a buffered chunk. */
function syntaxProblem(error: unknown, rowsRead: number): ImportProblem {
  const { code, records } = error as { code?: unknown; records?: unknown };
  const row = (typeof records === "number" ? Math.max(records, rowsRead) : rowsRead) + 1;
  const messages: Record<string, string> = {
    CSV_QUOTE_NOT_CLOSED: "A quoted field is never closed",
    INVALID_OPENING_QUOTE: "A quote in the middle of an unquoted field",
    CSV_INVALID_CLOSING_QUOTE: "Text right after a closing quote",
    CSV_MAX_RECORD_SIZE: `A row is longer than ${MAX_RECORD_BYTES / 1024} KB`,
  };
  const message = typeof code === "string" && messages[code] ? messages[code] : "Not valid CSV";
  return { row, field: null, message: `CSV syntax: ${message}` };
}

/** The rows of a member CSV, with a problem for each row of the wrong width. */
export async function* readMemberCsv(csv: string, options: { hasDefaultUnit: boolean }): AsyncGenerator<CsvItem> {
  const source = Readable.from(chunks(csv));
  const parser = source.pipe(
    parse({
      bom: true,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  let columns: CsvColumn[] | null = null;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (isBlank(record)) continue;
      if (!columns) {
        const header = checkHeader(record, row, options.hasDefaultUnit);
        if ("problems" in header) {
          for (const problem of header.problems) yield { problem, fatal: true };
          return;
        }
        columns = header.columns;
      } else if (record.length !== columns.length) {
        const message = `Expected ${columns.length} fields, found ${record.length}`;
        yield { problem: { row, field: null, message }, fatal: false };
      } else {
        yield { row: { row, cells: Object.fromEntries(columns.map((column, i) => [column, record[i]])) } };
      }
    }
  } catch (error) {
    yield { problem: syntaxProblem(error, row), fatal: true };
    return;
  } finally {
    source.destroy();
    parser.destroy();
  }
  if (!columns) yield { problem: { row: null, field: null, message: "The file has no header row" }, fatal: true };
}
