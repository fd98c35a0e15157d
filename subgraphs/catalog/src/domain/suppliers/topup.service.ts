// Direct top-ups (直充). The entitlements domain asks once per entitlement;
// the order is stored PENDING (account sealed, shown masked) with its
// supplier.order_placed event in the same transaction, and the worker
// sends it to the supplier under the order's id, so it is fulfilled once
// however often it is sent. A repeat request returns the same order.
import { randomUUID } from "node:crypto";
import type { Identity } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { CodeKeyRing } from "../../crypto/key-ring";
import type { TopupOrderRow, TopupRepository } from "../../data/suppliers/topup.repository";
import { isUuid } from "../ids";
import { checkAccount, maskAccount, topupAccountContext } from "./account";
import { SUPPLIER_EVENT, type SupplierEvents } from "./supplier-events";

export type TopupErrorCode = "NOT_FOUND" | "INVALID_INPUT" | "NOT_A_TOPUP_SKU" | "SUPPLIER_UNAVAILABLE";
export interface TopupError {
  code: TopupErrorCode;
  field: string | null;
  message: string;
}

export interface RequestTopupInput {
  tenantId: string;
  entitlementId: string;
  memberId: string;
  skuId: string;
  account: string;
}

export type TopupPayload = { order: TopupOrderRow | null; errors: TopupError[] };

const fail = (code: TopupErrorCode, field: string | null, message: string): TopupPayload => ({
  order: null,
  errors: [{ code, field, message }],
});

export class TopupService {
  constructor(
    private readonly db: PrismaClient,
    private readonly topups: TopupRepository,
    private readonly keyRing: Pick<CodeKeyRing, "sealSmall">,
    private readonly events: SupplierEvents,
  ) {}

  async requestTopup(viewer: Identity, input: RequestTopupInput): Promise<TopupPayload> {
    if (viewer.kind !== "service") return fail("INVALID_INPUT", null, "only services request top-ups");
    for (const field of ["tenantId", "entitlementId", "memberId", "skuId"] as const) {
      if (!isUuid(input[field])) return fail("INVALID_INPUT", field, `${field} must be an id`);
    }
    const existing = await this.topups.byEntitlement(input.entitlementId);
    if (existing) return { order: existing, errors: [] };
    const account = checkAccount(input.account);
    if (!account.ok) return fail("INVALID_INPUT", "account", account.message);
    const sku = await this.db.sku.findUnique({ where: { id: input.skuId }, include: { supplier: true } });
    if (!sku) return fail("NOT_FOUND", "skuId", "no such SKU");
    if (sku.fulfilmentKind !== "DIRECT_TOPUP" || !sku.supplier || !sku.supplierProductId) {
      return fail("NOT_A_TOPUP_SKU", "skuId", "the SKU is not a direct top-up through a supplier");
    }
    if (sku.archivedAt) return fail("NOT_FOUND", "skuId", "the SKU is archived");
    if (sku.supplier.status !== "ACTIVE")
      return fail("SUPPLIER_UNAVAILABLE", "skuId", "the SKU's supplier is disabled");
    const id = randomUUID();
    const { order, created } = await this.topups.createOnce(
      {
        id,
        tenantId: input.tenantId,
        entitlementId: input.entitlementId,
        memberId: input.memberId,
        skuId: sku.id,
        supplierId: sku.supplier.id,
        accountSealed: Buffer.from(this.keyRing.sealSmall(account.account, topupAccountContext(id))),
        accountMasked: maskAccount(account.account),
      },
      (tx, row) =>
        this.events.order(tx, SUPPLIER_EVENT.orderPlaced, {
          tenantId: row.tenantId,
          reference: row.id,
          skuId: row.skuId,
          entitlementId: row.entitlementId,
          quantity: 1,
          kind: "TOPUP",
        }),
    );
    if (created) this.events.notify();
    return { order, errors: [] };
  }

  /** The entitlement's top-up: for services, platform operators, and the member who owns it. */
  async topupOrder(viewer: Identity, entitlementId: string): Promise<TopupOrderRow | null> {
    if (!isUuid(entitlementId)) return null;
    const order = await this.topups.byEntitlement(entitlementId);
    if (!order) return null;
    if (viewer.kind === "service") return order;
    if (viewer.kind !== "member") return null;
    if (viewer.role === "PLATFORM_OPERATOR") return order;
    return viewer.tenantId === order.tenantId && viewer.memberId === order.memberId ? order : null;
  }
}
