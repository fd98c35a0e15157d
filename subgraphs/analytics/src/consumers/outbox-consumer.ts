// Folds one source's outbox into the cockpit's tables: read a batch after the
// checkpoint, fold it and move the checkpoint in one transaction (exactly
// once), then publish what changed live. Woken by the source's pub/sub topic
// when it commits; polls as a fallback, and backs off while the source is
// unreachable. While a batch is folded the next one is already being read.
import type pg from "pg";
import type { HubPubSub, Logger } from "@benefits-hub/platform";
import type { PrismaClient } from "@benefits-hub/platform/db/client";
import { ConsumerStore, type Position } from "../data/checkpoint.repository";
import type { FoldOutcome } from "../data/ingest/outcome";
import { publishCockpitChange } from "../domain/cockpit-topic";
import { redemptionTopic, toStatEvent } from "../domain/redemption-topic";
import type { OutboxFeed, RemoteEvent } from "./outbox-client";
import type { Source } from "./sources";

/** Events read per request (the outbox route serves at most 1000). */
export const BATCH = 1000;
const MAX_BACKOFF_MS = 5_000;

export interface ConsumerOptions {
  source: Source;
  feed: OutboxFeed;
  db: PrismaClient;
  pubsub: HubPubSub;
  log: Logger;
  pollMs: number;
  /** Events per read (default BATCH). */
  batch?: number;
  /** Fold on node-postgres directly (what the service does; see checkpoint.repository.ts); else through `db`. */
  pool?: pg.Pool;
}

export class OutboxConsumer {
  readonly store: ConsumerStore;
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private wakeups: AsyncIterableIterator<unknown> | null = null;
  private readonly batch: number;

  constructor(private readonly options: ConsumerOptions) {
    this.store = new ConsumerStore(options.db, options.source.consumer, options.pool);
    this.batch = options.batch ?? BATCH;
  }

  get source(): Source {
    return this.options.source;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wakeups = this.options.pubsub.subscribe(this.options.source.topic);
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
    this.loop = null;
  }

  /** Reads and applies one batch; returns how many events it read. */
  async pollOnce(): Promise<number> {
    const events = await this.options.feed.readAfter(await this.store.position(), this.batch);
    if (events.length > 0) await this.apply(events);
    return events.length;
  }

  /** Applies a batch read after some position (what lies at or before the checkpoint is skipped). */
  async apply(events: readonly RemoteEvent[]): Promise<FoldOutcome | null> {
    const { source } = this.options;
    const outcome = await this.store.apply(events, (tx, fresh) => source.fold(tx, "analytics", fresh));
    if (outcome) await this.publish(outcome);
    return outcome;
  }

  private async publish(outcome: FoldOutcome): Promise<void> {
    const { pubsub, log } = this.options;
    try {
      for (const stat of outcome.redemptions) await pubsub.publish(redemptionTopic(stat.tenantId), toStatEvent(stat));
      const at = new Date().toISOString();
      for (const [tenantId, { kinds, orgUnitIds }] of outcome.touched) {
        await publishCockpitChange(pubsub, { tenantId, at, kinds: [...kinds], orgUnitIds: [...orgUnitIds] });
      }
    } catch (error) {
      // The batch is committed; a lost live message costs a tile's freshness, not a count.
      log.warn({ err: String(error), source: this.options.source.name }, "analytics live update not published");
    }
  }

  private async run(): Promise<void> {
    const { pollMs, log, feed, source } = this.options;
    let backoff = pollMs;
    let next: Promise<RemoteEvent[]> | null = null;
    while (this.running) {
      try {
        const events = await (next ?? feed.readAfter(await this.store.position(), this.batch));
        next = null;
        if (events.length === this.batch) {
          // Read the next batch while this one is folded.
          next = feed.readAfter(lastOf(events), this.batch);
          next.catch(() => {});
        }
        if (events.length > 0) await this.apply(events);
        backoff = pollMs;
        if (events.length === this.batch) continue;
      } catch (error) {
        next = null;
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        log.warn(
          { err: String(error), source: source.name, retryInMs: backoff },
          "analytics consumer cannot read or fold its outbox",
        );
      }
      if (!this.running) break;
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

const lastOf = (events: readonly Position[]): Position =>
  events.reduce((a, b) => (b.xid > a.xid || (b.xid === a.xid && b.seq > a.seq) ? b : a));
