// Folds membership's outbox (budget ledger movements, org tree changes) into
// budget_daily, org_unit and the ORG_UNIT labels, set-based: one multi-row
// upsert per table and batch.
import type { RemoteEvent } from "../../consumers/outbox-client";
import { addLabel, addOrgUnit, labelWrite, orgUnitWrite, type Label } from "./entitlements.fold";
import { emptyOutcome, touch, type FoldOutcome } from "./outcome";
import { fen, idOrNull, shanghaiDay, textOr, upsertAll, type Sql } from "./sql";

const MOVES = {
  funded_fen: "bigint",
  allocated_in_fen: "bigint",
  allocated_out_fen: "bigint",
  reserved_fen: "bigint",
  committed_fen: "bigint",
  released_fen: "bigint",
} as const;
type Moves = Record<keyof typeof MOVES, number>;

const COLUMN_OF: Record<string, keyof Moves> = {
  "budget.funded": "funded_fen",
  "budget.reserved": "reserved_fen",
  "budget.committed": "committed_fen",
  "budget.released": "released_fen",
};

export async function foldMembershipEvents(
  sql: Sql,
  schema: string,
  events: readonly RemoteEvent[],
): Promise<FoldOutcome> {
  const outcome = emptyOutcome();
  const budget = new Map<string, { tenant_id: string; org_unit_id: string; period: string; day: string } & Moves>();
  const labels = new Map<string, Label>();
  const units = new Map<string, Record<string, unknown>>();
  const add = (
    tenantId: string,
    orgUnitId: string | null,
    period: string,
    day: string,
    column: keyof Moves,
    by: number,
  ) => {
    if (!orgUnitId) return;
    const key = `${tenantId}|${orgUnitId}|${period}|${day}`;
    let row = budget.get(key);
    if (!row) {
      row = {
        tenant_id: tenantId,
        org_unit_id: orgUnitId,
        period,
        day,
        funded_fen: 0,
        allocated_in_fen: 0,
        allocated_out_fen: 0,
        reserved_fen: 0,
        committed_fen: 0,
        released_fen: 0,
      };
      budget.set(key, row);
    }
    row[column] += by;
  };

  for (const event of events) {
    const tenantId = event.tenantId;
    if (!tenantId) continue;
    const p = event.payload;
    const day = shanghaiDay(event.occurredAt);
    const orgUnitId = idOrNull(p.orgUnitId);
    if (event.type === "org.unit_changed") {
      const path = Array.isArray(p.orgPath) ? p.orgPath.map(idOrNull) : [];
      const name = textOr(p.name);
      if (orgUnitId && path.every((id) => id !== null)) {
        addOrgUnit(
          units,
          tenantId,
          orgUnitId,
          name,
          path.length > 0 ? (path as string[]) : [orgUnitId],
          event.occurredAt,
        );
        if (name) addLabel(labels, tenantId, "ORG_UNIT", orgUnitId, name, event.occurredAt);
      }
      touch(outcome, event, orgUnitId);
      continue;
    }
    if (!event.type.startsWith("budget.")) continue;
    const period = textOr(p.period);
    const amount = fen(p.amountFen);
    if (event.type === "budget.allocated") {
      const from = idOrNull(p.fromOrgUnitId);
      const to = idOrNull(p.toOrgUnitId) ?? orgUnitId;
      add(tenantId, from, period, day, "allocated_out_fen", amount);
      add(tenantId, to, period, day, "allocated_in_fen", amount);
      touch(outcome, event, from, to);
    } else if (COLUMN_OF[event.type]) {
      add(tenantId, orgUnitId, period, day, COLUMN_OF[event.type]!, amount);
      touch(outcome, event, orgUnitId);
    } else {
      continue;
    }
    if (orgUnitId && typeof p.orgUnitName === "string" && p.orgUnitName) {
      addLabel(labels, tenantId, "ORG_UNIT", orgUnitId, p.orgUnitName, event.occurredAt);
    }
  }

  await upsertAll(sql, schema, [
    {
      spec: {
        table: "budget_daily",
        columns: { tenant_id: "uuid", org_unit_id: "uuid", period: "text", day: "date", ...MOVES },
        conflict: ["tenant_id", "org_unit_id", "period", "day"],
        action: `UPDATE SET ${Object.keys(MOVES)
          .map((c) => `${c} = t.${c} + EXCLUDED.${c}`)
          .join(", ")}`,
      },
      rows: [...budget.values()],
    },
    orgUnitWrite([...units.values()]),
    labelWrite([...labels.values()]),
  ]);
  return outcome;
}
