// A member chooses N of a pack's M options within its allowance: the pack
// becomes REDEEMED (redeemedBy "pack") and each chosen option a CLAIMED
// entitlement of its own, in one transaction, exactly once (a guarded
// update; retries with the idempotency key get the first result).
import {
  ENTITLEMENTS_OUTBOX_TOPIC,
  type HubPubSub,
  type Identity,
  type Logger,
  type MemberIdentity,
} from "@benefits-hub/platform";
import type { Entitlement } from "@benefits-hub/platform/db/client";
import type { AudienceClient, MemberFacts } from "../../clients/audience.client";
import { UnavailableError } from "../../clients/graph.client";
import type { FactsRepository } from "../../data/facts.repository";
import type { PacksRepository, PackWithTerms } from "../../data/packs.repository";
import { channelOfCampaign, factsOf, storedFacts, type FactsChannel } from "../facts/entitlement-facts";
import { expiryOf, type Validity } from "../campaigns/campaign-rules";
import type { IdempotencyGuard, Seal, StoredResult } from "../idempotency";
import { isUuid } from "../ids";
import type { RedemptionCodes } from "../redemption-code";
import { checkChoice, packError, type PackError } from "./pack-choice";

export interface ChoosePackOptionsInput {
  entitlementId: string;
  itemIds: string[];
  idempotencyKey?: string | null;
}

export interface ChoosePackPayload {
  pack: Entitlement | null;
  chosen: Entitlement[];
  errors: { code: string; message: string; field?: string | null }[];
}

const MAX_OPTIONS = 50;
const refusal = (error: PackError | { code: string; message: string }): ChoosePackPayload => ({
  pack: null,
  chosen: [],
  errors: [error],
});
const notFound = () => refusal(packError("NOT_FOUND", "No such entitlement", "entitlementId"));

export class PacksService {
  constructor(
    private readonly repo: PacksRepository,
    private readonly idempotency: IdempotencyGuard,
    private readonly codes: RedemptionCodes,
    private readonly audience: Pick<AudienceClient, "factsOf">,
    private readonly facts: FactsRepository,
    private readonly pubsub: HubPubSub,
    private readonly log: Logger,
  ) {}

  async choose(viewer: Identity, input: ChoosePackOptionsInput): Promise<ChoosePackPayload> {
    if (viewer.kind !== "member" || !isUuid(input.entitlementId)) return notFound();
    if (input.itemIds.length > MAX_OPTIONS) {
      return refusal(packError("INVALID_INPUT", `At most ${MAX_OPTIONS} options`, "itemIds"));
    }
    const entitlementId = input.entitlementId.toLowerCase();
    const itemIds = input.itemIds.map((id) => id.toLowerCase());
    const call = this.idempotency.call<ChoosePackPayload>({
      tenantId: viewer.tenantId,
      actor: `member:${viewer.memberId}`,
      key: input.idempotencyKey,
      operation: "choosePackOptions",
      request: { entitlementId, itemIds: [...itemIds].sort() },
      run: (seal) => this.run(viewer, entitlementId, itemIds, seal),
      store: stored,
      restore: (s) => this.restore(s),
      refuse: (code, message) => refusal({ code, message }),
    });
    // Membership not answering (the member's org unit for the options' facts) leaves the key unused.
    return call.catch((error: unknown) => {
      if (!(error instanceof UnavailableError)) throw error;
      return refusal({
        code: "UNAVAILABLE",
        message: `The ${error.service} service did not answer; nothing changed, retry`,
      });
    });
  }

  private async run(viewer: MemberIdentity, id: string, itemIds: string[], seal: Seal): Promise<ChoosePackPayload> {
    const found = await this.repo.ownedWithTerms(viewer.tenantId, viewer.memberId, id);
    if (!found) return notFound();
    const now = new Date();
    const checked = checkChoice(found.pack, found.terms, itemIds, now);
    if ("code" in checked) return refusal(checked);
    const origin = await this.originOf(found);
    const options = checked.items.map((item) => {
      const optionId = this.repo.newOptionId();
      return {
        id: optionId,
        item,
        expiresAt: expiryOf(item.validity as unknown as Validity, now, found.terms?.endsAt ?? null),
        codeHash: this.codes.hashFor(optionId),
        facts: factsOf({
          ...origin,
          memberId: found.pack.memberId,
          campaign: found.terms,
          variant: found.pack.variant,
          catalog: item,
          fulfilmentKind: item.fulfilmentKind,
          costFen: item.costFen,
        }),
      };
    });
    const done = await this.repo.choose(found.pack, options, now, (tx, chosen) =>
      seal(tx, stored({ pack: { ...found.pack }, chosen, errors: [] })),
    );
    if (!done) {
      // The guard refused: another choice, an expiry or a revocation got there first. Explain with the pack as it is now.
      const again = await this.repo.ownedWithTerms(viewer.tenantId, viewer.memberId, id);
      if (!again) return notFound();
      const why = checkChoice(again.pack, again.terms, itemIds, new Date());
      return refusal("code" in why ? why : packError("INVALID_STATE", "The pack changed meanwhile; retry"));
    }
    this.pubsub.publish(ENTITLEMENTS_OUTBOX_TOPIC, { at: Date.now() }).catch((err: unknown) => {
      this.log.warn({ err: String(err) }, "outbox wake-up not published; consumers will poll");
    });
    return { pack: done.pack, chosen: done.chosen, errors: [] };
  }

  /**
   * How the pack reached the member and where the member stood then, from the
   * facts of the event that created it (options count under the pack's
   * channel and org unit); a pack issued before events carried facts: the
   * campaign's channel and the member's org unit now.
   */
  private async originOf(found: PackWithTerms): Promise<{ channel: FactsChannel; member: MemberFacts | null }> {
    const stored = storedFacts(await this.facts.creatingPayload(found.pack.id));
    if (stored) {
      return {
        channel: stored.channel,
        member: {
          tier: stored.tier ?? "",
          segmentIds: [],
          orgUnitPath: stored.orgPath,
          orgUnitId: stored.orgUnitId,
          orgUnitName: stored.orgUnitName,
        },
      };
    }
    const member = await this.audience.factsOf(found.pack.tenantId, found.pack.memberId);
    return { channel: found.terms ? channelOfCampaign(found.terms.channel) : "GRANT", member };
  }

  /** A retry's answer: the pack and its options as they are now, or the first errors. */
  private async restore(s: StoredResult): Promise<ChoosePackPayload> {
    const packId = typeof s.packId === "string" ? s.packId : null;
    const chosenIds = Array.isArray(s.chosenIds) ? s.chosenIds.filter((x): x is string => typeof x === "string") : [];
    const errors = Array.isArray(s.errors) ? (s.errors as unknown as ChoosePackPayload["errors"]) : [];
    const rows = await this.repo.findByIds(packId ? [packId, ...chosenIds] : chosenIds);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return {
      pack: packId ? (byId.get(packId) ?? null) : null,
      chosen: chosenIds.flatMap((cid) => byId.get(cid) ?? []),
      errors,
    };
  }
}

/** What is kept of a result for retries: ids and errors (a retry reads the rows as they are then). */
function stored(r: ChoosePackPayload): StoredResult {
  return {
    packId: r.errors.length === 0 ? (r.pack?.id ?? null) : null,
    chosenIds: r.chosen.map((c) => c.id),
    errors: r.errors.map((e) => ({ code: e.code, message: e.message, field: e.field ?? null })),
  };
}
