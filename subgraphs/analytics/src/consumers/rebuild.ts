// Rebuilds every folded table from the sources' outboxes into a shadow schema
// (the consumers' own folds, from the first event) and compares it with the
// live tables; with `replace`, puts the rebuilt tables in their place.
//
// Live and rebuilt tables can only be compared at the same outbox positions.
// The shadow is first folded up to the live checkpoints without any lock; then,
// in one transaction holding the three checkpoint rows' locks (the consumers
// wait on them, so nothing moves), the positions are read again: if they are
// still where the shadow stands the tables are compared (and, when replacing,
// the live rows are swapped for the rebuilt ones in that same transaction);
// otherwise the lock is let go, the shadow catches up and it tries again.
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { START, isAfter, lockCheckpoint, moveCheckpoint, type Position, type Tx } from "../data/checkpoint.repository";
import { schemaName } from "../data/ingest/sql";
import type { OutboxFeed, RemoteEvent } from "./outbox-client";
import { BATCH } from "./outbox-consumer";
import { SOURCES, SOURCE_NAMES, type SourceName } from "./sources";

/** Every table the consumers fold into, with the columns compared (all but bookkeeping times). */
export const FOLDED_TABLES: { table: string; ignore?: string[] }[] = [
  { table: "entitlement_fact" },
  { table: "daily_rollup" },
  { table: "daily_unit_rollup" },
  { table: "member_day" },
  { table: "budget_daily" },
  { table: "org_unit" },
  { table: "dimension_label" },
  { table: "campaign_fact" },
  { table: "supplier_order" },
  { table: "statement_line" },
  { table: "benefit_redemptions", ignore: ["updated_at"] },
];

export interface TableDifference {
  table: string;
  /** Rows only in the live table, and only in the rebuilt one (counted up to `limit`). */
  onlyLive: number;
  onlyRebuilt: number;
  /** A few of them, as JSON. */
  samples: { side: "live" | "rebuilt"; row: Record<string, unknown> }[];
}

export interface RebuildReport {
  /** Where each source's outbox was folded to (the live checkpoints at comparison). */
  positions: Record<SourceName, Position>;
  /** Events folded into the shadow, per source. */
  events: Record<SourceName, number>;
  differences: TableDifference[];
  /** The live tables were replaced by the rebuilt ones. */
  replaced: boolean;
}

export interface RebuildOptions {
  db: PrismaClient;
  feeds: Record<SourceName, OutboxFeed>;
  /** Put the rebuilt tables in place of the live ones (under the checkpoints' locks). */
  replace?: boolean;
  /** Rows listed per table and side (default 10). */
  samples?: number;
  batch?: number;
  /** How often to try locking at matching positions before giving up (default 20). */
  attempts?: number;
}

const COUNT_LIMIT = 100_000;

export async function rebuildAnalytics(options: RebuildOptions): Promise<RebuildReport> {
  const { db } = options;
  const batch = options.batch ?? BATCH;
  const shadow = schemaName(`analytics_rebuild_${randomBytes(4).toString("hex")}`);
  const positions = Object.fromEntries(SOURCE_NAMES.map((n) => [n, START])) as Record<SourceName, Position>;
  const events = Object.fromEntries(SOURCE_NAMES.map((n) => [n, 0])) as Record<SourceName, number>;

  /** Folds `name`'s outbox into the shadow up to `until` (inclusive). */
  const catchUp = async (name: SourceName, until: Position) => {
    while (isAfter(until, positions[name])) {
      const read = await options.feeds[name].readAfter(positions[name], batch);
      const wanted = read.filter((e) => !isAfter(e, until));
      if (wanted.length === 0) {
        throw new Error(`${name}'s outbox ends before the live checkpoint (${until.xid}/${until.seq})`);
      }
      await db.$transaction((tx) => SOURCES[name].fold(tx, shadow, wanted), { timeout: 60_000, maxWait: 30_000 });
      positions[name] = lastOf(wanted);
      events[name] += wanted.length;
    }
  };

  await db.$executeRawUnsafe(`CREATE SCHEMA ${shadow}`);
  try {
    for (const { table } of FOLDED_TABLES) {
      await db.$executeRawUnsafe(`CREATE TABLE ${shadow}.${table} (LIKE analytics.${table} INCLUDING ALL)`);
    }
    const columns = await comparedColumns(db);
    for (let attempt = 0; ; attempt++) {
      const live = await livePositions(db);
      for (const name of SOURCE_NAMES) await catchUp(name, live[name]);
      const outcome = await db.$transaction(
        async (tx) => {
          const locked: Partial<Record<SourceName, Position>> = {};
          for (const name of SOURCE_NAMES) locked[name] = await lockCheckpoint(tx, SOURCES[name].consumer);
          if (SOURCE_NAMES.some((n) => !samePosition(locked[n]!, positions[n]))) return null;
          const differences = await compare(tx, shadow, columns, options.samples ?? 10);
          if (options.replace) {
            for (const { table } of FOLDED_TABLES) {
              await tx.$executeRawUnsafe(`DELETE FROM analytics.${table}`);
              await tx.$executeRawUnsafe(`INSERT INTO analytics.${table} SELECT * FROM ${shadow}.${table}`);
            }
            for (const name of SOURCE_NAMES) await moveCheckpoint(tx, SOURCES[name].consumer, positions[name]);
          }
          return differences;
        },
        { timeout: 300_000, maxWait: 60_000 },
      );
      if (outcome) return { positions, events, differences: outcome, replaced: options.replace === true };
      if (attempt + 1 >= (options.attempts ?? 20)) {
        throw new Error("the consumers kept moving: the live tables could not be caught at one position");
      }
    }
  } finally {
    await db.$executeRawUnsafe(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`);
  }
}

async function livePositions(db: PrismaClient): Promise<Record<SourceName, Position>> {
  const rows = await db.consumerCheckpoint.findMany({
    where: { consumer: { in: SOURCE_NAMES.map((n) => SOURCES[n].consumer) } },
  });
  return Object.fromEntries(
    SOURCE_NAMES.map((n) => {
      const row = rows.find((r) => r.consumer === SOURCES[n].consumer);
      return [n, row ? { xid: row.xid, seq: row.seq } : START];
    }),
  ) as Record<SourceName, Position>;
}

async function comparedColumns(db: PrismaClient): Promise<Map<string, string[]>> {
  const rows = await db.$queryRaw<{ table_name: string; column_name: string }[]>`
    SELECT table_name::text, column_name::text FROM information_schema.columns
    WHERE table_schema = 'analytics' ORDER BY table_name, ordinal_position`;
  const columns = new Map<string, string[]>();
  for (const { table, ignore = [] } of FOLDED_TABLES) {
    columns.set(
      table,
      rows.filter((r) => r.table_name === table && !ignore.includes(r.column_name)).map((r) => r.column_name),
    );
  }
  return columns;
}

async function compare(
  tx: Tx,
  shadow: string,
  columns: Map<string, string[]>,
  samples: number,
): Promise<TableDifference[]> {
  const differences: TableDifference[] = [];
  for (const { table } of FOLDED_TABLES) {
    const cols = columns.get(table)!.join(", ");
    const only = async (from: string, minus: string) => {
      const [counted] = await tx.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM (SELECT ${cols} FROM ${from}.${table} EXCEPT ALL SELECT ${cols} FROM ${minus}.${table} LIMIT ${COUNT_LIMIT}) d`,
      );
      const n = counted?.n ?? 0;
      const rows =
        n === 0
          ? []
          : await tx.$queryRawUnsafe<{ row: Record<string, unknown> }[]>(
              `SELECT row_to_json(d) AS row FROM (SELECT ${cols} FROM ${from}.${table} EXCEPT ALL SELECT ${cols} FROM ${minus}.${table} ORDER BY 1 LIMIT ${samples}) d`,
            );
      return { n, rows: rows.map((r) => r.row) };
    };
    const live = await only("analytics", shadow);
    const rebuilt = await only(shadow, "analytics");
    if (live.n === 0 && rebuilt.n === 0) continue;
    differences.push({
      table,
      onlyLive: live.n,
      onlyRebuilt: rebuilt.n,
      samples: [
        ...live.rows.map((row) => ({ side: "live" as const, row })),
        ...rebuilt.rows.map((row) => ({ side: "rebuilt" as const, row })),
      ],
    });
  }
  return differences;
}

const samePosition = (a: Position, b: Position) => a.xid === b.xid && a.seq === b.seq;
const lastOf = (events: readonly RemoteEvent[]): Position => events.reduce((a, b) => (isAfter(b, a) ? b : a));
