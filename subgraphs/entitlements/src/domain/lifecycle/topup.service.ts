// Direct top-ups (直充): one decision, then its fulfilment. The entitlement
// first leaves its usable state (a guarded ISSUED|CLAIMED -> FULFILLING move
// with its event and a topup_request row, one transaction), so a transfer,
// redemption or revocation racing it finds it gone; only then is the catalog
// asked for the supplier order (once per entitlement on its side). An order
// moves it FULFILLING -> REDEEMED (COMMIT of its budget); a refusal returns it
// to where it was (`entitlement.topup_refused`); either move also marks the
// request done, so each happens exactly once. A catalog that does not answer
// leaves it FULFILLING for the worker (workers/topup.ts), also after a crash.
import type { Identity, MemberIdentity } from "@benefits-hub/platform";
import type { EntitlementState } from "@benefits-hub/platform/db/client";
import type { EntitlementRow } from "../../data/entitlement.repository";
import type { Tx } from "../../data/event.repository";
import type { DueTopup, TopupRequestRepository } from "../../data/topup-request.repository";
import { isUsable } from "../entitlement-state";
import type { StoredResult } from "../idempotency";
import { isUuid } from "../ids";
import {
  done,
  failure,
  notFound,
  refused,
  unusableReason,
  type EntitlementPayload,
  type LifecycleError,
} from "./errors";
import { actorOf, entitlementCodec, keyed } from "./keyed";
import { clockOf, type LifecycleDeps } from "./lifecycle-deps";

export interface TopupInput {
  entitlementId: string;
  account: string;
  idempotencyKey?: string | null;
}

type SealResult = (tx: Tx, result: StoredResult) => Promise<void>;

const MAX_ACCOUNT = 64;

export class TopupService {
  constructor(
    private readonly d: LifecycleDeps,
    private readonly requests: TopupRequestRepository,
    /** How long the requesting process keeps its request before the worker may send it (ms). */
    private readonly leaseMs = 30_000,
  ) {}

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
    return keyed(this.d.idempotency, call, this.codec, async (seal) => {
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
      const started = await this.start(row, account);
      if (!started) return refused(await this.whyNot(row));
      const request: DueTopup = {
        entitlementId: row.id,
        tenantId: row.tenantId,
        fromState: row.state,
        account,
        attempts: 1,
      };
      try {
        return await this.send(request, seal);
      } catch (error) {
        // The catalog did not answer: the entitlement stays FULFILLING and the worker asks again.
        await this.requests.markFailed(row.id, messageOf(error), new Date(Date.now() + 1_000));
        return done(started);
      }
    });
  }

  /**
   * Asks the catalog for the order of a FULFILLING entitlement and moves it
   * on. Throws when the catalog did not answer (the request stays due).
   */
  async send(request: DueTopup, seal?: SealResult): Promise<EntitlementPayload> {
    const row = await this.d.entitlements.findById(request.entitlementId);
    if (!row || row.state !== "FULFILLING" || !row.skuId || request.account === null) {
      return row ? done(row) : refused(notFound());
    }
    const answer = await this.d.catalog.requestTopup({
      tenantId: row.tenantId,
      entitlementId: row.id,
      memberId: row.memberId,
      skuId: row.skuId,
      account: request.account,
    });
    const order = answer.order;
    if (order && answer.errors.length === 0) return this.ordered(row, order.id, seal);
    return this.returned(row, request.fromState, topupFailure(answer.errors[0]), seal);
  }

  /** The guarded move out of the usable state, with its event and the durable request. */
  private async start(row: EntitlementRow, account: string): Promise<EntitlementRow | null> {
    const now = clockOf(this.d)();
    return this.d.writer.move({
      guard: { id: row.id, tenantId: row.tenantId, memberId: row.memberId, from: [row.state], notExpiredAt: now },
      data: { state: "FULFILLING" },
      event: "entitlement.topup_requested",
      payload: (r) => ({ memberId: r.memberId, fromState: row.state }),
      also: (tx) =>
        this.requests.enqueue(tx, {
          entitlementId: row.id,
          tenantId: row.tenantId,
          fromState: row.state,
          account,
          leaseUntil: new Date(Date.now() + this.leaseMs),
        }),
    });
  }

  private async ordered(row: EntitlementRow, orderId: string, seal?: SealResult): Promise<EntitlementPayload> {
    const now = clockOf(this.d)();
    const moved = await this.d.writer.move({
      guard: { id: row.id, tenantId: row.tenantId, from: ["FULFILLING"] },
      data: { state: "REDEEMED", redeemedAt: now, redeemedBy: "topup", endedAt: now },
      event: "entitlement.redeemed",
      payload: (r) => ({
        memberId: r.memberId,
        benefitId: r.benefitId,
        redeemedAt: now.toISOString(),
        redeemedBy: "topup",
        orderId,
      }),
      settle: "COMMIT",
      also: (tx) => this.requests.finish(tx, row.id, "ORDERED", orderId).then(() => undefined),
      seal: seal ? (tx, r) => seal(tx, this.codec.store(done(r))) : undefined,
    });
    return done(moved ?? (await this.d.entitlements.findById(row.id)) ?? row);
  }

  private async returned(
    row: EntitlementRow,
    to: EntitlementState,
    error: LifecycleError,
    seal?: SealResult,
  ): Promise<EntitlementPayload> {
    const result = refused(error);
    await this.d.writer.move({
      guard: { id: row.id, tenantId: row.tenantId, from: ["FULFILLING"] },
      data: { state: to },
      event: "entitlement.topup_refused",
      payload: (r) => ({ memberId: r.memberId, state: to, reason: error.code, message: error.message }),
      also: (tx) => this.requests.finish(tx, row.id, "REFUSED", null).then(() => undefined),
      seal: seal ? (tx) => seal(tx, this.codec.store(result)) : undefined,
    });
    return result;
  }

  /** Why the move out of the usable state was refused, as of now. */
  private async whyNot(row: EntitlementRow): Promise<LifecycleError> {
    const current = await this.d.entitlements.findById(row.id);
    if (!current || current.memberId !== row.memberId) return notFound();
    if (isUsable(current.state) && current.state !== row.state) {
      return failure("INVALID_STATE", "The entitlement changed meanwhile; try again");
    }
    return (
      unusableReason(current, clockOf(this.d)(), "topped up") ??
      failure("INVALID_STATE", "The entitlement cannot be topped up")
    );
  }

  private async owned(viewer: MemberIdentity, id: string): Promise<EntitlementRow | null> {
    if (!isUuid(id)) return null;
    const row = await this.d.entitlements.findById(id);
    return row && row.tenantId === viewer.tenantId && row.memberId === viewer.memberId ? row : null;
  }

  private get codec() {
    return entitlementCodec(this.d.entitlements);
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

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
