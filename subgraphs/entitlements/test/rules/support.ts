// Test helpers for rules and packs: live campaigns made through the graph as
// the demo tenant admin, partner API keys, ingest calls, fresh members.
import type { TestHub } from "../../../../test/support/hub";

export interface Stellar {
  tenantId: string;
  hqId: string;
  admin: string;
}

export async function stellar(hub: TestHub): Promise<Stellar> {
  const tenant = await hub.db.tenant.findUniqueOrThrow({ where: { slug: "stellar" } });
  const hq = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: tenant.id, parentId: null } });
  // Budget for this month, whenever the tests run (the demo funds 2026-11 and 2026-12 only).
  await hub.seed.fundBudget({ tenantId: tenant.id, orgUnitId: hq.id, period: period(), amountFen: 10_000_000n });
  return { tenantId: tenant.id, hqId: hq.id, admin: await hub.login(hub.demo.adminEmail) };
}

export const period = (d = new Date()) => d.toISOString().slice(0, 7);

/** SKUs on the tenant's shelf, cheapest first. */
export async function shelfSkus(hub: TestHub, tenantId: string, n: number): Promise<string[]> {
  const items = await hub.db.shelfItem.findMany({ where: { tenantId }, orderBy: { skuId: "asc" }, take: n });
  if (items.length < n) throw new Error(`the demo shelf has ${items.length} SKUs, ${n} wanted`);
  return items.map((i) => i.skuId);
}

export interface CampaignSpec {
  channel: "CLAIM" | "GRANT" | "RULE";
  kind?: "SINGLE" | "PACK";
  items: { skuId: string; costFen?: number; variant?: string }[];
  perMemberLimit?: number;
  totalLimit?: number;
  packChoose?: number;
  packAllowanceFen?: number;
  audience?: Record<string, unknown>;
  endsAt?: string;
}

const CREATE = `mutation ($input: CreateCampaignInput!) {
  createCampaign(input: $input) { campaign { id items { id costFen } } errors { code message field } } }`;
const SCHEDULE = `mutation ($id: ID!) { transitionCampaign(id: $id, transition: SCHEDULE) { campaign { id state } errors { code message } } }`;

/** A campaign created as the tenant admin and scheduled, live since a minute ago. */
export async function liveCampaign(hub: TestHub, s: Stellar, spec: CampaignSpec) {
  const created = await hub.request(
    CREATE,
    {
      input: {
        name: `test ${spec.channel} ${spec.kind ?? "SINGLE"}`,
        audience: spec.audience ?? { everyone: true },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        budgetOrgUnitId: s.hqId,
        budgetPeriod: period(),
        perMemberLimit: spec.perMemberLimit ?? 100,
        ...spec,
      },
    },
    s.admin,
  );
  const payload = created.data?.createCampaign;
  if (!payload?.campaign) throw new Error(`createCampaign: ${JSON.stringify(created)}`);
  const scheduled = await hub.request(SCHEDULE, { id: payload.campaign.id }, s.admin);
  if (scheduled.data?.transitionCampaign?.errors?.length !== 0) {
    throw new Error(`transitionCampaign: ${JSON.stringify(scheduled)}`);
  }
  return payload.campaign as { id: string; items: { id: string; costFen: number }[] };
}

/** A partner API key of the tenant with these permissions (GraphQL enum values). */
export async function partnerKey(hub: TestHub, s: Stellar, permissions: string[]): Promise<string> {
  const r = await hub.request(
    `mutation ($i: CreateApiKeyInput!) { createApiKey(input: $i) { key errors { code } } }`,
    { i: { name: `events ${permissions.join(" ")}`, permissions } },
    s.admin,
  );
  const key = r.data?.createApiKey?.key;
  if (!key) throw new Error(`createApiKey: ${JSON.stringify(r)}`);
  return key as string;
}

export const INGEST = `mutation ($input: IngestEventInput!) {
  ingestEvent(input: $input) {
    accepted duplicate
    issued { id state isPack costFen }
    failures { ruleId code message }
    errors { code message field }
  } }`;

export async function ingest(hub: TestHub, key: string, input: Record<string, unknown>) {
  const r = await hub.request(INGEST, { input }, undefined, { authorization: `ApiKey ${key}` });
  if (!r.data?.ingestEvent) throw new Error(`ingestEvent: ${JSON.stringify(r)}`);
  return r.data.ingestEvent as {
    accepted: boolean;
    duplicate: boolean;
    issued: { id: string; state: string; isPack: boolean; costFen: number }[];
    failures: { ruleId: string; code: string; message: string }[];
    errors: { code: string; message: string; field: string | null }[];
  };
}

const CREATE_RULE = `mutation ($input: CreateIssuanceRuleInput!) {
  createIssuanceRule(input: $input) { rule { id name eventType trigger streakDays enabled campaign { id } } errors { code message field } } }`;

export async function createRule(hub: TestHub, token: string, input: Record<string, unknown>) {
  const r = await hub.request(CREATE_RULE, { input }, token);
  if (!r.data?.createIssuanceRule) throw new Error(`createIssuanceRule: ${JSON.stringify(r)}`);
  return r.data.createIssuanceRule as {
    rule: { id: string; enabled: boolean; campaign: { id: string } } | null;
    errors: { code: string; message: string; field: string | null }[];
  };
}

export async function freshMember(hub: TestHub, tenantId: string) {
  return hub.seed.member({ tenantId });
}

/** Midday in Asia/Shanghai, `daysAgo` (at least 1, so always past) days before today there. */
export function shanghaiNoon(daysAgo: number): string {
  if (daysAgo < 1) throw new Error("shanghaiNoon: days in the past only");
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return new Date(Date.parse(`${today}T12:00:00+08:00`) - daysAgo * 86_400_000).toISOString();
}
