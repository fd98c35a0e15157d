// Test fixtures for campaigns: members in bulk (no password: they never log
// in), a campaign created through the admin API, and the consistency checks
// every issuance test ends with.
import { randomUUID } from "node:crypto";
import type { MemberIdentity } from "@benefits-hub/platform";
import type { TestHub } from "../../../../test/support/hub";
import { callSubgraph } from "../../../../test/support/subgraph-client";

export interface Tenant {
  tenantId: string;
  rootUnitId: string;
  admin: MemberIdentity;
}

export async function stellar(hub: TestHub): Promise<Tenant> {
  const admin = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.adminEmail } });
  const root = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: admin.tenantId, parentId: null } });
  return {
    tenantId: admin.tenantId,
    rootUnitId: root.id,
    admin: {
      kind: "member",
      memberId: admin.id,
      tenantId: admin.tenantId,
      role: "TENANT_ADMIN",
      orgUnitId: admin.orgUnitId,
    },
  };
}

/** `count` plain members of the tenant in its root unit, created in one statement. */
export async function bulkMembers(hub: TestHub, t: Tenant, count: number): Promise<MemberIdentity[]> {
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    tenantId: t.tenantId,
    orgUnitId: t.rootUnitId,
    email: `bulk-${randomUUID().slice(0, 8)}-${i}@stellar.example`,
    displayName: `Bulk ${i}`,
  }));
  await hub.db.member.createMany({ data: rows });
  return rows.map((r) => ({
    kind: "member",
    memberId: r.id,
    tenantId: r.tenantId,
    role: "MEMBER",
    orgUnitId: r.orgUnitId,
  }));
}

/** A card-code SKU of the demo catalog, cheap enough for any budget. */
export async function someSku(hub: TestHub, kind = "CARD_CODE") {
  return hub.db.sku.findFirstOrThrow({
    where: { fulfilmentKind: kind as never, archivedAt: null },
    orderBy: { salePriceFen: "asc" },
  });
}

export const CREATE = `mutation ($input: CreateCampaignInput!) {
  createCampaign(input: $input) { campaign { id state issuedCount remaining } errors { code field message } }
}`;
export const TRANSITION = `mutation ($id: ID!, $t: CampaignTransition!) {
  transitionCampaign(id: $id, transition: $t) { campaign { id state } errors { code message } }
}`;
export const CLAIM = `mutation ($input: ClaimCampaignInput!) {
  claimCampaign(input: $input) { entitlement { id state member { id } } errors { code message riskDecisionId } }
}`;

export async function liveCampaign(hub: TestHub, t: Tenant, input: Record<string, unknown>): Promise<{ id: string }> {
  const sku = await someSku(hub);
  const created = await callSubgraph(hub.subgraphs.entitlements.url, hub.secrets.internalSecret, t.admin, CREATE, {
    input: {
      name: "Flash sale",
      channel: "CLAIM",
      audience: { everyone: true },
      startsAt: new Date(Date.now() - 1000).toISOString(),
      budgetOrgUnitId: t.rootUnitId,
      budgetPeriod: new Date().toISOString().slice(0, 7),
      items: [{ skuId: sku.id, costFen: 100 }],
      ...input,
    },
  });
  if (created.errors || created.data.createCampaign.errors.length) throw new Error(JSON.stringify(created));
  const id = created.data.createCampaign.campaign.id as string;
  const scheduled = await callSubgraph(
    hub.subgraphs.entitlements.url,
    hub.secrets.internalSecret,
    t.admin,
    TRANSITION,
    {
      id,
      t: "SCHEDULE",
    },
  );
  if (scheduled.data?.transitionCampaign.errors.length) throw new Error(JSON.stringify(scheduled));
  return { id };
}

export function claimAs(hub: TestHub, member: MemberIdentity, campaignId: string, key?: string, risk?: object) {
  return callSubgraph(hub.subgraphs.entitlements.url, hub.secrets.internalSecret, member, CLAIM, {
    input: { campaignId, idempotencyKey: key ?? randomUUID(), risk },
  });
}

/** Stock, quotas, issuances, entitlements, events and budget of a campaign, as stored. */
export async function ledgerOf(hub: TestHub, campaignId: string) {
  const campaign = await hub.db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  const entitlements = await hub.db.entitlement.findMany({ where: { campaignId } });
  const completed = await hub.db.issuance.count({ where: { campaignId, state: "COMPLETED" } });
  const pending = await hub.db.issuance.count({ where: { campaignId, state: "PENDING" } });
  const quota = await hub.db.campaignMember.aggregate({ where: { campaignId }, _sum: { issued: true } });
  const events = await hub.db.entitlementEvent.count({
    where: {
      entitlementId: { in: entitlements.map((e) => e.id) },
      type: { in: ["entitlement.claimed", "entitlement.issued"] },
    },
  });
  const reservations = await hub.db.budgetReservation.findMany({
    where: { reference: `entitlements:campaign:${campaignId}` },
  });
  return {
    issuedCount: campaign.issuedCount,
    entitlements: entitlements.length,
    distinctMembers: new Set(entitlements.map((e) => e.memberId)).size,
    completed,
    pending,
    quota: quota._sum.issued ?? 0,
    events,
    heldReservations: reservations.filter((r) => r.state === "HELD").length,
    reservedFen: reservations.filter((r) => r.state === "HELD").reduce((s, r) => s + Number(r.amountFen), 0),
    entitlementCostFen: entitlements.reduce((s, e) => s + e.costFen, 0),
    reservationsMatch: entitlements.every((e) => reservations.some((r) => r.id === e.reservationId)),
  };
}
