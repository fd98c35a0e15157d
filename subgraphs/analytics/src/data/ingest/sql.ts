// Set-based writes for the folds: one multi-row INSERT ... ON CONFLICT per
// table and batch, the rows handed over as one jsonb parameter.
import type { Sql } from "../checkpoint.repository";

export type { Sql };

export const NO_ID = "00000000-0000-0000-0000-000000000000";

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema a fold writes into: `analytics`, or a shadow copy when rebuilding. */
export function schemaName(schema: string): string {
  if (!IDENTIFIER.test(schema)) throw new Error(`analytics: ${JSON.stringify(schema)} is not a plain schema name`);
  return schema;
}

export interface Upsert {
  table: string;
  /** Column -> SQL type, in the order the rows' values are read. */
  columns: Record<string, string>;
  conflict: string[];
  /** The ON CONFLICT action after DO (e.g. `UPDATE SET n = t.n + EXCLUDED.n`); the table is aliased `t`. */
  action: string;
  returning?: string;
}

/** One INSERT ... SELECT FROM jsonb_to_recordset($param) ... ON CONFLICT statement. */
function statement(schema: string, spec: Upsert, param: number): string {
  const names = Object.keys(spec.columns);
  const record = names.map((n) => `${n} ${spec.columns[n]}`).join(", ");
  return (
    `INSERT INTO ${schemaName(schema)}.${spec.table} AS t (${names.join(", ")}) ` +
    `SELECT ${names.join(", ")} FROM jsonb_to_recordset($${param}::jsonb) AS r(${record}) ` +
    `ON CONFLICT (${spec.conflict.join(", ")}) DO ${spec.action}` +
    (spec.returning ? ` RETURNING ${spec.returning}` : "")
  );
}

/** Writes `rows` (objects keyed by column) with one INSERT ... SELECT FROM jsonb_to_recordset ... ON CONFLICT. */
export function upsert<T = unknown>(
  sql: Sql,
  schema: string,
  spec: Upsert,
  rows: readonly Record<string, unknown>[],
): Promise<T[]> {
  return upsertAll<T>(sql, schema, [{ spec, rows }]);
}

/** An UPDATE of existing rows by key from the batch (`set` columns taken from the rows). */
export interface Update {
  table: string;
  columns: Record<string, string>;
  key: string[];
  set: string[];
}

export type Write =
  | { spec: Upsert; rows: readonly Record<string, unknown>[] }
  | { update: Update; rows: readonly Record<string, unknown>[] };

function updateStatement(schema: string, u: Update, param: number): string {
  const names = Object.keys(u.columns);
  const record = names.map((n) => `${n} ${u.columns[n]}`).join(", ");
  return (
    `UPDATE ${schemaName(schema)}.${u.table} AS t SET ${u.set.map((c) => `${c} = r.${c}`).join(", ")} ` +
    `FROM jsonb_to_recordset($${param}::jsonb) AS r(${record}) ` +
    `WHERE ${u.key.map((k) => `t.${k} = r.${k}`).join(" AND ")}`
  );
}

/**
 * Writes several tables in ONE statement (one round trip): each upsert a
 * data-modifying WITH query over its own jsonb parameter. None reads what
 * another writes. Returns the rows of the (at most one) write with `returning`.
 */
export async function upsertAll<T = unknown>(sql: Sql, schema: string, writes: readonly Write[]): Promise<T[]> {
  const used = writes.filter((w) => w.rows.length > 0);
  if (used.length === 0) return [];
  const returns = (w: Write) => "spec" in w && Boolean(w.spec.returning);
  const returning = used.findIndex(returns);
  if (used.filter(returns).length > 1) throw new Error("analytics: one write with RETURNING at most");
  const ctes = used.map(
    (w, i) => `w${i} AS (${"spec" in w ? statement(schema, w.spec, i + 1) : updateStatement(schema, w.update, i + 1)})`,
  );
  const text = `WITH ${ctes.join(", ")} ${returning >= 0 ? `SELECT * FROM w${returning}` : "SELECT 1 AS done"}`;
  const rows = await sql.$queryRawUnsafe<T[]>(text, ...used.map((w) => JSON.stringify(w.rows)));
  return returning >= 0 ? rows : [];
}

const dayOfHour = new Map<string, string>();

/** The calendar day in Asia/Shanghai (UTC+8 all year, no daylight saving since 1991) of an ISO instant. */
export function shanghaiDay(iso: string): string {
  // Outbox times come as toISOString() writes them (…Z): the day follows from the UTC hour, so memoise by it.
  const utc = iso.length === 24 && iso.endsWith("Z");
  const hour = utc ? iso.slice(0, 13) : "";
  const known = utc ? dayOfHour.get(hour) : undefined;
  if (known) return known;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`analytics: event time ${JSON.stringify(iso)} is not a timestamp`);
  const day = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  if (utc) {
    if (dayOfHour.size > 100_000) dayOfHour.clear();
    dayOfHour.set(hour, day);
  }
  return day;
}

/** a > b for two instants given as ISO strings (compared as text when both are toISOString's …Z form). */
export function isLater(a: string, b: string): boolean {
  if (a.length === 24 && b.length === 24 && a.endsWith("Z") && b.endsWith("Z")) return a > b;
  return Date.parse(a) > Date.parse(b);
}

export function sameInstant(a: string, b: string): boolean {
  if (a.length === 24 && b.length === 24 && a.endsWith("Z") && b.endsWith("Z")) return a === b;
  return Date.parse(a) === Date.parse(b);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const checked = new Map<string, string | null>();

/** A uuid from a payload (lower case), or null; ids seen recently are not parsed again. */
export function idOrNull(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const known = checked.get(value);
  if (known !== undefined) return known;
  const id = UUID.test(value) ? value.toLowerCase() : null;
  if (checked.size > 200_000) checked.clear();
  checked.set(value, id);
  return id;
}

/** A uuid from a payload, or the sentinel when absent or not a uuid. */
export const idOr = (value: unknown): string => idOrNull(value) ?? NO_ID;
/** A string from a payload, or "" when absent. */
export const textOr = (value: unknown): string => (typeof value === "string" ? value : "");
/** An integer amount (fen) from a payload (number or digit string), or 0. */
export function fen(value: unknown): number {
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isSafeInteger(n) ? n : 0;
}
