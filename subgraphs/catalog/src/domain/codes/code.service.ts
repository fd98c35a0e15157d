// The card-code primitives offered to the entitlements domain (allocate a
// code to an entitlement, reveal it to its owner) and the operators' views of
// imports and low-stock alerts. Row-level rules live here: a reveal finds only
// the viewer's own code, and answers the same NOT_FOUND for anything else.
// An allocation of a supplier's SKU writes supplier.code_allocated in its transaction.
import { currentOrigin, type HubPubSub, type Identity, type Logger } from "@benefits-hub/platform";
import type {
  AllocatedCode,
  CardCodeRepository,
  CodeImportRow,
  LowStockAlertRow,
} from "../../data/codes/card-code.repository";
import { isUniqueViolation } from "../../data/codes/errors";
import { open, type CodeKeyRing } from "../../crypto/key-ring";
import { isUuid } from "../ids";
import { evaluateLowStock, publishLowStockChange, type LowStockChange } from "../stock/low-stock";
import { SUPPLIER_EVENT, SupplierEvents } from "../suppliers/supplier-events";
import { codeAad, decodeSecret } from "./sealed-code";

export type CardCodeErrorCode = "NOT_FOUND" | "OUT_OF_STOCK" | "NOT_A_CODE_SKU" | "INVALID_INPUT";
export interface CardCodeError {
  code: CardCodeErrorCode;
  message: string;
}

export interface Allocation {
  codeId: string;
  skuId: string;
  entitlementId: string;
  expiresAt: Date | null;
}

export interface Reveal {
  code: string;
  pin: string | null;
  expiresAt: Date | null;
}

export interface AllocateInput {
  tenantId: string;
  skuId: string;
  entitlementId: string;
  memberId: string;
}

type Outcome<T> = { allocation?: T; reveal?: never; errors: CardCodeError[] };
const error = (code: CardCodeErrorCode, message: string): { errors: CardCodeError[] } => ({
  errors: [{ code, message }],
});
/**
 * Under a burst (500 allocations at once) a transaction may wait a while for a
 * pooled connection, longest on the embedded database, which runs one
 * statement at a time: waiting beats failing a request that would succeed.
 */
const TX_OPTIONS = { maxWait: 60_000, timeout: 20_000 };
const NOT_FOUND = error("NOT_FOUND", "No card code for this entitlement");

export class CardCodeService {
  constructor(
    private readonly codes: CardCodeRepository,
    private readonly keyRing: CodeKeyRing,
    private readonly pubsub: HubPubSub,
    private readonly log: Logger,
  ) {
    this.events = new SupplierEvents(pubsub, log);
  }

  private readonly events: SupplierEvents;

  /**
   * Takes one code from the SKU's pool for the entitlement, in one
   * transaction; asking again for the same entitlement returns the same code.
   */
  async allocate(input: AllocateInput): Promise<{ allocation?: Allocation; errors: CardCodeError[] }> {
    for (const field of ["tenantId", "skuId", "entitlementId", "memberId"] as const) {
      if (!isUuid(input[field])) return error("INVALID_INPUT", `${field} is not a valid id`);
    }
    try {
      return await this.allocateOnce(input);
    } catch (failure) {
      // Two calls for the same entitlement raced: the loser's transaction rolled back; the winner's code is the answer.
      if (!isUniqueViolation(failure)) throw failure;
      return this.allocateOnce(input);
    }
  }

  private async allocateOnce(input: AllocateInput): Promise<{ allocation?: Allocation; errors: CardCodeError[] }> {
    let change: LowStockChange | null = null;
    let evented = false;
    const result = await this.codes.db.$transaction(async (tx): Promise<Outcome<AllocatedCode>> => {
      await this.codes.lockEntitlement(tx, input.entitlementId);
      const existing = await this.codes.allocationOf(tx, input.entitlementId);
      if (existing) {
        const same =
          existing.skuId === input.skuId &&
          existing.tenantId === input.tenantId &&
          existing.ownerMemberId === input.memberId;
        return same
          ? { allocation: existing, errors: [] }
          : error("INVALID_INPUT", "This entitlement already holds a code of another SKU, tenant or member");
      }
      const sku = await this.codes.sku(input.skuId, tx);
      if (!sku) return error("NOT_FOUND", "No SKU with this id");
      if (sku.stockSource !== "CODE_POOL") return error("NOT_A_CODE_SKU", "This SKU is not fulfilled from a code pool");
      let allocated = await this.codes.allocateOne(tx, input);
      if (!allocated) {
        // Perhaps only expired codes are left: take them out of the count, so stock tells the truth.
        const voided = await this.codes.voidExpired(tx, input.skuId);
        if (voided > 0) {
          const after = await this.codes.sku(input.skuId, tx);
          change = await evaluateLowStock(tx, {
            skuId: input.skuId,
            stock: after!.poolAvailable,
            threshold: after!.lowStockThreshold,
          });
          allocated = await this.codes.allocateOne(tx, input);
        }
        if (!allocated) return error("OUT_OF_STOCK", "No card code left for this SKU");
      }
      const stock = await this.codes.takeFromPool(tx, input.skuId);
      change = (await evaluateLowStock(tx, { skuId: input.skuId, ...stock })) ?? change;
      // A code of a supplier's SKU is a supplier order for analytics; its reference is the code's id.
      evented = await this.events.order(tx, SUPPLIER_EVENT.codeAllocated, {
        tenantId: input.tenantId,
        reference: allocated.codeId,
        skuId: input.skuId,
        entitlementId: input.entitlementId,
        quantity: 1,
        kind: "CARD_CODE",
      });
      return { allocation: allocated, errors: [] };
    }, TX_OPTIONS);
    if (evented) this.events.notify();
    await publishLowStockChange(this.pubsub, this.log, change);
    if (result.allocation) {
      const { codeId, skuId, entitlementId, expiresAt } = result.allocation;
      return { allocation: { codeId, skuId, entitlementId, expiresAt }, errors: [] };
    }
    return result;
  }

  /** The viewer's own code for the entitlement, decrypted; the reveal is recorded in the same transaction. */
  async reveal(viewer: Identity, entitlementId: string): Promise<{ reveal?: Reveal; errors: CardCodeError[] }> {
    if (viewer.kind !== "member") return NOT_FOUND;
    if (!isUuid(entitlementId)) return NOT_FOUND;
    const origin = currentOrigin();
    return this.codes.db.$transaction(async (tx) => {
      const owned = await this.codes.ownedCode(tx, {
        entitlementId,
        tenantId: viewer.tenantId,
        memberId: viewer.memberId,
      });
      if (!owned) return NOT_FOUND;
      const dataKey = this.keyRing.unwrapDataKey(owned.masterKeyId, owned.wrappedKey);
      let secret: { code: string; pin: string | null };
      try {
        secret = decodeSecret(open(dataKey, owned.sealed, codeAad(owned.id, owned.skuId)));
      } finally {
        dataKey.fill(0);
      }
      await this.codes.recordReveal(tx, {
        codeId: owned.id,
        tenantId: viewer.tenantId,
        memberId: viewer.memberId,
        entitlementId,
        ip: origin?.ip,
        userAgent: origin?.userAgent,
      });
      return { reveal: { ...secret, expiresAt: owned.expiresAt }, errors: [] };
    }, TX_OPTIONS);
  }

  codeImport(id: string): Promise<CodeImportRow | null> {
    return isUuid(id) ? this.codes.importById(id) : Promise.resolve(null);
  }

  codeImports(skuId: string, first: number | null | undefined): Promise<CodeImportRow[]> {
    if (!isUuid(skuId)) return Promise.resolve([]);
    return this.codes.importsOfSku(skuId, Math.min(Math.max(first ?? 20, 1), 100));
  }

  lowStockAlerts(): Promise<LowStockAlertRow[]> {
    return this.codes.openAlerts();
  }
}
