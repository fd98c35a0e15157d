// The transactional outbox every source domain publishes through: a table per
// domain, `<schema>.outbox_event(id, xid xid8 DEFAULT pg_current_xact_id(),
// seq bigserial, tenant_id, type, payload, occurred_at)`, written in the
// transaction of the change it describes, and read by other services in
// (xid, seq) order.
//
// Readers only return events of transactions older than every running one
// (`xid < pg_snapshot_xmin(pg_current_snapshot())`): a consumer that
// checkpoints the last (xid, seq) it saw can never skip an event that commits
// later with a smaller seq, because that event's xid is still running (so not
// yet returned) and is greater than the checkpoint's.
import { randomUUID } from "node:crypto";

/** An event to append; `occurredAt` defaults to the transaction's start (now()). */
export interface OutboxEventInput {
  /** null only for events that belong to no tenant (a supplier's statement line). */
  tenantId: string | null;
  type: string;
  payload: unknown;
  occurredAt?: Date;
}

/** A position in an outbox: the (xid, seq) of the last event a consumer applied ("0", "0" before the first). */
export interface OutboxPosition {
  xid: string;
  seq: string;
}

/** An event as GET /internal/outbox sends it (extra columns of a table come between tenantId and type). */
export interface OutboxEvent {
  id: string;
  seq: string;
  xid: string;
  tenantId: string | null;
  type: string;
  payload: unknown;
  occurredAt: string;
  [extra: string]: unknown;
}

/** What the outbox needs of a Prisma client or transaction client. */
export interface RawSql {
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
}

export type OutboxReader = (after: OutboxPosition, limit: number) => Promise<OutboxEvent[]>;

export interface OutboxReaderOptions {
  /** Extra columns sent with each event, wire name -> column (e.g. { entitlementId: "entitlement_id" }). */
  columns?: Record<string, string>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const WIRE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const BUILT_IN = new Set(["id", "seq", "xid", "tenantId", "type", "payload", "occurredAt"]);

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`outbox: ${what} ${JSON.stringify(name)} is not a plain SQL identifier`);
  return name;
}

/** `schema.table`, both plain identifiers (they are written into SQL text, never taken from a request). */
function qualifiedTable(table: string): string {
  const parts = table.split(".");
  if (parts.length !== 2) throw new Error(`outbox: table ${JSON.stringify(table)} must be schema.table`);
  return `${identifier(parts[0]!, "schema")}.${identifier(parts[1]!, "table")}`;
}

/** Events per INSERT: bounds one statement's size. */
const ROWS_PER_INSERT = 5000;

/**
 * Appends events to `<schema>.outbox_event` inside the caller's transaction
 * `tx` (they commit or roll back with the change): one INSERT per 5,000
 * events, in the order given (seq follows it). Returns their ids.
 */
export async function appendOutboxEvents(
  tx: Pick<RawSql, "$executeRawUnsafe">,
  schema: string,
  events: readonly OutboxEventInput[],
): Promise<string[]> {
  const table = `${identifier(schema, "schema")}.outbox_event`;
  const ids: string[] = [];
  for (let start = 0; start < events.length; start += ROWS_PER_INSERT) {
    ids.push(...(await insertEvents(tx, table, events.slice(start, start + ROWS_PER_INSERT))));
  }
  return ids;
}

/** One INSERT of the events as five arrays (unnest): a few parameters however many rows. */
async function insertEvents(
  tx: Pick<RawSql, "$executeRawUnsafe">,
  table: string,
  events: readonly OutboxEventInput[],
): Promise<string[]> {
  const ids: string[] = [];
  const tenants: (string | null)[] = [];
  const types: string[] = [];
  const payloads: string[] = [];
  const times: (string | null)[] = [];
  for (const event of events) {
    if (!event.type) throw new Error("outbox: an event needs a type");
    ids.push(randomUUID());
    tenants.push(event.tenantId);
    types.push(event.type);
    payloads.push(JSON.stringify(event.payload ?? null));
    times.push(event.occurredAt ? event.occurredAt.toISOString() : null);
  }
  await tx.$executeRawUnsafe(
    `INSERT INTO ${table} (id, tenant_id, type, payload, occurred_at)
     SELECT e.id, e.tenant_id, e.type, e.payload, COALESCE(e.occurred_at, now())
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[], $5::timestamptz[])
       WITH ORDINALITY AS e(id, tenant_id, type, payload, occurred_at, n)
     ORDER BY e.n`,
    ids,
    tenants,
    types,
    payloads,
    times,
  );
  return ids;
}

/** Appends one event to `<schema>.outbox_event` inside the caller's transaction; returns its id. */
export async function appendOutboxEvent(
  tx: Pick<RawSql, "$executeRawUnsafe">,
  schema: string,
  event: OutboxEventInput,
): Promise<string> {
  const [id] = await appendOutboxEvents(tx, schema, [event]);
  return id!;
}

interface Row {
  id: string;
  seq: bigint | number | string;
  xid_text: string;
  tenant_id: string | null;
  type: string;
  payload: unknown;
  occurred_at: Date;
  [extra: string]: unknown;
}

/**
 * Up to `limit` events of `table` (schema.table) after `after`, in (xid, seq)
 * order, of committed transactions older than every running one only.
 */
export async function readOutboxAfter(
  db: Pick<RawSql, "$queryRawUnsafe">,
  table: string,
  after: OutboxPosition,
  limit: number,
  options: OutboxReaderOptions = {},
): Promise<OutboxEvent[]> {
  const source = qualifiedTable(table);
  const extras = Object.entries(options.columns ?? {}).map(([wire, column], i) => {
    if (!WIRE_NAME.test(wire) || BUILT_IN.has(wire))
      throw new Error(`outbox: extra column name ${JSON.stringify(wire)}`);
    return { wire, column: identifier(column, "column"), alias: `extra_${i}` };
  });
  const extraSelect = extras.map((e) => `, e.${e.column} AS ${e.alias}`).join("");
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT e.id, e.seq, e.xid::text AS xid_text, e.tenant_id${extraSelect}, e.type, e.payload, e.occurred_at
     FROM ${source} e
     WHERE (e.xid, e.seq) > ($1::xid8, $2::bigint)
       AND e.xid < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY e.xid, e.seq
     LIMIT $3::int`,
    after.xid,
    after.seq,
    limit,
  );
  return rows.map((r) => {
    const event: OutboxEvent = {
      id: r.id,
      seq: String(r.seq),
      xid: r.xid_text,
      tenantId: r.tenant_id,
    } as OutboxEvent;
    for (const e of extras) event[e.wire] = r[e.alias];
    event.type = r.type;
    event.payload = r.payload;
    event.occurredAt = r.occurred_at.toISOString();
    return event;
  });
}

/**
 * Resolves once every transaction that was running when called has ended, so
 * everything committed before the call is readable. The horizon is the whole
 * server's: a long transaction in any database of a PostgreSQL server holds
 * it back (rebuilds and tests that must see "everything so far" wait here).
 */
export async function waitForOutboxHorizon(
  db: Pick<RawSql, "$queryRawUnsafe">,
  { timeoutMs = 30_000, pollMs = 20 }: { timeoutMs?: number; pollMs?: number } = {},
): Promise<void> {
  const [{ xmax }] = (await db.$queryRawUnsafe<{ xmax: string }[]>(
    `SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax`,
  )) as [{ xmax: string }];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ passed }] = (await db.$queryRawUnsafe<{ passed: boolean }[]>(
      `SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 AS passed`,
      xmax,
    )) as [{ passed: boolean }];
    if (passed) return;
    if (Date.now() > deadline) {
      throw new Error(`outbox: transactions older than xid ${xmax} still running after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** A reader bound to one table (what `outboxRoute` serves). */
export function outboxReader(
  db: Pick<RawSql, "$queryRawUnsafe">,
  table: string,
  options: OutboxReaderOptions = {},
): OutboxReader {
  qualifiedTable(table);
  return (after, limit) => readOutboxAfter(db, table, after, limit, options);
}
