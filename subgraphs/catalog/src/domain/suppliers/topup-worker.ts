// Sends due top-up orders to their suppliers. Each order is claimed with FOR
// UPDATE SKIP LOCKED (safe with several catalog instances) and sent under its
// own id as external reference. A timeout or outage is retried with
// exponential backoff and jitter; a retry first asks the supplier whether the
// order went through before sending it again (same reference, so the
// supplier never fulfils it twice). A refusal fails the order at once;
// PROCESSING is polled; attempts running out fail it after a last look. A
// final state commits with its supplier.order_succeeded / order_failed event.
import type { Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import type { CodeKeyRing } from "../../crypto/key-ring";
import type { TopupOrderRow, TopupRepository } from "../../data/suppliers/topup.repository";
import { isSupplierError, type SupplierOrderInfo } from "../../suppliers/adapter";
import type { SupplierRegistry } from "../../suppliers/registry";
import { topupAccountContext } from "./account";
import { backoffMs } from "./backoff";
import { SUPPLIER_EVENT, type SupplierEvents } from "./supplier-events";

export interface TopupWorkerOptions {
  /** How often to look for due orders (default 500 ms). */
  pollMs?: number;
  /** Attempts at sending an order before it fails (default 8). */
  maxAttempts?: number;
  /** The first retry's delay; each next one doubles (default 1 s). */
  retryBaseMs?: number;
  /** The longest delay between retries (default 5 min). */
  retryCapMs?: number;
  /** How soon a PROCESSING order is asked about again (default 2 s). */
  processingPollMs?: number;
  /** How long a claimed order is left alone by other workers (default 60 s; above any supplier timeout). */
  leaseMs?: number;
  /** Orders claimed per round (default 10). */
  batchSize?: number;
  random?: () => number;
}

export class TopupWorker {
  private readonly settings: Required<TopupWorkerOptions>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly db: PrismaClient,
    private readonly topups: TopupRepository,
    private readonly registry: SupplierRegistry,
    private readonly keyRing: Pick<CodeKeyRing, "openSmall">,
    private readonly log: Logger,
    private readonly events: SupplierEvents,
    options: TopupWorkerOptions = {},
  ) {
    this.settings = {
      pollMs: options.pollMs ?? 500,
      maxAttempts: options.maxAttempts ?? 8,
      retryBaseMs: options.retryBaseMs ?? 1_000,
      retryCapMs: options.retryCapMs ?? 5 * 60_000,
      processingPollMs: options.processingPollMs ?? 2_000,
      leaseMs: options.leaseMs ?? 60_000,
      batchSize: options.batchSize ?? 10,
      random: options.random ?? Math.random,
    };
  }

  start(): this {
    const tick = () => {
      if (this.stopped) return;
      this.running = this.runOnce()
        .catch((error: unknown) => this.log.error({ err: error }, "top-up worker round failed"))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, this.settings.pollMs);
        });
    };
    this.timer = setTimeout(tick, this.settings.pollMs);
    return this;
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One round: claims due orders and works them; returns how many it claimed. */
  async runOnce(): Promise<number> {
    const orders = await this.topups.claimDue(this.settings.leaseMs, this.settings.batchSize);
    await Promise.all(orders.map((order) => this.work(order)));
    return orders.length;
  }

  private async work(order: TopupOrderRow): Promise<void> {
    const { maxAttempts } = this.settings;
    const givingUp = order.status === "PENDING" && order.attempts > maxAttempts;
    try {
      const supplier = await this.db.supplier.findUniqueOrThrow({ where: { id: order.supplierId } });
      const sku = await this.db.sku.findUniqueOrThrow({ where: { id: order.skuId } });
      const adapter = this.registry.adapterFor(supplier);
      // Not the first send: it may have gone through although we never heard back.
      let result: SupplierOrderInfo | null =
        order.attempts > 1 || order.status === "PROCESSING" ? await adapter.queryOrder(order.id) : null;
      if (!result && givingUp) {
        await this.finish(
          order,
          "FAILED",
          null,
          `gave up after ${maxAttempts} attempts: ${order.lastError ?? ""}`.trim(),
        );
        return;
      }
      if (!result) {
        if (supplier.status !== "ACTIVE") {
          await this.finish(order, "FAILED", null, "the supplier is disabled");
          return;
        }
        const account = this.keyRing.openSmall(Buffer.from(order.accountSealed), topupAccountContext(order.id));
        result = await adapter.fulfil({
          externalRef: order.id,
          productId: sku.supplierProductId!,
          account,
          quantity: 1,
        });
      }
      await this.apply(order, result);
    } catch (error) {
      const retryable = isSupplierError(error) ? error.retryable : true;
      const message = isSupplierError(error) ? error.message : "internal error while sending the top-up";
      if (!isSupplierError(error)) this.log.error({ orderId: order.id, err: error }, "top-up attempt crashed");
      if (!retryable) {
        await this.finish(order, "FAILED", null, message);
      } else if (givingUp) {
        await this.finish(order, "FAILED", null, `gave up after ${maxAttempts} attempts: ${message}`);
      } else {
        const delay = backoffMs(
          Math.max(order.attempts, 1),
          this.settings.retryBaseMs,
          this.settings.retryCapMs,
          this.settings.random,
        );
        await this.topups.advance(order.id, {
          status: order.status,
          lastError: message,
          nextAttemptAt: new Date(Date.now() + delay),
        });
        this.log.warn(
          { orderId: order.id, attempts: order.attempts, retryInMs: delay, error: message },
          "top-up will be retried",
        );
      }
    }
  }

  private async apply(order: TopupOrderRow, result: SupplierOrderInfo) {
    if (result.status === "PROCESSING") {
      await this.topups.advance(order.id, {
        status: "PROCESSING",
        supplierOrderId: result.supplierOrderId,
        lastError: null,
        nextAttemptAt: new Date(Date.now() + this.settings.processingPollMs),
      });
      return;
    }
    const error =
      result.status === "FAILED" ? `the supplier failed it: ${result.failureReason ?? "no reason given"}` : null;
    await this.finish(order, result.status, result.supplierOrderId, error);
  }

  private async finish(
    order: TopupOrderRow,
    status: "SUCCEEDED" | "FAILED",
    supplierOrderId: string | null,
    error: string | null,
  ) {
    // The final state and its event commit together; an order finished meanwhile (another worker) writes neither.
    const finished = await this.db.$transaction(async (tx) => {
      const changed = await this.topups.advance(
        order.id,
        {
          status,
          supplierOrderId: supplierOrderId ?? order.supplierOrderId,
          lastError: error,
          completedAt: new Date(),
        },
        tx,
      );
      if (changed) {
        await this.events.order(
          tx,
          status === "SUCCEEDED" ? SUPPLIER_EVENT.orderSucceeded : SUPPLIER_EVENT.orderFailed,
          {
            tenantId: order.tenantId,
            reference: order.id,
            skuId: order.skuId,
            entitlementId: order.entitlementId,
            quantity: 1,
            kind: "TOPUP",
          },
        );
      }
      return changed;
    });
    if (!finished) return;
    this.events.notify();
    this.log.info({ orderId: order.id, status, attempts: order.attempts }, "top-up finished");
  }
}
