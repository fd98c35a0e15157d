// Data access of benefit packs: a member's pack with its campaign's terms,
// and the one transaction that turns a pack into its chosen options.
import { randomUUID } from "node:crypto";
import type { Campaign, CampaignItem, Entitlement, Prisma, PrismaClient } from "@benefits-hub/platform/db/client";
import type { EntitlementFacts } from "../domain/facts/entitlement-facts";
import type { EventRepository, Tx } from "./event.repository";
import type { SettlementRepository } from "./settlement.repository";

export interface PackWithTerms {
  pack: Entitlement;
  /** The pack's campaign with its items (its pack terms, and the facts of the options' events). */
  terms: (Campaign & { items: CampaignItem[] }) | null;
}

/** A child entitlement to create for a chosen item (its id decides its redemption code). */
export interface ChosenOption {
  id: string;
  item: CampaignItem;
  expiresAt: Date | null;
  codeHash: string;
  /** Its `entitlement.claimed` event's facts. */
  facts: EntitlementFacts;
}

const TX = { timeout: 15_000, maxWait: 15_000 } as const;
/** The part of a pack's reservation its chosen options do not cost. */
export const UNUSED_PART = "unused";

export class PacksRepository {
  constructor(
    private readonly db: PrismaClient,
    private readonly events: EventRepository,
    private readonly settlements: SettlementRepository,
  ) {}

  /** The member's own entitlement with its campaign's pack terms; null when it is not theirs. */
  async ownedWithTerms(tenantId: string, memberId: string, id: string): Promise<PackWithTerms | null> {
    const pack = await this.db.entitlement.findFirst({ where: { id, tenantId, memberId } });
    if (!pack) return null;
    const campaign = pack.campaignId
      ? await this.db.campaign.findFirst({
          where: { id: pack.campaignId, tenantId },
          include: { items: { orderBy: { position: "asc" } } },
        })
      : null;
    return { pack, terms: campaign };
  }

  findByIds(ids: readonly string[]): Promise<Entitlement[]> {
    return this.db.entitlement.findMany({ where: { id: { in: [...ids] } } });
  }

  newOptionId(): string {
    return randomUUID();
  }

  /**
   * One transaction: the guarded move of the pack to REDEEMED (only the
   * owner's, only ISSUED or CLAIMED and unexpired, so of concurrent choices
   * exactly one passes), its options created CLAIMED, an event for each and
   * entitlement.pack_chosen on the pack, the release of the allowance the
   * options do not cost queued (each option holds its cost as its part of the
   * pack's reservation, settled when it is redeemed, revoked or expires), and
   * `inTx` (the idempotency seal). Null when the guard refused: nothing was written.
   */
  choose(
    pack: Entitlement,
    options: ChosenOption[],
    now: Date,
    inTx: (tx: Tx, chosen: Entitlement[]) => Promise<void>,
  ): Promise<{ pack: Entitlement; chosen: Entitlement[] } | null> {
    return this.db.$transaction(async (tx) => {
      const [moved] = await tx.entitlement.updateManyAndReturn({
        where: {
          id: pack.id,
          tenantId: pack.tenantId,
          memberId: pack.memberId,
          isPack: true,
          state: { in: ["ISSUED", "CLAIMED"] },
          OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
        },
        data: { state: "REDEEMED", redeemedAt: now, redeemedBy: "pack" },
      });
      if (!moved) return null;
      await this.events.append(tx, {
        tenantId: moved.tenantId,
        entitlementId: moved.id,
        type: "entitlement.pack_chosen",
        payload: {
          memberId: moved.memberId,
          campaignId: moved.campaignId,
          chosen: options.map((o) => ({ entitlementId: o.id, campaignItemId: o.item.id, costFen: o.item.costFen })),
          allowanceFen: moved.costFen,
          reservationId: moved.reservationId,
        },
      });
      const chosen: Entitlement[] = [];
      for (const o of options) {
        const row = await tx.entitlement.create({ data: optionData(moved, o, now) });
        await this.events.append(tx, {
          tenantId: row.tenantId,
          entitlementId: row.id,
          type: "entitlement.claimed",
          payload: {
            memberId: row.memberId,
            campaignId: row.campaignId,
            benefitId: row.benefitId,
            skuId: row.skuId,
            variant: row.variant,
            costFen: row.costFen,
            packId: moved.id,
            campaignItemId: o.item.id,
            facts: o.facts,
          },
        });
        chosen.push(row);
      }
      const spent = options.reduce((sum, o) => sum + o.item.costFen, 0);
      if (moved.reservationId && moved.costFen > spent) {
        // The allowance was reserved when the pack was issued: what the options do not cost goes back now.
        await this.settlements.enqueue(tx, {
          reservationId: moved.reservationId,
          part: { key: UNUSED_PART, amountFen: moved.costFen - spent },
          tenantId: moved.tenantId,
          entitlementId: moved.id,
          kind: "RELEASE",
        });
      }
      await inTx(tx, chosen);
      return { pack: moved, chosen };
    }, TX);
  }
}

/**
 * A chosen option: the item's SKU, benefit, cost and fulfilment, held by the
 * pack's member; its cost is its part of the pack's reservation (keyed by its id).
 */
function optionData(pack: Entitlement, o: ChosenOption, now: Date): Prisma.EntitlementUncheckedCreateInput {
  return {
    id: o.id,
    tenantId: pack.tenantId,
    memberId: pack.memberId,
    benefitId: o.item.benefitId,
    skuId: o.item.skuId,
    campaignId: pack.campaignId,
    campaignItemId: o.item.id,
    variant: pack.variant,
    packId: pack.id,
    isPack: false,
    fulfilmentKind: o.item.fulfilmentKind,
    state: "CLAIMED",
    costFen: o.item.costFen,
    reservationId: pack.reservationId,
    reservationPart: pack.reservationId ? o.id : null,
    issuedAt: now,
    claimedAt: now,
    expiresAt: o.expiresAt,
    codeHash: o.codeHash,
  };
}
