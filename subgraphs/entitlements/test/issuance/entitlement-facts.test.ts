// The facts every event that creates an entitlement carries (docs/analytics.md,
// "Sources: entitlement facts"): a claim, a grant, a rule (a service's event and
// a partner's), a pack option and a transfer each write exactly one creating
// event whose facts match what the catalog and membership hold; chains still
// verify, also with an event written with a past occurredAt.
import { randomUUID } from "node:crypto";
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import { startTestHub, type TestHub } from "../../../../test/support/hub";
import { callSubgraph } from "../../../../test/support/subgraph-client";
import { EventRepository } from "../../src/data/event.repository";
import { createRule, ingest, liveCampaign, partnerKey, shanghaiNoon, stellar, type Stellar } from "../rules/support";

let hub: TestHub;
let s: Stellar;
let admin: MemberIdentity;
/** Two SKUs with a brand and a category, the first with a supplier when the demo catalog has one. */
let skus: string[];
let unitId: string;

beforeAll(async () => {
  hub = await startTestHub();
  s = await stellar(hub);
  const a = await hub.db.member.findUniqueOrThrow({ where: { email: hub.demo.adminEmail } });
  admin = { kind: "member", memberId: a.id, tenantId: a.tenantId, role: "TENANT_ADMIN", orgUnitId: a.orgUnitId };
  const withBrand = { archivedAt: null, benefit: { brandId: { not: null } } };
  const supplied = await hub.db.sku.findFirst({ where: { ...withBrand, supplierId: { not: null } } });
  const others = await hub.db.sku.findMany({
    where: { ...withBrand, id: { not: supplied?.id } },
    orderBy: { id: "asc" },
    take: 2,
  });
  skus = [...(supplied ? [supplied.id] : []), ...others.map((o) => o.id)].slice(0, 2);
  // A unit below the root, so the org path has more than one id.
  const deep = await hub.db.orgUnit.findMany({ where: { tenantId: s.tenantId, parentId: { not: null } } });
  unitId = deep.sort((x, y) => y.path.length - x.path.length)[0]!.id;
}, 180_000);
afterAll(() => hub?.stop());

const call = (identity: Identity, query: string, variables: object) =>
  callSubgraph(hub.subgraphs.entitlements.url, hub.secrets.internalSecret, identity, query, variables);

async function goldMember(): Promise<MemberIdentity> {
  const m = await hub.seed.member({ tenantId: s.tenantId, orgUnitId: unitId, tier: "gold" });
  return { kind: "member", memberId: m.id, tenantId: m.tenantId, role: "MEMBER", orgUnitId: m.orgUnitId };
}

/** The supplier as the catalog names it to the hub's services (operators and services see a SKU's supplier). */
async function supplierForServices(skuId: string): Promise<{ id: string; name: string } | null> {
  const r = await callSubgraph(
    hub.subgraphs.catalog.url,
    hub.secrets.internalSecret,
    { kind: "service", service: "entitlements" },
    `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Sku { supplier { id name } } } }`,
    { reps: [{ __typename: "Sku", id: skuId }] },
  );
  expect(r.errors).toBeUndefined();
  return r.data._entities[0].supplier ?? null;
}

/** The facts expected from the catalog's and membership's own rows. */
async function expected(skuId: string, memberId: string) {
  const sku = await hub.db.sku.findUniqueOrThrow({
    where: { id: skuId },
    include: { benefit: { include: { category: true, brand: true } }, supplier: true },
  });
  const supplier = await supplierForServices(skuId);
  expect(supplier).toEqual(sku.supplierId ? { id: sku.supplierId, name: sku.supplier?.name } : null);
  const member = await hub.db.member.findUniqueOrThrow({ where: { id: memberId }, include: { orgUnit: true } });
  return {
    memberId,
    benefitId: sku.benefitId,
    benefitName: sku.benefit.name,
    skuId: sku.id,
    skuName: sku.name,
    categoryId: sku.benefit.categoryId,
    categoryName: sku.benefit.category.name,
    brandId: sku.benefit.brandId,
    brandName: sku.benefit.brand?.name ?? null,
    supplierId: supplier?.id ?? null,
    supplierName: supplier?.name ?? null,
    fulfilmentKind: sku.fulfilmentKind as string,
    faceValueFen: sku.faceValueFen,
    orgUnitId: member.orgUnitId,
    orgUnitName: member.orgUnit.name,
    orgPath: member.orgUnit.path,
    tier: member.tier,
  };
}

const CREATING = ["entitlement.issued", "entitlement.claimed", "entitlement.transferred_in"];

/** The entitlement's one creating event (there must be exactly one, and it comes first). */
async function creatingEvent(entitlementId: string) {
  const events = await hub.db.entitlementEvent.findMany({ where: { entitlementId }, orderBy: { chainSeq: "asc" } });
  const creating = events.filter((e) => CREATING.includes(e.type));
  expect(creating).toHaveLength(1);
  expect(events[0]!.id).toBe(creating[0]!.id);
  return creating[0]!;
}

const VERIFY = `query ($id: ID) { verifyEventChain(entitlementId: $id) { ok checkedEvents firstBreak { reason } } }`;
async function verified(entitlementId: string | null) {
  const r = await call(admin, VERIFY, { id: entitlementId });
  expect(r.errors).toBeUndefined();
  return r.data.verifyEventChain as { ok: boolean; checkedEvents: number; firstBreak: { reason: string } | null };
}

const CLAIM = `mutation ($input: ClaimCampaignInput!) {
  claimCampaign(input: $input) { entitlement { id state } errors { code message } } }`;
async function claim(member: MemberIdentity, campaignId: string): Promise<string> {
  const r = await call(member, CLAIM, { input: { campaignId, idempotencyKey: randomUUID() } });
  const id = r.data?.claimCampaign?.entitlement?.id;
  if (!id) throw new Error(`claimCampaign: ${JSON.stringify(r)}`);
  return id as string;
}

test("a claim's event carries the campaign, the catalog's facts and the member's unit and tier", async () => {
  const m = await goldMember();
  const c = await liveCampaign(hub, s, {
    channel: "CLAIM",
    totalLimit: 40,
    items: [{ skuId: skus[0]!, costFen: 1234 }],
  });
  const id = await claim(m, c.id);
  const event = await creatingEvent(id);
  const campaign = await hub.db.campaign.findUniqueOrThrow({ where: { id: c.id } });
  expect(event.type).toBe("entitlement.claimed");
  const payload = event.payload as Record<string, unknown>;
  expect(payload).toMatchObject({ memberId: m.memberId, campaignId: c.id, skuId: skus[0], costFen: 1234 });
  expect(payload.facts).toEqual({
    ...(await expected(skus[0]!, m.memberId)),
    channel: "CLAIM",
    campaignId: c.id,
    campaignName: campaign.name,
    campaignPlannedFen: 40 * 1234,
    variant: null,
    costFen: 1234,
  });
  expect(await verified(id)).toMatchObject({ ok: true, firstBreak: null });
}, 60_000);

test("a grant's event: channel GRANT, no planned budget without a total stock", async () => {
  const m = await goldMember();
  const c = await liveCampaign(hub, s, { channel: "GRANT", items: [{ skuId: skus[1]!, costFen: 700 }] });
  const started = await call(
    admin,
    `mutation ($input: GrantCampaignInput!) { grantCampaign(input: $input) { job { id } errors { code message } } }`,
    { input: { campaignId: c.id, memberIds: [m.memberId] } },
  );
  const jobId = started.data.grantCampaign.job.id as string;
  for (let i = 0; i < 200; i++) {
    const job = await hub.db.grantJob.findUniqueOrThrow({ where: { id: jobId } });
    if (job.state !== "RUNNING") break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const [granted] = await hub.db.entitlement.findMany({ where: { campaignId: c.id, memberId: m.memberId } });
  const event = await creatingEvent(granted!.id);
  expect(event.type).toBe("entitlement.issued");
  expect((event.payload as Record<string, unknown>).facts).toEqual({
    ...(await expected(skus[1]!, m.memberId)),
    channel: "GRANT",
    campaignId: c.id,
    campaignName: (await hub.db.campaign.findUniqueOrThrow({ where: { id: c.id } })).name,
    campaignPlannedFen: null,
    variant: null,
    costFen: 700,
  });
}, 60_000);

test("a rule issues under RULE for a service's event and PARTNER for a partner's", async () => {
  const c = await liveCampaign(hub, s, {
    channel: "RULE",
    totalLimit: 5,
    items: [
      { skuId: skus[0]!, costFen: 300 },
      { skuId: skus[1]!, costFen: 900 },
    ],
  });
  const rule = await createRule(hub, s.admin, {
    name: "First order",
    eventType: "order.placed",
    trigger: "FIRST_EVENT",
    campaignId: c.id,
  });
  expect(rule.errors).toEqual([]);
  const campaign = await hub.db.campaign.findUniqueOrThrow({ where: { id: c.id } });
  const event = (memberId: string) => ({
    eventId: `order-${memberId}`,
    memberId,
    type: "order.placed",
    occurredAt: shanghaiNoon(1),
  });

  const bySystem = await goldMember();
  const service: Identity = { kind: "service", service: "orders" };
  const r = await call(
    service,
    `mutation ($input: IngestEventInput!) { ingestEvent(input: $input) { issued { id } errors { code message } } }`,
    { input: { ...event(bySystem.memberId), tenantId: s.tenantId } },
  );
  const fromService = r.data?.ingestEvent?.issued?.[0]?.id as string;
  expect(fromService).toBeDefined();

  const byPartner = await goldMember();
  const key = await partnerKey(hub, s, ["EVENTS_WRITE"]);
  const fromPartner = (await ingest(hub, key, event(byPartner.memberId))).issued[0]!.id;

  for (const [id, member, channel] of [
    [fromService, bySystem, "RULE"],
    [fromPartner, byPartner, "PARTNER"],
  ] as const) {
    const created = await creatingEvent(id);
    expect(created.type).toBe("entitlement.issued");
    // The first item (the campaign has no variants); the planned budget is the stock times the dearest item.
    expect((created.payload as Record<string, unknown>).facts).toEqual({
      ...(await expected(skus[0]!, member.memberId)),
      channel,
      campaignId: c.id,
      campaignName: campaign.name,
      campaignPlannedFen: 5 * 900,
      variant: null,
      costFen: 300,
    });
  }
}, 60_000);

test("a pack and its chosen option each write one creating event with facts; the option's are its item's", async () => {
  const m = await goldMember();
  const c = await liveCampaign(hub, s, {
    channel: "CLAIM",
    kind: "PACK",
    totalLimit: 3,
    packChoose: 1,
    packAllowanceFen: 2000,
    items: [
      { skuId: skus[0]!, costFen: 1500 },
      { skuId: skus[1]!, costFen: 800 },
    ],
  });
  const campaign = await hub.db.campaign.findUniqueOrThrow({ where: { id: c.id } });
  const packId = await claim(m, c.id);
  const packEvent = await creatingEvent(packId);
  expect((packEvent.payload as Record<string, unknown>).facts).toEqual({
    ...(await expected(skus[0]!, m.memberId)),
    channel: "CLAIM",
    campaignId: c.id,
    campaignName: campaign.name,
    campaignPlannedFen: 3 * 2000,
    variant: null,
    fulfilmentKind: "PACK",
    costFen: 2000,
    faceValueFen: 0,
  });

  const chosen = await call(
    m,
    `mutation ($input: ChoosePackOptionsInput!) {
      choosePackOptions(input: $input) { chosen { id } errors { code message } } }`,
    { input: { entitlementId: packId, itemIds: [c.items[1]!.id], idempotencyKey: randomUUID() } },
  );
  expect(chosen.data.choosePackOptions.errors).toEqual([]);
  const optionId = chosen.data.choosePackOptions.chosen[0].id as string;
  const event = await creatingEvent(optionId);
  expect(event.type).toBe("entitlement.claimed");
  expect(event.payload).toMatchObject({ packId, campaignItemId: c.items[1]!.id, costFen: 800 });
  expect((event.payload as Record<string, unknown>).facts).toEqual({
    ...(await expected(skus[1]!, m.memberId)),
    channel: "CLAIM",
    campaignId: c.id,
    campaignName: campaign.name,
    campaignPlannedFen: 3 * 2000,
    variant: null,
    costFen: 800,
  });
  expect(await verified(packId)).toMatchObject({ ok: true, firstBreak: null });
  expect(await verified(optionId)).toMatchObject({ ok: true, firstBreak: null });
}, 60_000);

test("a transfer's new entitlement: channel TRANSFER, the source's facts, the recipient's unit and tier", async () => {
  const giver = await goldMember();
  const root = await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId: s.tenantId, parentId: null } });
  const r = await hub.seed.member({ tenantId: s.tenantId, orgUnitId: root.id, tier: "silver" });
  const c = await liveCampaign(hub, s, { channel: "CLAIM", totalLimit: 2, items: [{ skuId: skus[1]!, costFen: 450 }] });
  const source = await claim(giver, c.id);
  const moved = await call(
    giver,
    `mutation ($input: TransferEntitlementInput!) {
      transferEntitlement(input: $input) { received { id } errors { code message } } }`,
    { input: { entitlementId: source, toMemberId: r.id, idempotencyKey: randomUUID() } },
  );
  expect(moved.data.transferEntitlement.errors).toEqual([]);
  const receivedId = moved.data.transferEntitlement.received.id as string;
  const event = await creatingEvent(receivedId);
  expect(event.type).toBe("entitlement.transferred_in");
  expect(event.payload).toMatchObject({ fromMemberId: giver.memberId, fromEntitlementId: source, toMemberId: r.id });
  expect((event.payload as Record<string, unknown>).facts).toEqual({
    ...(await expected(skus[1]!, r.id)),
    channel: "TRANSFER",
    campaignId: c.id,
    campaignName: (await hub.db.campaign.findUniqueOrThrow({ where: { id: c.id } })).name,
    campaignPlannedFen: 2 * 450,
    variant: null,
    costFen: 450,
  });
  expect(await verified(receivedId)).toMatchObject({ ok: true, firstBreak: null });
  expect(await verified(source)).toMatchObject({ ok: true, firstBreak: null });
}, 60_000);

test("a transfer of an entitlement whose events carry no facts takes them from the catalog", async () => {
  const giver = await goldMember();
  const taker = await goldMember();
  const sku = await hub.db.sku.findUniqueOrThrow({ where: { id: skus[0]! } });
  // Written as entitlements were before their events carried facts (and with no campaign).
  const source = await hub.seed.entitlement({
    tenantId: s.tenantId,
    memberId: giver.memberId,
    benefitId: sku.benefitId,
    skuId: sku.id,
    fulfilmentKind: sku.fulfilmentKind,
    state: "CLAIMED",
    costFen: 640,
  });
  const moved = await call(
    giver,
    `mutation ($input: TransferEntitlementInput!) {
      transferEntitlement(input: $input) { received { id } errors { code message } } }`,
    { input: { entitlementId: source.id, toMemberId: taker.memberId, idempotencyKey: randomUUID() } },
  );
  expect(moved.data.transferEntitlement.errors).toEqual([]);
  const event = await creatingEvent(moved.data.transferEntitlement.received.id as string);
  expect((event.payload as Record<string, unknown>).facts).toEqual({
    ...(await expected(sku.id, taker.memberId)),
    channel: "TRANSFER",
    campaignId: null,
    campaignName: null,
    campaignPlannedFen: null,
    variant: null,
    costFen: 640,
  });
}, 60_000);

test("an event written with a past occurredAt keeps it, and the entitlement's and the tenant's chains verify", async () => {
  const m = await goldMember();
  const benefit = await hub.db.sku.findUniqueOrThrow({ where: { id: skus[0]! } });
  const at = new Date(Date.now() - 90 * 86_400_000);
  const id = randomUUID();
  const events = new EventRepository(hub.db);
  await hub.db.$transaction(async (tx) => {
    await tx.entitlement.create({
      data: { id, tenantId: s.tenantId, memberId: m.memberId, benefitId: benefit.benefitId, issuedAt: at },
    });
    await events.append(tx, {
      tenantId: s.tenantId,
      entitlementId: id,
      type: "entitlement.issued",
      payload: { memberId: m.memberId },
      occurredAt: at,
    });
  });
  const stored = await hub.db.entitlementEvent.findFirstOrThrow({ where: { entitlementId: id } });
  expect(stored.occurredAt.toISOString()).toBe(at.toISOString());
  expect(await hub.db.tenantChainLink.count({ where: { eventId: stored.id } })).toBe(1);
  expect(await verified(id)).toMatchObject({ ok: true, firstBreak: null });
  const whole = await verified(null);
  expect(whole).toMatchObject({ ok: true, firstBreak: null });
  expect(whole.checkedEvents).toBeGreaterThan(10);
}, 60_000);
