// Gives a demo tenant (seeded with its campaigns) a row of every kind a
// mutation input can name, through the API as its admin and a member would:
// a segment, a blacklist rule and entry, a live GRANT campaign, an
// entitlement claimed (with its budget reservation) and a claim held for
// review (a risk decision). The cross-tenant probes need one of each on both sides.
import { randomUUID } from "node:crypto";
import type { TestHub } from "./hub";

export async function giveEveryKind(hub: TestHub, tenantId: string, adminEmail: string, memberEmail: string) {
  const [admin, member] = [await hub.login(adminEmail), await hub.login(memberEmail)];
  const ok = async (query: string, variables: object, token: string) => {
    const r = await hub.request(query, variables, token);
    const payload = Object.values(r.data ?? {})[0] as { errors?: unknown[] } | null;
    if (r.errors || !payload || payload.errors?.length) throw new Error(`setup failed: ${JSON.stringify(r)}`);
    return payload as Record<string, any>;
  };
  await ok(
    `mutation ($i: CreateSegmentInput!) { createSegment(input: $i) { segment { id } errors { code } } }`,
    { i: { name: `Gold ${randomUUID().slice(0, 8)}`, rules: { tiers: ["gold"] } } },
    admin,
  );
  const device = `isolation-device-${randomUUID()}`;
  await ok(
    `mutation ($i: CreateRiskRuleInput!) { createRiskRule(input: $i) { rule { id } errors { code } } }`,
    { i: { name: "Blacklisted devices wait for review", kind: "BLACKLIST", actions: ["CLAIM"], outcome: "REVIEW" } },
    admin,
  );
  await ok(
    `mutation ($i: AddRiskListEntryInput!) { addRiskListEntry(input: $i) { entry { id } errors { code } } }`,
    { i: { subject: "DEVICE", value: device, reason: "isolation probes" } },
    admin,
  );
  const root = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId, parentId: null } });
  const sku = await hub.db.sku.findFirstOrThrow({ where: { archivedAt: null }, orderBy: { salePriceFen: "asc" } });
  const grant = await ok(
    `mutation ($i: CreateCampaignInput!) { createCampaign(input: $i) { campaign { id } errors { code } } }`,
    {
      i: {
        name: "Isolation grant",
        channel: "GRANT",
        audience: { everyone: true },
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        budgetOrgUnitId: root.id,
        items: [{ skuId: sku.id, costFen: 1 }],
      },
    },
    admin,
  );
  await ok(
    `mutation ($id: ID!) { transitionCampaign(id: $id, transition: SCHEDULE) { campaign { id } errors { code } } }`,
    { id: grant.campaign.id },
    admin,
  );
  const campaign = await hub.db.campaign.findFirstOrThrow({
    where: { tenantId, channel: "CLAIM", kind: "SINGLE", totalLimit: { gte: 10 } },
    orderBy: { createdAt: "asc" },
  });
  const CLAIM = `mutation ($i: ClaimCampaignInput!) { claimCampaign(input: $i) { entitlement { id } errors { code } } }`;
  const held = await hub.request(CLAIM, { i: { campaignId: campaign.id, risk: { deviceId: device } } }, member);
  if (held.data?.claimCampaign?.errors?.[0]?.code !== "RISK_REVIEW") {
    throw new Error(`setup: a blacklisted device's claim was not held: ${JSON.stringify(held)}`);
  }
  await ok(CLAIM, { i: { campaignId: campaign.id, idempotencyKey: randomUUID() } }, member);
}
