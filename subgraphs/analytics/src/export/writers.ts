// Writes an export's sections to a response as the rows come, never holding
// more than a page: CSV through csv-stringify (a Transform stream; pipeline()
// passes the response's backpressure back to the row source, which then waits
// before reading its next page), XLSX through exceljs's streaming
// WorkbookWriter (rows committed as they come, the zip written to the
// response; the writer waits for the response to drain).
import { once } from "node:events";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import { yuan, type Cell, type CellKind, type Section } from "./columns";

/** The most data rows a worksheet takes (Excel's limit, less the header). */
export const XLSX_MAX_ROWS = 1_048_575;

function csvCell(kind: CellKind, value: Cell): string | number {
  if (value === null || value === undefined) return "";
  switch (kind) {
    case "money":
      return yuan(value);
    case "rate":
      return Number(value).toFixed(4);
    case "int":
      return typeof value === "bigint" ? value.toString() : value;
    default:
      return String(value);
  }
}

async function* csvRecords(sections: Section[]): AsyncGenerator<(string | number)[]> {
  for (const [index, section] of sections.entries()) {
    if (sections.length > 1) {
      if (index > 0) yield [];
      yield [section.title];
    }
    yield section.columns.map((c) => c.header);
    for await (const row of section.rows) yield row.map((value, i) => csvCell(section.columns[i]!.kind, value));
  }
}

/** CSV with a UTF-8 byte order mark (so Excel reads Chinese correctly) and CRLF line ends. */
export async function writeCsv(sections: Section[], out: Writable): Promise<void> {
  await pipeline(Readable.from(csvRecords(sections)), stringify({ bom: true, record_delimiter: "windows" }), out);
}

function xlsxCell(kind: CellKind, value: Cell): string | number | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case "money":
      return Number(yuan(value));
    case "rate":
    case "int":
      return Number(value);
    default:
      return String(value);
  }
}

const NUM_FMT: Partial<Record<CellKind, string>> = { money: "#,##0.00", rate: "0.00%", int: "0" };

/** One worksheet per section; the response's backpressure is honoured between rows. */
export async function writeXlsx(sections: Section[], out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const used = new Set<string>();
  for (const section of sections) {
    const sheet = workbook.addWorksheet(sheetName(section.title, used));
    sheet.columns = section.columns.map((column) => ({
      header: column.header,
      width: Math.max(10, Math.min(40, column.header.length * 2 + 2)),
      style: NUM_FMT[column.kind] ? { numFmt: NUM_FMT[column.kind] } : {},
    }));
    let count = 0;
    for await (const row of section.rows) {
      if (++count > XLSX_MAX_ROWS) throw new Error("more rows than a worksheet holds");
      sheet.addRow(row.map((value, i) => xlsxCell(section.columns[i]!.kind, value))).commit();
      if (out.writableNeedDrain) await once(out, "drain");
    }
    sheet.commit();
  }
  await workbook.commit();
}

/** Worksheet names: at most 31 characters, none of []:*?/\, distinct. */
function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, " ").slice(0, 28) || "Sheet";
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base} ${n}`;
  used.add(name);
  return name;
}
