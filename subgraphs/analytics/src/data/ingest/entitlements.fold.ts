// Folds a batch of entitlement events (entitlements.entitlement_event, read
// over its outbox route) into the cockpit's tables, set-based: the batch is
// walked once in memory, in outbox order, and written with one multi-row
// upsert per table. Events that create an entitlement (issued, claimed,
// transferred_in) carry payload.facts, stored in entitlement_fact; every later
// event finds its dimensions there (or earlier in the same batch).
//
// Counts (DESIGN12 §1): issued = issued + claimed events whose channel is not
// TRANSFER; claimed = claimed + accepted events; redeemed, expired, revoked =
// those events. issuedCost = costFen of issued ones; cost and face value =
// costFen and faceValueFen of redeemed ones. Each counts on its own day.
// A pack counts through the options chosen from it (each its own claimed
// entitlement with its own cost): the pack's own entitlement, whose cost is
// the whole allowance, is kept in entitlement_fact but counted nowhere, or a
// pack claimed and fully chosen would count its allowance and its options twice.
import type { RemoteEvent } from "../../consumers/outbox-client";
import { emptyOutcome, touch, type FoldOutcome, type RedemptionCount } from "./outcome";
import {
  NO_ID,
  fen,
  idOr,
  idOrNull,
  isLater,
  sameInstant,
  schemaName,
  shanghaiDay,
  textOr,
  upsertAll,
  type Sql,
  type Write,
} from "./sql";

const CREATING = new Set(["entitlement.issued", "entitlement.claimed", "entitlement.transferred_in"]);

/** The state an entitlement is in after an event (the entitlements domain's own mapping). */
const STATE_AFTER: Record<string, string> = {
  "entitlement.issued": "ISSUED",
  "entitlement.claimed": "CLAIMED",
  "entitlement.accepted": "CLAIMED",
  "entitlement.transferred_in": "CLAIMED",
  "entitlement.redeemed": "REDEEMED",
  "entitlement.expired": "EXPIRED",
  "entitlement.revoked": "REVOKED",
  "entitlement.transferred_out": "TRANSFERRED",
  "entitlement.pack_chosen": "REDEEMED",
  "entitlement.topup_requested": "FULFILLING",
};

/** A row of entitlement_fact (dates as YYYY-MM-DD, money as numbers of fen). */
export interface Fact {
  entitlement_id: string;
  tenant_id: string;
  member_id: string;
  issued_day: string;
  campaign_id: string;
  variant: string;
  benefit_id: string;
  sku_id: string;
  category_id: string;
  brand_id: string;
  supplier_id: string;
  channel: string;
  org_unit_id: string;
  tier: string;
  cost_fen: number;
  face_value_fen: number;
  fulfilment_kind: string;
  state: string;
  created_by: string;
}

const FACT_COLUMNS: Record<keyof Fact, string> = {
  entitlement_id: "uuid",
  tenant_id: "uuid",
  member_id: "uuid",
  issued_day: "date",
  campaign_id: "uuid",
  variant: "text",
  benefit_id: "uuid",
  sku_id: "uuid",
  category_id: "uuid",
  brand_id: "uuid",
  supplier_id: "uuid",
  channel: "text",
  org_unit_id: "uuid",
  tier: "text",
  cost_fen: "bigint",
  face_value_fen: "bigint",
  fulfilment_kind: "text",
  state: "text",
  created_by: "text",
};

const COUNTS = {
  issued: "int",
  claimed: "int",
  redeemed: "int",
  expired: "int",
  revoked: "int",
  issued_cost_fen: "bigint",
  redeemed_cost_fen: "bigint",
  redeemed_face_value_fen: "bigint",
} as const;
type Counts = Record<keyof typeof COUNTS, number>;
const ADD_COUNTS = Object.keys(COUNTS)
  .map((c) => `${c} = t.${c} + EXCLUDED.${c}`)
  .join(", ");

const ROLLUP_KEY = [
  "tenant_id",
  "day",
  "campaign_id",
  "variant",
  "benefit_id",
  "sku_id",
  "channel",
  "org_unit_id",
  "tier",
] as const;

const zero = (): Counts => ({
  issued: 0,
  claimed: 0,
  redeemed: 0,
  expired: 0,
  revoked: 0,
  issued_cost_fen: 0,
  redeemed_cost_fen: 0,
  redeemed_face_value_fen: 0,
});

/** The creating event's dimensions (payload.facts; older events without facts: what their payload names). */
export function factOf(event: RemoteEvent, entitlementId: string): Fact {
  const p = event.payload;
  const f = (p.facts && typeof p.facts === "object" ? p.facts : {}) as Record<string, unknown>;
  const pick = (key: string) => (f[key] !== undefined ? f[key] : p[key]);
  const orgPath = Array.isArray(f.orgPath) ? f.orgPath : [];
  return {
    entitlement_id: entitlementId,
    tenant_id: event.tenantId!,
    member_id: idOr(pick("memberId")),
    issued_day: shanghaiDay(event.occurredAt),
    campaign_id: idOr(pick("campaignId")),
    variant: textOr(pick("variant")),
    benefit_id: idOr(pick("benefitId")),
    sku_id: idOr(pick("skuId")),
    category_id: idOr(f.categoryId),
    brand_id: idOr(f.brandId),
    supplier_id: idOr(f.supplierId),
    channel: textOr(f.channel) || defaultChannel(event.type),
    org_unit_id: idOr(f.orgUnitId ?? orgPath[orgPath.length - 1]),
    tier: textOr(f.tier),
    cost_fen: fen(pick("costFen")),
    face_value_fen: fen(f.faceValueFen),
    fulfilment_kind: textOr(pick("fulfilmentKind")),
    state: STATE_AFTER[event.type] ?? "ISSUED",
    created_by: event.type,
  };
}

/** Events written before payload.facts existed name no channel: a transfer's is TRANSFER, the rest unknown (""). */
const defaultChannel = (type: string) => (type === "entitlement.transferred_in" ? "TRANSFER" : "");

/** A lifecycle event of an entitlement analytics never saw created: counted under what its payload names. */
function orphanFact(event: RemoteEvent, entitlementId: string): Fact {
  return { ...factOf(event, entitlementId), created_by: "" };
}

const entitlementIdOf = (e: RemoteEvent): string | null => idOrNull(e.entitlementId ?? e.payload.entitlementId);

export interface Label {
  tenant_id: string;
  dimension: string;
  key: string;
  label: string;
  as_of: string;
}

/** Folds `events` (in outbox order) into the tables of `schema`. */
export async function foldEntitlementEvents(
  sql: Sql,
  schema: string,
  events: readonly RemoteEvent[],
): Promise<FoldOutcome> {
  const outcome = emptyOutcome();
  // Facts of entitlements created before this batch, in one query.
  const created = new Set<string>();
  const wanted = new Set<string>();
  for (const e of events) {
    const id = entitlementIdOf(e);
    if (!id || !e.tenantId) continue;
    if (CREATING.has(e.type)) created.add(id);
    else if (!created.has(id)) wanted.add(id);
  }
  const facts = new Map<string, Fact>();
  if (wanted.size > 0) {
    // One text value for the whole set (JSON.parse is far cheaper than decoding 19 columns a row).
    const [found] = await sql.$queryRawUnsafe<{ rows: string }[]>(
      `SELECT coalesce(json_agg(json_build_object(
         'entitlement_id', entitlement_id, 'tenant_id', tenant_id, 'member_id', member_id,
         'issued_day', to_char(issued_day, 'YYYY-MM-DD'), 'campaign_id', campaign_id, 'variant', variant,
         'benefit_id', benefit_id, 'sku_id', sku_id, 'category_id', category_id, 'brand_id', brand_id,
         'supplier_id', supplier_id, 'channel', channel, 'org_unit_id', org_unit_id, 'tier', tier,
         'cost_fen', cost_fen, 'face_value_fen', face_value_fen, 'fulfilment_kind', fulfilment_kind,
         'state', state, 'created_by', created_by)), '[]')::text AS rows
       FROM ${schemaName(schema)}.entitlement_fact WHERE entitlement_id = ANY($1::uuid[])`,
      [...wanted],
    );
    const rows = JSON.parse(found?.rows ?? "[]") as Fact[];
    for (const row of rows) facts.set(row.entitlement_id, row);
  }

  /** Facts created in this batch (inserted) and facts of earlier batches whose state moved (updated). */
  const changedFacts = new Map<string, Fact>();
  const movedFacts = new Map<string, Fact>();
  const rollup = new Map<string, Fact & Counts & { day: string }>();
  const unit = new Map<string, { tenant_id: string; day: string; org_unit_id: string } & Counts>();
  const members = new Map<string, { tenant_id: string; day: string; member_id: string; org_unit_id: string }>();
  const labels = new Map<string, Label>();
  const campaigns = new Map<string, Record<string, unknown>>();
  const orgUnits = new Map<string, Record<string, unknown>>();
  const redeemed = new Map<string, { tenant_id: string; benefit_id: string; by: number }>();

  for (const event of events) {
    const id = entitlementIdOf(event);
    if (!id || !event.tenantId) continue;
    let fact: Fact | undefined;
    if (CREATING.has(event.type)) {
      fact = factOf(event, id);
      facts.set(id, fact);
      changedFacts.set(id, fact);
      collectLabels(event, fact, labels, campaigns, orgUnits);
    } else {
      fact = facts.get(id);
      const state = event.type === "entitlement.topup_refused" ? textOr(event.payload.state) : STATE_AFTER[event.type];
      if (fact && state) {
        fact = { ...fact, state };
        facts.set(id, fact);
        (changedFacts.has(id) ? changedFacts : movedFacts).set(id, fact);
      }
      fact ??= orphanFact(event, id);
    }

    const day = shanghaiDay(event.occurredAt);
    const add: Partial<Counts> = {};
    switch (fact.fulfilment_kind === "PACK" ? "pack" : event.type) {
      case "entitlement.issued":
        if (fact.channel !== "TRANSFER") Object.assign(add, { issued: 1, issued_cost_fen: fact.cost_fen });
        break;
      case "entitlement.claimed":
        if (fact.channel !== "TRANSFER") Object.assign(add, { issued: 1, issued_cost_fen: fact.cost_fen });
        add.claimed = 1;
        break;
      case "entitlement.accepted":
        add.claimed = 1;
        break;
      case "entitlement.redeemed":
        Object.assign(add, {
          redeemed: 1,
          redeemed_cost_fen: fact.cost_fen,
          redeemed_face_value_fen: fact.face_value_fen,
        });
        break;
      case "entitlement.expired":
        add.expired = 1;
        break;
      case "entitlement.revoked":
        add.revoked = 1;
        break;
    }
    if (Object.keys(add).length > 0) {
      const key = [
        fact.tenant_id,
        day,
        fact.campaign_id,
        fact.variant,
        fact.benefit_id,
        fact.sku_id,
        fact.channel,
        fact.org_unit_id,
        fact.tier,
      ].join("|");
      let row = rollup.get(key);
      if (!row) rollup.set(key, (row = { ...fact, day, ...zero() }));
      const unitKey = `${fact.tenant_id}|${day}|${fact.org_unit_id}`;
      let unitRow = unit.get(unitKey);
      if (!unitRow)
        unit.set(unitKey, (unitRow = { tenant_id: fact.tenant_id, day, org_unit_id: fact.org_unit_id, ...zero() }));
      for (const [k, v] of Object.entries(add) as [keyof Counts, number][]) {
        row[k] += v;
        unitRow[k] += v;
      }
    }
    if (fact.member_id !== NO_ID) {
      const key = `${fact.tenant_id}|${day}|${fact.member_id}`;
      if (!members.has(key))
        members.set(key, { tenant_id: fact.tenant_id, day, member_id: fact.member_id, org_unit_id: fact.org_unit_id });
    }
    if (event.type === "entitlement.redeemed") {
      // As the redemption counter always did: the benefit the event names.
      const benefitId = idOrNull(event.payload.benefitId) ?? (fact.benefit_id !== NO_ID ? fact.benefit_id : null);
      if (benefitId) {
        const key = `${event.tenantId}|${benefitId}`;
        const entry = redeemed.get(key) ?? { tenant_id: event.tenantId, benefit_id: benefitId, by: 0 };
        entry.by += 1;
        redeemed.set(key, entry);
      }
    }
    touch(outcome, event, fact.org_unit_id);
  }

  const counted = await upsertAll<{ tenant_id: string; benefit_id: string; redeemed_count: number; updated_at: Date }>(
    sql,
    schema,
    [
      {
        spec: {
          table: "entitlement_fact",
          columns: FACT_COLUMNS,
          conflict: ["entitlement_id"],
          action: `UPDATE SET ${Object.keys(FACT_COLUMNS)
            .filter((c) => c !== "entitlement_id")
            .map((c) => `${c} = EXCLUDED.${c}`)
            .join(", ")}`,
        },
        rows: [...changedFacts.values()] as unknown as Record<string, unknown>[],
      },
      {
        update: {
          table: "entitlement_fact",
          columns: { entitlement_id: "uuid", state: "text" },
          key: ["entitlement_id"],
          set: ["state"],
        },
        rows: [...movedFacts.values()].map((f) => ({ entitlement_id: f.entitlement_id, state: f.state })),
      },
      {
        spec: {
          table: "daily_rollup",
          columns: {
            tenant_id: "uuid",
            day: "date",
            campaign_id: "uuid",
            variant: "text",
            benefit_id: "uuid",
            sku_id: "uuid",
            channel: "text",
            org_unit_id: "uuid",
            tier: "text",
            category_id: "uuid",
            brand_id: "uuid",
            supplier_id: "uuid",
            ...COUNTS,
          },
          conflict: [...ROLLUP_KEY],
          action: `UPDATE SET ${ADD_COUNTS}`,
        },
        rows: [...rollup.values()] as unknown as Record<string, unknown>[],
      },
      {
        spec: {
          table: "daily_unit_rollup",
          columns: { tenant_id: "uuid", day: "date", org_unit_id: "uuid", ...COUNTS },
          conflict: ["tenant_id", "day", "org_unit_id"],
          action: `UPDATE SET ${ADD_COUNTS}`,
        },
        rows: [...unit.values()],
      },
      {
        spec: {
          table: "member_day",
          columns: { tenant_id: "uuid", day: "date", member_id: "uuid", org_unit_id: "uuid" },
          conflict: ["tenant_id", "day", "member_id"],
          action: "NOTHING",
        },
        rows: [...members.values()],
      },
      labelWrite([...labels.values()]),
      orgUnitWrite([...orgUnits.values()]),
      {
        spec: {
          table: "campaign_fact",
          columns: {
            tenant_id: "uuid",
            campaign_id: "uuid",
            name: "text",
            planned_budget_fen: "bigint",
            as_of: "timestamptz",
          },
          conflict: ["tenant_id", "campaign_id"],
          action: `UPDATE SET name = EXCLUDED.name, planned_budget_fen = EXCLUDED.planned_budget_fen, as_of = EXCLUDED.as_of
                   WHERE (EXCLUDED.as_of, EXCLUDED.name) > (t.as_of, t.name)`,
        },
        rows: [...campaigns.values()],
      },
      {
        spec: {
          table: "benefit_redemptions",
          columns: { tenant_id: "uuid", benefit_id: "uuid", redeemed_count: "int", updated_at: "timestamptz" },
          conflict: ["tenant_id", "benefit_id"],
          action:
            "UPDATE SET redeemed_count = t.redeemed_count + EXCLUDED.redeemed_count, updated_at = EXCLUDED.updated_at",
          returning: "tenant_id::text, benefit_id::text, redeemed_count, updated_at",
        },
        rows: [...redeemed.values()].map((r) => ({
          tenant_id: r.tenant_id,
          benefit_id: r.benefit_id,
          redeemed_count: r.by,
          updated_at: new Date().toISOString(),
        })),
      },
    ],
  );
  outcome.redemptions = counted.map((r): RedemptionCount => ({
    tenantId: r.tenant_id,
    benefitId: r.benefit_id,
    redeemedCount: Number(r.redeemed_count),
    updatedAt: new Date(r.updated_at),
  }));
  return outcome;
}

const DIMENSION_NAMES: [idKey: string, nameKey: string, dimension: string][] = [
  ["campaignId", "campaignName", "CAMPAIGN"],
  ["benefitId", "benefitName", "BENEFIT"],
  ["skuId", "skuName", "SKU"],
  ["categoryId", "categoryName", "CATEGORY"],
  ["brandId", "brandName", "BRAND"],
  ["supplierId", "supplierName", "SUPPLIER"],
  ["orgUnitId", "orgUnitName", "ORG_UNIT"],
];

function collectLabels(
  event: RemoteEvent,
  fact: Fact,
  labels: Map<string, Label>,
  campaigns: Map<string, Record<string, unknown>>,
  orgUnits: Map<string, Record<string, unknown>>,
): void {
  const f = event.payload.facts;
  if (!f || typeof f !== "object") return;
  const facts = f as Record<string, unknown>;
  for (const [idKey, nameKey, dimension] of DIMENSION_NAMES) {
    const key = idOrNull(facts[idKey]);
    const label = facts[nameKey];
    if (key && typeof label === "string" && label)
      addLabel(labels, fact.tenant_id, dimension, key, label, event.occurredAt);
  }
  if (fact.campaign_id !== NO_ID && typeof facts.campaignName === "string") {
    const planned = facts.campaignPlannedFen;
    campaigns.set(`${fact.tenant_id}|${fact.campaign_id}`, {
      tenant_id: fact.tenant_id,
      campaign_id: fact.campaign_id,
      name: facts.campaignName,
      planned_budget_fen: planned === null || planned === undefined ? null : fen(planned),
      as_of: event.occurredAt,
    });
  }
  const path = Array.isArray(facts.orgPath) ? facts.orgPath.map(idOrNull) : [];
  if (fact.org_unit_id !== NO_ID && typeof facts.orgUnitName === "string" && path.every((p) => p !== null)) {
    addOrgUnit(orgUnits, fact.tenant_id, fact.org_unit_id, facts.orgUnitName, path as string[], event.occurredAt);
  }
}

export function addLabel(
  labels: Map<string, Label>,
  tenantId: string,
  dimension: string,
  key: string,
  label: string,
  asOf: string,
): void {
  const id = `${tenantId}|${dimension}|${key}`;
  const prev = labels.get(id);
  if (!prev || later(asOf, label, prev.as_of, prev.label))
    labels.set(id, { tenant_id: tenantId, dimension, key, label, as_of: asOf });
}

/** Records an org unit (path root-first, the unit last) unless the batch already holds a later description. */
export function addOrgUnit(
  units: Map<string, Record<string, unknown>>,
  tenantId: string,
  orgUnitId: string,
  name: string,
  path: string[],
  asOf: string,
): void {
  const full = path[path.length - 1] === orgUnitId ? path : [...path, orgUnitId];
  const id = `${tenantId}|${orgUnitId}`;
  const prev = units.get(id);
  if (prev && !later(asOf, name, prev.as_of as string, prev.name as string)) return;
  units.set(id, {
    tenant_id: tenantId,
    org_unit_id: orgUnitId,
    name,
    parent_id: full.length > 1 ? full[full.length - 2] : null,
    path: full,
    as_of: asOf,
  });
}

/** (asOf, text) ordering: the later event wins, equal times by text, so any fold order ends the same. */
const later = (asOf: string, text: string, prevAsOf: string, prevText: string) =>
  isLater(asOf, prevAsOf) || (sameInstant(asOf, prevAsOf) && text > prevText);

export function labelWrite(rows: Label[]): Write {
  return {
    spec: {
      table: "dimension_label",
      columns: { tenant_id: "uuid", dimension: "text", key: "text", label: "text", as_of: "timestamptz" },
      conflict: ["tenant_id", "dimension", "key"],
      action: `UPDATE SET label = EXCLUDED.label, as_of = EXCLUDED.as_of
               WHERE (EXCLUDED.as_of, EXCLUDED.label) > (t.as_of, t.label)`,
    },
    rows: rows as unknown as Record<string, unknown>[],
  };
}

export function orgUnitWrite(rows: Record<string, unknown>[]): Write {
  return {
    spec: {
      table: "org_unit",
      columns: {
        tenant_id: "uuid",
        org_unit_id: "uuid",
        name: "text",
        parent_id: "uuid",
        path: "uuid[]",
        as_of: "timestamptz",
      },
      conflict: ["tenant_id", "org_unit_id"],
      action: `UPDATE SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id, path = EXCLUDED.path, as_of = EXCLUDED.as_of
               WHERE (EXCLUDED.as_of, EXCLUDED.name) > (t.as_of, t.name)`,
    },
    rows,
  };
}
