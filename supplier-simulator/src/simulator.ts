// A supplier that behaves like a real one, over JSON and HTTP: signed
// requests, products with finite stock, orders idempotent by the caller's
// external reference that go PROCESSING → SUCCEEDED (or FAILED when stock ran
// out), settlement statements, and knobs for latency, errors, timeouts and
// outages, random but seeded. Tests steer it through `control` (including
// planted statement discrepancies: a missing, an extra, a mis-billed line).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { demoProducts, type SimProduct } from "./products";
import { seededRandom } from "./random";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyRequest } from "./signature";

export interface Behaviour {
  /** Every answer waits a random time in [min, max] ms. */
  latencyMs: [number, number];
  /** Share (0..1) of requests answered 500 without doing anything. */
  errorRate: number;
  /** Share (0..1) of requests that are processed but answered only after `timeoutDelayMs`. */
  timeoutRate: number;
  /** How late a "timed out" answer comes; null: never (the connection hangs until the client gives up). */
  timeoutDelayMs: number | null;
  /** How long an order stays PROCESSING before it succeeds or fails. 0: decided before the answer. */
  processingMs: number;
  /** What a client sees while the supplier is down: connection refused, or 503. */
  downMode: "refused" | "503";
}

export const defaultBehaviour: Behaviour = {
  latencyMs: [5, 30],
  errorRate: 0,
  timeoutRate: 0,
  timeoutDelayMs: 30_000,
  processingMs: 200,
  downMode: "refused",
};

export type SimOrderStatus = "PROCESSING" | "SUCCEEDED" | "FAILED";

export interface SimOrder {
  orderId: string;
  externalRef: string;
  productId: string;
  quantity: number;
  account: string | null;
  status: SimOrderStatus;
  failureReason: string | null;
  /** What the supplier bills: cost price × quantity. */
  amountFen: number;
  createdAt: Date;
  completedAt: Date | null;
  /** How many times this order was actually fulfilled (stock taken, top-up made): 0 or 1, if all is well. */
  fulfilments: number;
  /** How many POST /orders requests named this external reference. */
  requests: number;
}

export interface SimulatorOptions {
  port: number;
  host?: string;
  /** Shared secret of the request signatures; unset: requests are not authenticated. */
  secret?: string;
  products?: readonly SimProduct[];
  behaviour?: Partial<Behaviour>;
  /** Seed of the randomness behind latency, error and timeout rates (default 1). */
  seed?: number;
}

export interface SimulatorControl {
  /** The next `n` requests (any route) are answered 500 and change nothing. */
  failNext(n: number): void;
  /** The next `n` requests (any route) are processed, but answered only after `timeoutDelayMs` (or never). */
  timeoutNext(n: number): void;
  setStock(productId: string, stock: number): void;
  stock(productId: string): number | undefined;
  /** What the supplier charges for the product from now on (a price change the next sync picks up). */
  setCostPrice(productId: string, costPriceFen: number): void;
  /** The supplier stops selling the product: it leaves GET /products and new orders for it get 404. */
  removeProduct(productId: string): void;
  setBehaviour(behaviour: Partial<Behaviour>): void;
  /** Takes the supplier down (connection refused or 503, see `downMode`) or brings it back. */
  setDown(down: boolean): Promise<void>;
  /** Every order received, oldest first (copies). */
  orders(): SimOrder[];
  /** How often the order with this external reference was fulfilled (0 when unknown). */
  fulfilments(externalRef: string): number;
  /** How many requests were received (signed or not), by "METHOD /route". */
  requestCounts(): Record<string, number>;
  /** Statement discrepancies (reconciliation tests): the order's line is left out of every statement (a missing line). */
  omitFromStatement(externalRef: string): void;
  /** Statement discrepancies: a line billed for no order of ours (an extra line), in the statements covering `completedAt`. */
  addStatementLine(line: PlantedLine): void;
  /** Statement discrepancies: the order's line bills `amountFen` instead of what the order cost (an amount mismatch). */
  billAmount(externalRef: string, amountFen: number): void;
}

export interface PlantedLine {
  externalRef: string;
  productId: string;
  quantity?: number;
  amountFen: number;
  completedAt?: Date;
}

export interface RunningSimulator {
  url: string;
  port: number;
  control: SimulatorControl;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 64 * 1024;
const EXTERNAL_REF = /^[A-Za-z0-9._:-]{1,100}$/;

export async function startSupplierSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const host = options.host ?? "127.0.0.1";
  const random = seededRandom(options.seed ?? 1);
  let behaviour: Behaviour = { ...defaultBehaviour, ...options.behaviour };
  const products = new Map((options.products ?? demoProducts).map((p) => [p.productId, { ...p }]));
  const orders = new Map<string, SimOrder>();
  const fingerprints = new Map<string, string>();
  const counts: Record<string, number> = {};
  const timers = new Set<NodeJS.Timeout>();
  let failNext = 0;
  let timeoutNext = 0;
  let down = false;
  let orderSeq = 0;
  const omitted = new Set<string>();
  const planted: (Required<PlantedLine> & { orderId: string })[] = [];
  const billed = new Map<string, number>();

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const complete = (order: SimOrder) => {
    if (order.status !== "PROCESSING") return;
    const product = products.get(order.productId);
    if (product && product.stock >= order.quantity) {
      product.stock -= order.quantity;
      order.status = "SUCCEEDED";
      order.fulfilments += 1;
    } else {
      order.status = "FAILED";
      order.failureReason = "OUT_OF_STOCK";
    }
    order.completedAt = new Date();
  };

  const placeOrder = (input: unknown): { order: SimOrder; created: boolean } => {
    const body = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
    const { externalRef, productId, account } = body;
    const quantity = body.quantity ?? 1;
    if (typeof externalRef !== "string" || !EXTERNAL_REF.test(externalRef)) {
      throw new HttpError(400, "INVALID_REQUEST", "externalRef must be 1 to 100 letters, digits or ._:-");
    }
    if (typeof productId !== "string") throw new HttpError(400, "INVALID_REQUEST", "productId is required");
    if (!Number.isInteger(quantity) || (quantity as number) < 1 || (quantity as number) > 100) {
      throw new HttpError(400, "INVALID_REQUEST", "quantity must be a whole number from 1 to 100");
    }
    if (account !== undefined && account !== null && (typeof account !== "string" || account.length > 100)) {
      throw new HttpError(400, "INVALID_REQUEST", "account must be text of at most 100 characters");
    }
    const fingerprint = JSON.stringify([productId, account ?? null, quantity]);
    const existing = orders.get(externalRef);
    if (existing) {
      existing.requests += 1;
      if (fingerprints.get(externalRef) !== fingerprint) {
        throw new HttpError(409, "IDEMPOTENCY_CONFLICT", "this externalRef was used for a different order");
      }
      return { order: existing, created: false };
    }
    const product = products.get(productId);
    if (!product) throw new HttpError(404, "PRODUCT_NOT_FOUND", "no such product");
    if (product.fulfilmentKind === "DIRECT_TOPUP" && (typeof account !== "string" || account.trim() === "")) {
      throw new HttpError(400, "INVALID_ACCOUNT", "a top-up needs an account");
    }
    const order: SimOrder = {
      orderId: `SIM-${String(++orderSeq).padStart(6, "0")}`,
      externalRef,
      productId,
      quantity: quantity as number,
      account: typeof account === "string" ? account : null,
      status: "PROCESSING",
      failureReason: null,
      amountFen: product.costPriceFen * (quantity as number),
      createdAt: new Date(),
      completedAt: null,
      fulfilments: 0,
      requests: 1,
    };
    orders.set(externalRef, order);
    fingerprints.set(externalRef, fingerprint);
    if (behaviour.processingMs <= 0) complete(order);
    else later(behaviour.processingMs, () => complete(order));
    return { order, created: true };
  };

  const route = (method: string, url: URL, body: unknown): { status: number; json: unknown } => {
    const path = url.pathname;
    if (method === "GET" && path === "/products") {
      return { status: 200, json: { products: [...products.values()].map(productJson) } };
    }
    const productMatch = /^\/products\/([^/]+)$/.exec(path);
    if (method === "GET" && productMatch) {
      const product = products.get(decodeURIComponent(productMatch[1]!));
      if (!product) throw new HttpError(404, "PRODUCT_NOT_FOUND", "no such product");
      return { status: 200, json: { product: productJson(product) } };
    }
    if (method === "POST" && path === "/orders") {
      const { order, created } = placeOrder(body);
      return { status: created ? 202 : 200, json: { order: orderJson(order) } };
    }
    const orderMatch = /^\/orders\/([^/]+)$/.exec(path);
    if (method === "GET" && orderMatch) {
      const order = orders.get(decodeURIComponent(orderMatch[1]!));
      if (!order) throw new HttpError(404, "ORDER_NOT_FOUND", "no such order");
      return { status: 200, json: { order: orderJson(order) } };
    }
    if (method === "GET" && path === "/settlements") {
      const from = new Date(url.searchParams.get("from") ?? "");
      const to = new Date(url.searchParams.get("to") ?? "");
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to < from) {
        throw new HttpError(400, "INVALID_REQUEST", "from and to must be ISO dates, from before to");
      }
      const within = (at: Date) => at >= from && at < to;
      const lines = [...orders.values()]
        .filter((o) => o.status === "SUCCEEDED" && within(o.completedAt!) && !omitted.has(o.externalRef))
        .map((o) => ({
          externalRef: o.externalRef,
          orderId: o.orderId,
          productId: o.productId,
          quantity: o.quantity,
          amountFen: billed.get(o.externalRef) ?? o.amountFen,
          completedAt: o.completedAt!.toISOString(),
        }))
        .concat(
          planted
            .filter((line) => within(line.completedAt))
            .map((line) => ({ ...line, completedAt: line.completedAt.toISOString() })),
        );
      const totalFen = lines.reduce((sum, line) => sum + line.amountFen, 0);
      return { status: 200, json: { from: from.toISOString(), to: to.toISOString(), lines, totalFen } };
    }
    throw new HttpError(404, "NOT_FOUND", "no such route");
  };

  const send = (res: ServerResponse, status: number, json: unknown) => {
    if (res.destroyed || res.writableEnded) return;
    const text = JSON.stringify(json);
    res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(text),
    });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://simulator");
    if (method === "GET" && url.pathname === "/health")
      return send(res, down ? 503 : 200, { status: down ? "down" : "ok" });
    const routeKey = `${method} ${url.pathname.replace(/^\/(products|orders)\/.+$/, "/$1/:id")}`;
    counts[routeKey] = (counts[routeKey] ?? 0) + 1;
    const raw = await readBody(req);
    const [min, max] = behaviour.latencyMs;
    const latency = min + Math.floor(random() * Math.max(0, max - min + 1));
    const failing = failNext > 0 ? (failNext--, true) : random() < behaviour.errorRate;
    const timingOut = !failing && (timeoutNext > 0 ? (timeoutNext--, true) : random() < behaviour.timeoutRate);
    if (down) return send(res, 503, errorJson("UNAVAILABLE", "the supplier is down for maintenance"));
    if (raw === null) return send(res, 413, errorJson("INVALID_REQUEST", "the body is too large"));
    if (options.secret !== undefined) {
      const ok = verifyRequest(
        options.secret,
        { timestamp: header(req, TIMESTAMP_HEADER), signature: header(req, SIGNATURE_HEADER) },
        method,
        url.pathname + url.search,
        raw,
      );
      if (!ok) return send(res, 401, errorJson("BAD_SIGNATURE", "missing or bad request signature"));
    }
    if (failing) return later(latency, () => send(res, 500, errorJson("INTERNAL", "internal supplier error")));
    let status: number;
    let json: unknown;
    try {
      const body = raw === "" ? undefined : JSON.parse(raw);
      ({ status, json } = route(method, url, body));
    } catch (error) {
      if (error instanceof HttpError)
        ({ status, json } = { status: error.status, json: errorJson(error.code, error.message) });
      else if (error instanceof SyntaxError)
        ({ status, json } = { status: 400, json: errorJson("INVALID_REQUEST", "the body is not JSON") });
      else throw error;
    }
    if (timingOut) {
      if (behaviour.timeoutDelayMs !== null) later(behaviour.timeoutDelayMs, () => send(res, status, json));
      return; // never: the connection hangs until the client gives up or the simulator closes
    }
    later(latency, () => send(res, status, json));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, errorJson("INTERNAL", "internal supplier error")));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const port = await listen(options.port);

  const control: SimulatorControl = {
    failNext: (n) => void (failNext = n),
    timeoutNext: (n) => void (timeoutNext = n),
    setStock(productId, stock) {
      const product = products.get(productId);
      if (!product) throw new Error(`the simulator has no product ${productId}`);
      product.stock = stock;
    },
    stock: (productId) => products.get(productId)?.stock,
    setCostPrice(productId, costPriceFen) {
      const product = products.get(productId);
      if (!product) throw new Error(`the simulator has no product ${productId}`);
      product.costPriceFen = costPriceFen;
    },
    removeProduct(productId) {
      if (!products.delete(productId)) throw new Error(`the simulator has no product ${productId}`);
    },
    setBehaviour: (partial) => void (behaviour = { ...behaviour, ...partial }),
    async setDown(value) {
      down = value && behaviour.downMode === "503";
      if (value && behaviour.downMode === "refused") await stopListening();
      if (!value && !server.listening) await listen(port);
    },
    orders: () => [...orders.values()].map((o) => ({ ...o })),
    fulfilments: (externalRef) => orders.get(externalRef)?.fulfilments ?? 0,
    requestCounts: () => ({ ...counts }),
    omitFromStatement: (externalRef) => void omitted.add(externalRef),
    addStatementLine(line) {
      planted.push({
        quantity: 1,
        completedAt: new Date(),
        ...line,
        orderId: `SIM-X${String(planted.length + 1).padStart(5, "0")}`,
      });
    },
    billAmount: (externalRef, amountFen) => void billed.set(externalRef, amountFen),
  };

  return {
    url: `http://${host}:${port}`,
    port,
    control,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await stopListening();
    },
  };
}

const productJson = (p: SimProduct) => ({
  productId: p.productId,
  name: p.name,
  nameEn: p.nameEn,
  fulfilmentKind: p.fulfilmentKind,
  faceValueFen: p.faceValueFen,
  costPriceFen: p.costPriceFen,
  stock: p.stock,
});

const orderJson = (o: SimOrder) => ({
  orderId: o.orderId,
  externalRef: o.externalRef,
  productId: o.productId,
  quantity: o.quantity,
  account: o.account === null ? null : maskAccount(o.account),
  status: o.status,
  failureReason: o.failureReason,
  amountFen: o.amountFen,
  createdAt: o.createdAt.toISOString(),
  completedAt: o.completedAt?.toISOString() ?? null,
});

const errorJson = (code: string, message: string) => ({ error: { code, message } });

const maskAccount = (account: string) =>
  account.length <= 4 ? "****" : `${account.slice(0, 3)}****${account.slice(-4)}`;

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The body as text, or null when it is too large. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
