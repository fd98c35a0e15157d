// Fulfilment by the holder: reveal a card code (allocated from the SKU's pool
// for this entitlement, then shown by the catalog, which records every
// reveal), or have a direct top-up sent, which redeems the entitlement.
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import type { EntitlementRow } from "../../data/entitlement.repository";
import type { StoredResult } from "../idempotency";
import { isUuid } from "../ids";
import type { RedemptionService } from "../redemption.service";
import { failure, notFound, refused, unusableReason, type EntitlementPayload, type LifecycleError } from "./errors";
import { actorOf, entitlementCodec, keyed, storedErrors, storedId, type ResultCodec } from "./keyed";
import { clockOf, type LifecycleDeps } from "./lifecycle-deps";

export interface CardCode {
  code: string;
  pin: string | null;
  expiresAt: string | null;
}

export interface RevealPayload {
  entitlement: EntitlementRow | null;
  cardCode: CardCode | null;
  errors: LifecycleError[];
}

export interface RevealInput {
  entitlementId: string;
  idempotencyKey?: string | null;
}

export interface TopupInput {
  entitlementId: string;
  account: string;
  idempotencyKey?: string | null;
}

/** A code once revealed can be shown again while its holder still has it. */
const SHOWABLE_AGAIN = new Set(["ISSUED", "CLAIMED", "REDEEMED"]);
const MAX_ACCOUNT = 64;

export class FulfilmentService {
  constructor(
    private readonly d: LifecycleDeps,
    private readonly redemptions: RedemptionService,
  ) {}

  /** One step for the member: allocate the code (once per entitlement), mark it revealed (first time), show it. */
  async reveal(viewer: Identity, input: RevealInput): Promise<RevealPayload> {
    if (viewer.kind !== "member") return { entitlement: null, cardCode: null, errors: [notFound()] };
    const call = {
      tenantId: viewer.tenantId,
      actor: actorOf(viewer),
      key: input.idempotencyKey,
      operation: "revealEntitlement",
      request: { entitlementId: input.entitlementId },
    };
    const codec = this.revealCodec(viewer);
    return keyed(this.d.idempotency, call, codec, async (seal) => {
      const fail = (e: LifecycleError) => codec.fail([e]);
      const row = await this.owned(viewer, input.entitlementId);
      if (!row) return fail(notFound());
      if (row.fulfilmentKind !== "CARD_CODE" || !row.skuId) {
        return fail(failure("INVALID_INPUT", "This entitlement has no card code", "entitlementId"));
      }
      let current = row;
      if (!row.revealedAt) {
        const now = clockOf(this.d)();
        const why = unusableReason(row, now, "revealed");
        if (why) return fail(why);
        const allocated = await this.d.catalog.allocateCode({
          tenantId: row.tenantId,
          skuId: row.skuId,
          entitlementId: row.id,
          memberId: row.memberId,
        });
        const refusal = allocated.errors[0];
        if (refusal || !allocated.allocation) {
          const code = refusal?.code === "OUT_OF_STOCK" ? "OUT_OF_STOCK" : "INVALID_INPUT";
          return fail(failure(code, refusal?.message ?? "No card code could be allocated"));
        }
        const codeId = allocated.allocation.codeId;
        const marked = await this.d.writer.move({
          guard: { ...this.guardOf(row), notExpiredAt: now, unrevealed: true },
          data: { revealedAt: now },
          event: "entitlement.revealed",
          payload: (r) => ({ memberId: r.memberId, codeId }),
          seal: (tx, r) => seal(tx, codec.store({ entitlement: r, cardCode: null, errors: [] })),
        });
        if (marked) current = marked;
        else {
          // A concurrent reveal marked it first, or it moved meanwhile.
          const again = await this.owned(viewer, row.id);
          if (!again) return fail(notFound());
          if (!again.revealedAt) return fail(unusableReason(again, now, "revealed") ?? notFound());
          current = again;
        }
      } else if (!SHOWABLE_AGAIN.has(row.state)) {
        return fail(failure("INVALID_STATE", `The entitlement is ${row.state.toLowerCase()}`));
      }
      return this.show(viewer, current);
    });
  }

  /** The supplier tops up the account (the catalog queues it, once per entitlement), and the entitlement is redeemed. */
  async topup(viewer: Identity, input: TopupInput): Promise<EntitlementPayload> {
    if (viewer.kind !== "member") return refused(notFound());
    const account = (input.account ?? "").trim();
    const call = {
      tenantId: viewer.tenantId,
      actor: actorOf(viewer),
      key: input.idempotencyKey,
      operation: "topupEntitlement",
      request: { entitlementId: input.entitlementId, account },
    };
    return keyed(this.d.idempotency, call, entitlementCodec(this.d.entitlements), async (seal) => {
      const row = await this.owned(viewer, input.entitlementId);
      if (!row) return refused(notFound());
      if (row.fulfilmentKind !== "DIRECT_TOPUP" || !row.skuId) {
        return refused(failure("INVALID_INPUT", "This entitlement is not a direct top-up", "entitlementId"));
      }
      const why = unusableReason(row, clockOf(this.d)(), "topped up");
      if (why) return refused(why);
      if (account.length === 0 || account.length > MAX_ACCOUNT) {
        return refused(failure("INVALID_INPUT", `account must be 1 to ${MAX_ACCOUNT} characters`, "account"));
      }
      const requested = await this.d.catalog.requestTopup({
        tenantId: row.tenantId,
        entitlementId: row.id,
        memberId: row.memberId,
        skuId: row.skuId,
        account,
      });
      const refusal = requested.errors[0];
      if (refusal || !requested.order) return refused(topupFailure(refusal));
      return this.redemptions.commit(row, "topup", seal);
    });
  }

  private guardOf(row: EntitlementRow) {
    return { id: row.id, tenantId: row.tenantId, memberId: row.memberId, from: ["ISSUED", "CLAIMED"] as const };
  }

  private async owned(viewer: MemberIdentity, id: string): Promise<EntitlementRow | null> {
    if (!isUuid(id)) return null;
    const row = await this.d.entitlements.findById(id);
    return row && row.tenantId === viewer.tenantId && row.memberId === viewer.memberId ? row : null;
  }

  /** The catalog decrypts and shows the code to its owner (and records the reveal). */
  private async show(viewer: MemberIdentity, row: EntitlementRow): Promise<RevealPayload> {
    const shown = await this.d.catalog.revealCode(viewer, row.id);
    if (!shown.reveal) {
      return { entitlement: row, cardCode: null, errors: [failure("NOT_FOUND", "The card code was not found")] };
    }
    return { entitlement: row, cardCode: shown.reveal, errors: [] };
  }

  /** What is kept for a retry: never the code; a retry shows it again (recorded again). */
  private revealCodec(viewer: MemberIdentity): ResultCodec<RevealPayload> {
    return {
      store: (r) => ({ entitlementId: r.entitlement?.id ?? null, errors: r.errors as unknown as StoredResult[] }),
      restore: async (s) => {
        const errors = storedErrors(s);
        const id = storedId(s);
        const row = id ? await this.owned(viewer, id) : null;
        if (errors.length || !row) return { entitlement: row, cardCode: null, errors };
        return this.show(viewer, row);
      },
      fail: (errors) => ({ entitlement: null, cardCode: null, errors }),
    };
  }
}

function topupFailure(error: { code: string; message: string } | undefined): LifecycleError {
  switch (error?.code) {
    case "SUPPLIER_UNAVAILABLE":
      return failure("UNAVAILABLE", error.message);
    case "NOT_FOUND":
      return failure("NOT_FOUND", error.message);
    case "NOT_A_TOPUP_SKU":
      return failure("INVALID_INPUT", error.message, "entitlementId");
    default:
      return failure("INVALID_INPUT", error?.message ?? "The top-up was refused", "account");
  }
}
