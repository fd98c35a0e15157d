// Test helpers for the entitlement lifecycle: demo members, entitlements
// created as issuance would create them (columns, code hash, first event),
// real budget reservations in membership, and a campaign holding stock.
import { randomUUID } from "node:crypto";
import type { EntitlementState, FulfilmentKind } from "@benefits-hub/platform/db/client";
import type { TestHub } from "../../../../test/support/hub";
import { callSubgraph } from "../../../../test/support/subgraph-client";
import { RedemptionCodes } from "../../src/domain/redemption-code";

export interface DemoMember {
  id: string;
  tenantId: string;
  orgUnitId: string;
  email: string;
}

export async function member(hub: TestHub, email: string): Promise<DemoMember> {
  const m = await hub.db.member.findUniqueOrThrow({ where: { email } });
  return { id: m.id, tenantId: m.tenantId, orgUnitId: m.orgUnitId!, email };
}

export const codesOf = (hub: TestHub) => new RedemptionCodes(hub.secrets.internalSecret);

export interface GiveOptions {
  state?: EntitlementState;
  kind?: FulfilmentKind;
  expiresAt?: Date | null;
  revealedAt?: Date | null;
  reservationId?: string | null;
  costFen?: number;
  campaignId?: string | null;
  campaignItemId?: string | null;
}

/** An entitlement of `owner`, with a SKU of the kind (a card code with stock by default). */
export async function give(hub: TestHub, owner: DemoMember, o: GiveOptions = {}) {
  const kind = o.kind ?? "CARD_CODE";
  const sku = await hub.db.sku.findFirstOrThrow({
    where: { fulfilmentKind: kind, ...(kind === "CARD_CODE" ? { poolAvailable: { gt: 20 } } : {}) },
    orderBy: { id: "asc" },
  });
  const id = randomUUID();
  return hub.seed.entitlement({
    id,
    tenantId: owner.tenantId,
    memberId: owner.id,
    benefitId: sku.benefitId,
    skuId: sku.id,
    fulfilmentKind: kind,
    state: o.state ?? "CLAIMED",
    costFen: o.costFen ?? 0,
    reservationId: o.reservationId ?? null,
    expiresAt: o.expiresAt ?? null,
    revealedAt: o.revealedAt ?? null,
    campaignId: o.campaignId ?? null,
    campaignItemId: o.campaignItemId ?? null,
    codeHash: codesOf(hub).hashFor(id),
  });
}

const RESERVE = `mutation ($input: ReserveBudgetInput!) {
  reserveBudget(input: $input) { reservation { id state } errors { code message } }
}`;

export const PERIOD = "2026-12";

/** The tenant's root unit ("hq"), where the demo budgets are. */
export async function rootUnit(hub: TestHub, tenantId: string): Promise<string> {
  return (await hub.db.orgUnit.findFirstOrThrow({ where: { tenantId, parentId: null } })).id;
}

/** A real hold on the tenant's root budget, reserved as a service would. */
export async function reserve(hub: TestHub, tenantId: string, amountFen: number): Promise<string> {
  const orgUnitId = await rootUnit(hub, tenantId);
  const result = await callSubgraph(
    hub.subgraphs.membership.url,
    hub.secrets.internalSecret,
    { kind: "service", service: "test" },
    RESERVE,
    {
      input: {
        tenantId,
        orgUnitId,
        period: PERIOD,
        amountFen: String(amountFen),
        idempotencyKey: randomUUID(),
        reference: "test:lifecycle",
      },
    },
  );
  const reservation = result.data?.reserveBudget.reservation;
  if (!reservation) throw new Error(`reserve failed: ${JSON.stringify(result)}`);
  return reservation.id as string;
}

export async function reservationState(hub: TestHub, id: string): Promise<string> {
  return (await hub.db.budgetReservation.findUniqueOrThrow({ where: { id } })).state;
}

/** Waits until `check` holds (the background workers run every 100 ms in tests). */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A CLAIM campaign of the tenant with stock taken by one issuance to `holder`, and its item. */
export async function campaignWithIssue(hub: TestHub, holder: DemoMember, validity: object = { kind: "FIXED_DATES" }) {
  const sku = await hub.db.sku.findFirstOrThrow({ where: { fulfilmentKind: "CARD_CODE" }, orderBy: { id: "asc" } });
  const campaign = await hub.db.campaign.create({
    data: {
      tenantId: holder.tenantId,
      name: `Lifecycle ${randomUUID().slice(0, 8)}`,
      channel: "CLAIM",
      state: "LIVE",
      startsAt: new Date(Date.now() - 3_600_000),
      totalLimit: 10,
      perMemberLimit: 2,
      issuedCount: 1,
      budgetOrgUnitId: await rootUnit(hub, holder.tenantId),
      budgetPeriod: PERIOD,
      createdBy: holder.id,
      items: {
        create: [
          {
            skuId: sku.id,
            benefitId: sku.benefitId,
            costFen: 500,
            fulfilmentKind: "CARD_CODE",
            validity,
          },
        ],
      },
      members: { create: [{ memberId: holder.id, issued: 1 }] },
    },
    include: { items: true },
  });
  return { campaign, item: campaign.items[0]! };
}

export const eventsOf = (hub: TestHub, entitlementId: string) =>
  hub.db.entitlementEvent.findMany({ where: { entitlementId }, orderBy: { chainSeq: "asc" } });
