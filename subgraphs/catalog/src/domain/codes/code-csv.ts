// Reading a card-code CSV (columns code, pin, expires_at) as a stream of
// validated rows. Nothing here ever puts a code or a PIN into a message: a
// problem is a row number and a fixed reason. csv-parse's own error messages
// quote field values, so only their codes are used.
import type { Readable } from "node:stream";
import { parse, type CsvError } from "csv-parse";

export const MAX_CODE_LENGTH = 128;
export const MAX_PIN_LENGTH = 64;
const COLUMNS = ["code", "pin", "expires_at"] as const;
type Column = (typeof COLUMNS)[number];
/** Printable, no whitespace: no control, format, unassigned or separator characters. */
const PRINTABLE = /^[^\p{C}\p{Z}\s]+$/u;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** A date without a time is valid to the end of that day, China Standard Time. */
const DATE_ONLY_ZONE = "+08:00";

export interface CodeRow {
  /** 1-based line of the file (the header is line 1). */
  row: number;
  code: string;
  pin: string | null;
  expiresAt: Date | null;
}

export interface RowProblem {
  row: number;
  reason: string;
}

export type CsvItem = { row: CodeRow } | { problem: RowProblem };

export class CsvFatalError extends Error {
  override name = "CsvFatalError";
}

export class UploadInterrupted extends Error {
  override name = "UploadInterrupted";
  constructor() {
    super("The upload was interrupted before the end of the file");
  }
}

/**
 * Parses `input` lazily (backpressure: the stream is read only as fast as the
 * caller consumes), validating each row. Throws CsvFatalError for a file that
 * cannot be read as a code CSV at all (missing or unknown header).
 */
export async function* readCodeCsv(input: Readable, now: () => Date = () => new Date()): AsyncGenerator<CsvItem> {
  const skipped: RowProblem[] = [];
  const parser = parse({
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    max_record_size: 16 * 1024,
  });
  parser.on("skip", (error: CsvError) => {
    skipped.push({ row: Number(error.lines ?? 0), reason: `malformed CSV (${error.code})` });
  });
  input.on("error", (error) => parser.destroy(error));
  // A client that disconnects mid-upload may close the stream without an error.
  input.on("close", () => {
    if (!input.readableEnded) parser.destroy(new UploadInterrupted());
  });
  input.pipe(parser);

  let columns: Map<Column, number> | null = null;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (skipped.length > 0) yield { problem: skipped.shift()! };
    if (!columns) {
      columns = readHeader(record);
      continue;
    }
    yield validateRow(record, info.lines, columns, now());
  }
  while (skipped.length > 0) yield { problem: skipped.shift()! };
  if (!columns) throw new CsvFatalError("The file is empty: expected a header line `code,pin,expires_at`");
}

function readHeader(record: string[]): Map<Column, number> {
  const columns = new Map<Column, number>();
  record.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!(COLUMNS as readonly string[]).includes(name)) {
      throw new CsvFatalError(
        `The first line must be the header \`code,pin,expires_at\` (pin and expires_at optional); column ${index + 1} is not one of them`,
      );
    }
    if (columns.has(name as Column)) throw new CsvFatalError(`The header names the column ${name} twice`);
    columns.set(name as Column, index);
  });
  if (!columns.has("code")) throw new CsvFatalError("The header has no `code` column");
  return columns;
}

function validateRow(record: string[], row: number, columns: Map<Column, number>, now: Date): CsvItem {
  const problem = (reason: string): CsvItem => ({ problem: { row, reason } });
  if (record.length > columns.size) return problem(`too many columns (the header has ${columns.size})`);
  const field = (name: Column) => {
    const index = columns.get(name);
    return index === undefined ? "" : (record[index] ?? "").trim();
  };
  const code = field("code");
  if (code === "") return problem("code is empty");
  if (code.length > MAX_CODE_LENGTH) return problem(`code is longer than ${MAX_CODE_LENGTH} characters`);
  if (!PRINTABLE.test(code)) return problem("code contains whitespace or unprintable characters");
  const pin = field("pin");
  if (pin.length > MAX_PIN_LENGTH) return problem(`pin is longer than ${MAX_PIN_LENGTH} characters`);
  if (pin !== "" && !PRINTABLE.test(pin)) return problem("pin contains whitespace or unprintable characters");
  const expires = field("expires_at");
  let expiresAt: Date | null = null;
  if (expires !== "") {
    expiresAt = parseExpiry(expires);
    if (!expiresAt) return problem("expires_at is not a valid date (YYYY-MM-DD or an ISO 8601 timestamp with zone)");
    if (expiresAt.getTime() <= now.getTime()) return problem("expires_at is in the past");
  }
  return { row: { row, code, pin: pin === "" ? null : pin, expiresAt } };
}

/** YYYY-MM-DD (to the end of that day, +08:00) or an ISO 8601 timestamp with a zone; null if invalid. */
export function parseExpiry(text: string): Date | null {
  const day = DATE_ONLY.exec(text);
  if (day) {
    const [, y, m, d] = day.map(Number) as [number, number, number, number];
    const probe = new Date(Date.UTC(y, m - 1, d));
    if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
    return new Date(`${text}T23:59:59.999${DATE_ONLY_ZONE}`);
  }
  if (!TIMESTAMP.test(text)) return null;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return null;
  // Date accepts 2027-02-30T00:00Z as March 2nd: the calendar date must survive the round trip.
  const [y, m, d] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d ? date : null;
}
