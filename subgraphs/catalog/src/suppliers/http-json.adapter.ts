// The generic HTTP JSON supplier: GET /products, GET /products/:id,
// POST /orders, GET /orders/:externalRef, GET /settlements?from&to. Each
// request is signed (HMAC-SHA-256 of timestamp, method, path and body under
// the shared secret), bounded by the supplier's timeout, and each answer is
// validated before anything reads it. Errors never carry the secret.
import { createHmac } from "node:crypto";
import { z } from "zod";
import {
  SupplierError,
  type FulfilRequest,
  type SettlementLineInfo,
  type SupplierAdapter,
  type SupplierOrderInfo,
  type SupplierProductInfo,
} from "./adapter";

export const TIMESTAMP_HEADER = "x-supplier-timestamp";
export const SIGNATURE_HEADER = "x-supplier-signature";

export function signSupplierRequest(
  secret: string,
  timestamp: string,
  method: string,
  pathAndQuery: string,
  body: string,
) {
  return createHmac("sha256", secret)
    .update(`${timestamp}\n${method.toUpperCase()}\n${pathAndQuery}\n${body}`, "utf8")
    .digest("hex");
}

const fen = z.number().int().min(0).max(1_000_000_000);
const productSchema = z.object({
  productId: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  nameEn: z.string().max(200).optional(),
  fulfilmentKind: z.enum(["CARD_CODE", "DIRECT_TOPUP"]),
  faceValueFen: fen,
  costPriceFen: fen,
  stock: z.number().int().min(0),
});
const orderSchema = z.object({
  orderId: z.string().min(1),
  externalRef: z.string().min(1),
  status: z.enum(["PROCESSING", "SUCCEEDED", "FAILED"]),
  failureReason: z.string().nullable().optional(),
});
const settlementSchema = z.object({
  lines: z.array(
    z.object({
      externalRef: z.string().min(1),
      productId: z.string().min(1),
      quantity: z.number().int().min(1),
      amountFen: fen,
      completedAt: z.iso.datetime({ offset: true }),
    }),
  ),
});
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

export interface HttpJsonSupplierConfig {
  /** For error messages ("supplier demo-supplier: ..."). */
  name: string;
  baseUrl: string;
  /** The shared secret; null: requests go unsigned. */
  secret: string | null;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export class HttpJsonSupplierAdapter implements SupplierAdapter {
  private readonly base: string;
  private readonly fetch: typeof fetch;

  constructor(private readonly config: HttpJsonSupplierConfig) {
    this.base = config.baseUrl.replace(/\/+$/, "");
    this.fetch = config.fetch ?? globalThis.fetch;
  }

  async listProducts(): Promise<SupplierProductInfo[]> {
    const body = await this.request("GET", "/products", z.object({ products: z.array(productSchema) }));
    return body.products.map(toProduct);
  }

  async getProduct(productId: string): Promise<SupplierProductInfo> {
    const body = await this.request(
      "GET",
      `/products/${encodeURIComponent(productId)}`,
      z.object({ product: productSchema }),
    );
    return toProduct(body.product);
  }

  async fulfil(request: FulfilRequest): Promise<SupplierOrderInfo> {
    const body = await this.request("POST", "/orders", z.object({ order: orderSchema }), {
      externalRef: request.externalRef,
      productId: request.productId,
      ...(request.account === undefined ? {} : { account: request.account }),
      quantity: request.quantity,
    });
    return this.checkedOrder(body.order, request.externalRef);
  }

  async queryOrder(externalRef: string): Promise<SupplierOrderInfo | null> {
    try {
      const body = await this.request(
        "GET",
        `/orders/${encodeURIComponent(externalRef)}`,
        z.object({ order: orderSchema }),
      );
      return this.checkedOrder(body.order, externalRef);
    } catch (error) {
      if (error instanceof SupplierError && error.kind === "not_found") return null;
      throw error;
    }
  }

  async settlement(from: Date, to: Date): Promise<SettlementLineInfo[]> {
    const query = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
    const body = await this.request("GET", `/settlements?${query}`, settlementSchema);
    return body.lines.map((line) => ({ ...line, completedAt: new Date(line.completedAt) }));
  }

  private checkedOrder(order: z.infer<typeof orderSchema>, externalRef: string): SupplierOrderInfo {
    if (order.externalRef !== externalRef) {
      throw this.error("bad_response", `answered for order ${order.externalRef} when asked for ${externalRef}`);
    }
    return {
      externalRef: order.externalRef,
      supplierOrderId: order.orderId,
      status: order.status,
      failureReason: order.failureReason ?? null,
    };
  }

  private async request<T>(method: "GET" | "POST", path: string, schema: z.ZodType<T>, payload?: unknown): Promise<T> {
    const body = payload === undefined ? "" : JSON.stringify(payload);
    const headers: Record<string, string> = { accept: "application/json" };
    if (payload !== undefined) headers["content-type"] = "application/json";
    if (this.config.secret !== null) {
      const timestamp = String(Date.now());
      headers[TIMESTAMP_HEADER] = timestamp;
      headers[SIGNATURE_HEADER] = signSupplierRequest(this.config.secret, timestamp, method, path, body);
    }
    let response: Response;
    let text: string;
    const signal = AbortSignal.timeout(this.config.timeoutMs);
    try {
      response = await this.fetch(this.base + path, {
        method,
        headers,
        body: payload === undefined ? undefined : body,
        signal,
      });
      text = await response.text();
    } catch (error) {
      if (signal.aborted) {
        throw this.error("timeout", `${method} ${routeOf(path)} got no answer within ${this.config.timeoutMs} ms`);
      }
      throw this.error("unavailable", `${method} ${routeOf(path)} could not reach the supplier (${causeOf(error)})`);
    }
    if (!response.ok) {
      const parsed = errorSchema.safeParse(safeJson(text));
      const code = parsed.success ? parsed.data.error.code : null;
      const what = `${method} ${routeOf(path)} answered ${response.status}${code ? ` ${code}` : ""}`;
      const kind =
        response.status >= 500 || response.status === 429 || response.status === 408
          ? "unavailable"
          : response.status === 404
            ? "not_found"
            : "refused";
      throw this.error(kind, what, code, response.status);
    }
    const json = safeJson(text);
    if (json === undefined)
      throw this.error("bad_response", `${method} ${routeOf(path)} answered with something that is not JSON`);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join(".") : "the body";
      throw this.error(
        "bad_response",
        `${method} ${routeOf(path)} answered malformed JSON: ${where}: ${issue?.message ?? "invalid"}`,
      );
    }
    return parsed.data;
  }

  private error(
    kind: SupplierError["kind"],
    message: string,
    code: string | null = null,
    status: number | null = null,
  ) {
    return new SupplierError(kind, `supplier ${this.config.name}: ${message}`, code, status);
  }
}

const toProduct = (p: z.infer<typeof productSchema>): SupplierProductInfo => ({ ...p, nameEn: p.nameEn ?? "" });

/** The route without ids or query, for messages (an external reference is ours, but keep messages short). */
const routeOf = (path: string) => path.replace(/\?.*$/, "").replace(/^\/(products|orders)\/.+$/, "/$1/:id");

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === "string" ? cause.code : "network error";
}
