// Fulfilment by the holder: reveal a card code (allocated from the SKU's pool
// for this entitlement, then shown by the catalog, which records every
// reveal), or have a direct top-up sent (topup.service.ts), which redeems it.
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import type { EntitlementRow } from "../../data/entitlement.repository";
import type { StoredResult } from "../idempotency";
import { isUuid } from "../ids";
import { failure, notFound, unusableReason, type EntitlementPayload, type LifecycleError } from "./errors";
import { actorOf, keyed, storedErrors, storedId, type ResultCodec } from "./keyed";
import { clockOf, type LifecycleDeps } from "./lifecycle-deps";
import type { TopupInput, TopupService } from "./topup.service";

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

export type { TopupInput };

/** A code once revealed can be shown again while its holder still has it. */
const SHOWABLE_AGAIN = new Set(["ISSUED", "CLAIMED", "REDEEMED"]);

export class FulfilmentService {
  constructor(
    private readonly d: LifecycleDeps,
    private readonly topups: TopupService,
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

  /** A direct top-up: see topup.service.ts (the entitlement leaves its usable state before the supplier is asked). */
  topup(viewer: Identity, input: TopupInput): Promise<EntitlementPayload> {
    return this.topups.topup(viewer, input);
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
