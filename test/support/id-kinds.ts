// What kind of row an ID-typed input field names, read from its name and the
// input type (or root field) around it, and the ids of each kind a tenant owns:
// the generated cross-tenant probes put another tenant's id of the matching
// kind into every such field. A new ID field whose kind cannot be read fails
// the suite until it is named here.
import type { PrismaClient } from "@benefits-hub/platform/db/client";

/** Rows that belong to one tenant, and where their ids are (SQL over tenant $1, the caller's unit $2). */
const TENANT_KINDS = {
  riskListEntry: `SELECT id FROM entitlements.risk_list_entry WHERE tenant_id = $1`,
  riskDecision: `SELECT id FROM entitlements.risk_decision WHERE tenant_id = $1`,
  riskRule: `SELECT id FROM entitlements.risk_rule WHERE tenant_id = $1`,
  issuanceRule: `SELECT id FROM entitlements.issuance_rule WHERE tenant_id = $1`,
  grantJob: `SELECT id FROM entitlements.grant_job WHERE tenant_id = $1`,
  campaignItem: `SELECT i.id FROM entitlements.campaign_item i JOIN entitlements.campaign c ON c.id = i.campaign_id
                 WHERE c.tenant_id = $1`,
  // A live GRANT campaign first: granting names members, segments and units besides the campaign.
  campaign: `SELECT id FROM entitlements.campaign WHERE tenant_id = $1
             ORDER BY (channel = 'GRANT' AND state IN ('SCHEDULED', 'LIVE')) DESC, created_at`,
  entitlement: `SELECT id FROM entitlements.entitlement WHERE tenant_id = $1 ORDER BY (state = 'CLAIMED') DESC`,
  shelfItem: `SELECT id FROM catalog.shelf_item WHERE tenant_id = $1`,
  orgUnit: `SELECT id FROM membership.org_unit WHERE tenant_id = $1 AND archived_at IS NULL
            ORDER BY ($2::uuid = ANY(path) AND id <> $2::uuid) DESC, depth DESC`,
  member: `SELECT m.id FROM membership.member m JOIN membership.org_unit u ON u.id = m.org_unit_id
           WHERE m.tenant_id = $1 AND m.role = 'MEMBER' AND m.password_hash IS NULL
           ORDER BY ($2::uuid = ANY(u.path)) DESC`,
  segment: `SELECT id FROM membership.segment WHERE tenant_id = $1`,
  apiKey: `SELECT id FROM membership.api_key WHERE tenant_id = $1 AND revoked_at IS NULL`,
  memberImport: `SELECT id FROM membership.member_import WHERE tenant_id = $1`,
  budgetReservation: `SELECT id FROM membership.budget_reservation WHERE tenant_id = $1 ORDER BY (state = 'HELD') DESC`,
  tenant: `SELECT id FROM membership.tenant WHERE id = $1`,
} as const;

/** Rows of the platform, shared by every tenant: nothing to cross, the same id serves everyone. */
const SHARED_KINDS = {
  sku: `SELECT id FROM catalog.sku WHERE archived_at IS NULL ORDER BY sale_price_fen`,
  benefit: `SELECT id FROM catalog.benefit WHERE archived_at IS NULL`,
  category: `SELECT id FROM catalog.category`,
  brand: `SELECT id FROM catalog.brand`,
  supplier: `SELECT id FROM catalog.supplier`,
} as const;

export type TenantKind = keyof typeof TENANT_KINDS;
export type IdKind = TenantKind | keyof typeof SHARED_KINDS;

const ALIASES: Record<string, IdKind> = {
  decision: "riskDecision",
  reservation: "budgetReservation",
  item: "campaignItem",
};
const NAMES = [...Object.keys(TENANT_KINDS), ...Object.keys(SHARED_KINDS), ...Object.keys(ALIASES)].sort(
  (a, b) => b.length - a.length,
);

export const isTenantKind = (kind: IdKind): kind is TenantKind => kind in TENANT_KINDS;

/**
 * The kind an ID field names: from the field's name (`budgetOrgUnitId`,
 * `toMemberId`, `segmentIds`), or, for `id` and `parentId`, from the input
 * type or root field it sits in (`RenameOrgUnitInput`, `transitionCampaign`).
 */
export function idKindOf(context: string, fieldName: string): IdKind | null {
  const own = /^ids?$/.test(fieldName) ? "" : fieldName.replace(/Ids?$/, "");
  const source = own === "" || /^(new)?parent$/i.test(own) ? context : own;
  const lower = source.toLowerCase();
  const name = NAMES.find((n) => lower.includes(n.toLowerCase()));
  if (!name) return null;
  return ALIASES[name] ?? (name as IdKind);
}

/** Up to `count` ids of each kind: the tenant's own (those under `unitId` first), and the shared ones. */
export async function idsByKind(
  db: PrismaClient,
  tenantId: string,
  unitId: string,
  count = 1,
): Promise<Map<IdKind, string[]>> {
  const ids = new Map<IdKind, string[]>();
  for (const [kind, sql] of Object.entries({ ...TENANT_KINDS, ...SHARED_KINDS })) {
    const params = sql.includes("$2") ? [tenantId, unitId] : sql.includes("$1") ? [tenantId] : [];
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text AS id FROM (${sql} LIMIT ${count}) AS ids`,
      ...params,
    );
    if (rows.length)
      ids.set(
        kind as IdKind,
        rows.map((r) => r.id),
      );
  }
  return ids;
}

/**
 * Every row, in any table of the four domains, that names one of `ids` and is
 * not tenant `exceptTenantId`'s own: as JSON text, to compare before and after.
 */
export async function rowsNaming(db: PrismaClient, ids: string[], exceptTenantId: string): Promise<Set<string>> {
  const tables = await db.$queryRaw<{ schema: string; table: string; tenant: boolean }[]>`
    SELECT t.table_schema::text AS schema, t.table_name::text AS table,
           EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = t.table_schema
                   AND c.table_name = t.table_name AND c.column_name = 'tenant_id') AS tenant
    FROM information_schema.tables t
    WHERE t.table_schema IN ('catalog', 'membership', 'entitlements', 'analytics') AND t.table_type = 'BASE TABLE'`;
  const found = new Set<string>();
  for (const { schema, table, tenant } of tables) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(
      `SELECT to_jsonb(t)::text AS row FROM "${schema}"."${table}" t
       WHERE ${tenant ? "t.tenant_id IS DISTINCT FROM $2::uuid AND" : "$2::uuid IS NOT NULL AND"}
             EXISTS (SELECT 1 FROM unnest($1::text[]) AS v(id) WHERE strpos(to_jsonb(t)::text, v.id) > 0)`,
      ids,
      exceptTenantId,
    );
    for (const { row } of rows) found.add(`${schema}.${table} ${row}`);
  }
  return found;
}

/**
 * Quiet rows of a tenant outside one unit's subtree (a leaf unit, no
 * campaign's budget, and a member who never logs in): what a unit manager of
 * that unit must not name, and what nothing else writes about during a test.
 */
export async function outsideSubtree(db: PrismaClient, tenantId: string, unitId: string) {
  const [unit] = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT u.id::text AS id FROM membership.org_unit u
     WHERE u.tenant_id = $1 AND NOT ($2::uuid = ANY(u.path)) AND u.parent_id IS NOT NULL AND u.archived_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM entitlements.campaign c WHERE c.budget_org_unit_id = u.id)
       AND NOT EXISTS (SELECT 1 FROM membership.org_unit c WHERE c.parent_id = u.id)
     ORDER BY u.id LIMIT 1`,
    tenantId,
    unitId,
  );
  const [member] = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT m.id::text AS id FROM membership.member m JOIN membership.org_unit u ON u.id = m.org_unit_id
     WHERE m.tenant_id = $1 AND NOT ($2::uuid = ANY(u.path)) AND m.password_hash IS NULL
     ORDER BY m.id LIMIT 1`,
    tenantId,
    unitId,
  );
  return new Map<IdKind, string[]>([
    ["orgUnit", [unit!.id]],
    ["member", [member!.id]],
  ]);
}
