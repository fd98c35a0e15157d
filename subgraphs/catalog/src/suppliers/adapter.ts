// What the catalog needs from a supplier, whatever its API: its products
// (stock and price), fulfilling an order idempotently by our external
// reference, the status of an order, and a settlement statement. Failures are
// typed so callers can tell "try again later" from "this will never work".

export type SupplierFulfilmentKind = "CARD_CODE" | "DIRECT_TOPUP";

export interface SupplierProductInfo {
  productId: string;
  name: string;
  nameEn: string;
  fulfilmentKind: SupplierFulfilmentKind;
  faceValueFen: number;
  costPriceFen: number;
  stock: number;
}

export interface FulfilRequest {
  /** Our reference (a top-up order's id): the supplier fulfils each reference at most once. */
  externalRef: string;
  productId: string;
  /** The phone number or account of a top-up. */
  account?: string;
  quantity: number;
}

export type SupplierOrderStatus = "PROCESSING" | "SUCCEEDED" | "FAILED";

export interface SupplierOrderInfo {
  externalRef: string;
  supplierOrderId: string;
  status: SupplierOrderStatus;
  /** Why it failed (e.g. OUT_OF_STOCK), when it did. */
  failureReason: string | null;
}

export interface SettlementLineInfo {
  externalRef: string;
  productId: string;
  quantity: number;
  amountFen: number;
  completedAt: Date;
}

export interface SupplierAdapter {
  listProducts(): Promise<SupplierProductInfo[]>;
  /** One product with its current stock and price; SupplierError "not_found" when unknown. */
  getProduct(productId: string): Promise<SupplierProductInfo>;
  /** Places the order, or returns the order already placed under `externalRef` (never a second one). */
  fulfil(request: FulfilRequest): Promise<SupplierOrderInfo>;
  /** The order placed under `externalRef`, or null when the supplier has none. */
  queryOrder(externalRef: string): Promise<SupplierOrderInfo | null>;
  /** Lines for orders completed in [from, to). */
  settlement(from: Date, to: Date): Promise<SettlementLineInfo[]>;
}

/**
 * - timeout: no answer in time; the request may or may not have been processed.
 * - unavailable: the supplier could not be reached or answered 5xx/429; worth retrying.
 * - refused: the supplier said no (4xx: bad signature, bad request, conflict); retrying will not help.
 * - not_found: no such product or order.
 * - bad_response: the answer was not what the API promises (not JSON, wrong shape).
 */
export type SupplierErrorKind = "timeout" | "unavailable" | "refused" | "not_found" | "bad_response";

export class SupplierError extends Error {
  override name = "SupplierError";
  constructor(
    readonly kind: SupplierErrorKind,
    message: string,
    /** The supplier's own error code, when it gave one. */
    readonly supplierCode: string | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
  }

  /** Whether trying again later may succeed (the supplier may have processed the request meanwhile). */
  get retryable(): boolean {
    return this.kind === "timeout" || this.kind === "unavailable" || this.kind === "bad_response";
  }
}

export const isSupplierError = (error: unknown): error is SupplierError => error instanceof SupplierError;
