// Feeds the redemption counters from the entitlements outbox: pull a batch
// after the checkpoint, apply it exactly once, publish the new counts live.
// Woken by pub/sub when entitlements commits; polls as a fallback, and backs
// off while entitlements is unreachable.
import { ENTITLEMENTS_OUTBOX_TOPIC, type HubPubSub, type Logger } from "@benefits-hub/platform";
import type { ConsumerStore, CounterIncrement } from "../data/checkpoint.repository";
import type { OutboxClient, RemoteEvent } from "./outbox-client";
import { redemptionTopic, toStatEvent } from "../domain/redemption-topic";

const BATCH = 500;
const MAX_BACKOFF_MS = 5_000;

export class RedemptionConsumer {
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private wakeups: AsyncIterableIterator<unknown> | null = null;

  constructor(
    private readonly outbox: OutboxClient,
    private readonly store: ConsumerStore,
    private readonly pubsub: HubPubSub,
    private readonly log: Logger,
    private readonly pollMs: number,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wakeups = this.pubsub.subscribe(ENTITLEMENTS_OUTBOX_TOPIC);
    void (async () => {
      for await (const _ of this.wakeups!) this.wake?.();
    })().catch(() => {});
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.wakeups?.return?.();
    this.wake?.();
    await this.loop;
  }

  /** Reads and applies one batch; returns how many events it read. */
  async pollOnce(): Promise<number> {
    const events = await this.outbox.readAfter(await this.store.position(), BATCH);
    if (events.length === 0) return 0;
    const changed = await this.store.apply(events, countRedemptions);
    for (const stat of changed) {
      await this.pubsub.publish(redemptionTopic(stat.tenantId), toStatEvent(stat));
    }
    return events.length;
  }

  private async run(): Promise<void> {
    let backoff = this.pollMs;
    while (this.running) {
      try {
        const read = await this.pollOnce();
        backoff = this.pollMs;
        if (read === BATCH) continue;
      } catch (error) {
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        this.log.warn({ err: String(error), retryInMs: backoff }, "redemption consumer cannot read the outbox");
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}

function countRedemptions(events: readonly RemoteEvent[]): CounterIncrement[] {
  const counts = new Map<string, CounterIncrement>();
  for (const event of events) {
    if (event.type !== "entitlement.redeemed") continue;
    const benefitId = event.payload.benefitId;
    if (typeof benefitId !== "string") continue;
    const key = `${event.tenantId}/${benefitId}`;
    const entry = counts.get(key) ?? { tenantId: event.tenantId, benefitId, by: 0 };
    entry.by += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}
