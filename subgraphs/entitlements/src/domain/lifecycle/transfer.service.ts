// Transfer (转赠): the holder gives an unused entitlement to a member of the
// same tenant, once, before expiry, never after redemption or a reveal, never
// a pack. One transaction: the source becomes TRANSFERRED and the recipient
// gets a new CLAIMED entitlement carrying the same budget reservation.
import { randomUUID } from "node:crypto";
import type { Identity } from "@benefits-hub/platform";
import type { MemberFacts } from "../../clients/audience.client";
import type { EntitlementRow } from "../../data/entitlement.repository";
import type { Tx } from "../../data/event.repository";
import type { TransferFacts } from "../facts/transfer-facts";
import { eventOf, isPastExpiry, isUsable, sourcesOf, targetOf } from "../entitlement-state";
import type { Seal, StoredResult } from "../idempotency";
import { isUuid } from "../ids";
import { failure, notFound, type LifecycleError } from "./errors";
import { actorOf, keyed, storedErrors, storedId, type ResultCodec } from "./keyed";
import { clockOf, type LifecycleDeps } from "./lifecycle-deps";
import { riskRefusal, type RiskContext } from "./risk-gate";

export interface TransferInput {
  entitlementId: string;
  toMemberId: string;
  idempotencyKey?: string | null;
  risk?: RiskContext | null;
}

export interface TransferPayload {
  /** The recipient's new entitlement. */
  received: EntitlementRow | null;
  errors: LifecycleError[];
}

const fail = (...errors: LifecycleError[]): TransferPayload => ({ received: null, errors });

/** Why `row` cannot be transferred now (null: it can). */
export function transferBlock(row: EntitlementRow, now: Date): LifecycleError | null {
  if (row.state === "EXPIRED" || (isUsable(row.state) && isPastExpiry(row.expiresAt, now))) {
    return failure("EXPIRED", "The entitlement has expired");
  }
  if (!isUsable(row.state)) return failure("NOT_TRANSFERABLE", `The entitlement is ${row.state.toLowerCase()}`);
  if (row.revealedAt) return failure("NOT_TRANSFERABLE", "Its card code was revealed");
  if (row.transferredFromId) return failure("NOT_TRANSFERABLE", "It was received by transfer and cannot move again");
  if (row.isPack) return failure("NOT_TRANSFERABLE", "A pack cannot be transferred");
  return null;
}

type Recipient = { error: LifecycleError } | { facts: MemberFacts };

export class TransferService {
  constructor(
    private readonly d: LifecycleDeps,
    private readonly facts: TransferFacts,
  ) {}

  async transfer(viewer: Identity, input: TransferInput): Promise<TransferPayload> {
    if (viewer.kind !== "member") return fail(notFound());
    const call = {
      tenantId: viewer.tenantId,
      actor: actorOf(viewer),
      key: input.idempotencyKey,
      operation: "transferEntitlement",
      request: { entitlementId: input.entitlementId, toMemberId: input.toMemberId },
    };
    return keyed(this.d.idempotency, call, this.codec, async (seal) => {
      if (!isUuid(input.entitlementId)) return fail(notFound());
      const row = await this.d.entitlements.findById(input.entitlementId);
      if (!row || row.tenantId !== viewer.tenantId || row.memberId !== viewer.memberId) return fail(notFound());
      const checked = await this.checkRecipient(row, input.toMemberId);
      if ("error" in checked) return fail(checked.error);
      const refusal = await riskRefusal(
        this.d.risk,
        {
          tenantId: row.tenantId,
          memberId: row.memberId,
          action: "TRANSFER",
          entitlementId: row.id,
          campaignId: row.campaignId,
          request: { entitlementId: row.id, toMemberId: input.toMemberId },
        },
        input.risk,
      );
      if (refusal) return fail(refusal);
      return this.carryOut(row, input.toMemberId, checked.facts, seal);
    });
  }

  /** Carries out a transfer risk review held, as approved by an admin (without the check). */
  async transferApproved(
    decision: {
      tenantId: string;
      memberId: string;
      request: Record<string, unknown>;
    },
    complete?: (tx: Tx) => Promise<void>,
  ): Promise<{ ok: boolean; message?: string }> {
    const { entitlementId, toMemberId } = decision.request;
    if (typeof entitlementId !== "string" || !isUuid(entitlementId) || typeof toMemberId !== "string") {
      return { ok: false, message: "the held request names no entitlement and recipient" };
    }
    const row = await this.d.entitlements.findById(entitlementId);
    if (!row || row.tenantId !== decision.tenantId || row.memberId !== decision.memberId) {
      return { ok: false, message: "the entitlement is no longer the member's" };
    }
    const checked = await this.checkRecipient(row, toMemberId);
    // The approval's job ends in the transfer's transaction: carried out exactly once.
    const result =
      "error" in checked
        ? fail(checked.error)
        : await this.carryOut(row, toMemberId, checked.facts, async (tx) => complete?.(tx));
    return result.errors.length ? { ok: false, message: result.errors[0]!.message } : { ok: true };
  }

  /**
   * The entitlement's and the recipient's checks (the recipient must be another
   * member of the tenant); the recipient's audience facts when they pass.
   */
  private async checkRecipient(row: EntitlementRow, toMemberId: string): Promise<Recipient> {
    const blocked = transferBlock(row, clockOf(this.d)());
    if (blocked) return { error: blocked };
    if (!isUuid(toMemberId)) return { error: failure("INVALID_INPUT", "toMemberId is not a member id", "toMemberId") };
    if (toMemberId === row.memberId) {
      return { error: failure("INVALID_INPUT", "You cannot transfer to yourself", "toMemberId") };
    }
    const facts = await this.d.audience.factsOf(row.tenantId, toMemberId);
    if (!facts) return { error: failure("NOT_FOUND", "No such member in your organisation", "toMemberId") };
    return { facts };
  }

  private async carryOut(
    source: EntitlementRow,
    toMemberId: string,
    recipient: MemberFacts,
    seal: Seal,
  ): Promise<TransferPayload> {
    const now = clockOf(this.d)();
    const receivedId = randomUUID();
    const facts = await this.facts.of(source, toMemberId, recipient);
    const out: { received: EntitlementRow | null } = { received: null };
    const moved = await this.d.writer.move({
      guard: {
        id: source.id,
        tenantId: source.tenantId,
        memberId: source.memberId,
        from: sourcesOf("transfer"),
        notExpiredAt: now,
        transferable: true,
      },
      data: { state: targetOf("transfer"), transferredToId: receivedId, endedAt: now },
      event: eventOf("transfer"),
      payload: (r) => ({ fromMemberId: r.memberId, toMemberId, toEntitlementId: receivedId }),
      also: async (tx, r) => {
        out.received = await this.d.entitlements.create(tx, {
          id: receivedId,
          tenantId: r.tenantId,
          memberId: toMemberId,
          benefitId: r.benefitId,
          skuId: r.skuId,
          campaignId: r.campaignId,
          campaignItemId: r.campaignItemId,
          variant: r.variant,
          fulfilmentKind: r.fulfilmentKind,
          state: "CLAIMED",
          costFen: r.costFen,
          reservationId: r.reservationId,
          reservationPart: r.reservationPart,
          issuedAt: now,
          claimedAt: now,
          expiresAt: r.expiresAt,
          transferredFromId: r.id,
          codeHash: this.d.codes.hashFor(receivedId),
        });
        await this.d.events.append(tx, {
          tenantId: r.tenantId,
          entitlementId: receivedId,
          type: "entitlement.transferred_in",
          payload: { fromMemberId: r.memberId, fromEntitlementId: r.id, toMemberId, facts },
        });
      },
      seal: (tx) => seal(tx, this.codec.store({ received: out.received, errors: [] })),
    });
    if (moved && out.received) return { received: out.received, errors: [] };
    const current = await this.d.entitlements.findById(source.id);
    if (!current || current.memberId !== source.memberId) return fail(notFound());
    return fail(transferBlock(current, now) ?? failure("NOT_TRANSFERABLE", "The entitlement cannot be transferred"));
  }

  private get codec(): ResultCodec<TransferPayload> {
    return {
      store: (r) => ({ receivedId: r.received?.id ?? null, errors: r.errors as unknown as StoredResult[] }),
      restore: async (s) => {
        const id = storedId(s, "receivedId");
        return { received: id ? await this.d.entitlements.findById(id) : null, errors: storedErrors(s) };
      },
      fail: (errors) => fail(...errors),
    };
  }
}
