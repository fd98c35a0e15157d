// Turns a stream of changes into pulses for one subscriber: at most one pulse
// per interval, and none missed. The first change after a quiet spell produces
// a pulse at once; changes arriving during the interval (or while a pulse is
// being computed) are merged and produce exactly one more pulse when the
// interval is over, computed then, so the last pulse of a burst always
// reflects the state after the burst's last change.
//
// Bounded whatever the client does: the merged change is one value, and a
// pulse the client has not taken yet is replaced by the next one (merged),
// never queued behind it.

export interface CoalescerOptions<C, P> {
  /** The changes to hear (already scoped): each is iterated until the coalescer is returned. */
  sources: AsyncIterator<C>[];
  /** Whether a change concerns this subscriber (a failure counts as no). */
  accept(change: C): Promise<boolean> | boolean;
  /** Merges a change into what is pending (`pending` undefined for the first). */
  merge(pending: C | undefined, change: C): C;
  /** Computes the pulse for what is pending, now. A failure skips this pulse (the next change makes another). */
  produce(pending: C): Promise<P>;
  /** Merges a pulse the client has not taken yet into the next one. */
  mergePulses(older: P, newer: P): P;
  intervalMs: number;
  onError?(error: unknown): void;
}

export class Coalescer<C, P> implements AsyncIterableIterator<P> {
  private pending: C | undefined;
  private ready: P | undefined;
  private hasReady = false;
  private timer: NodeJS.Timeout | null = null;
  private producing = false;
  private lastStart = -Infinity;
  private closed = false;
  private waiter: ((result: IteratorResult<P>) => void) | null = null;

  constructor(private readonly options: CoalescerOptions<C, P>) {
    for (const source of options.sources) void this.pump(source);
  }

  async next(): Promise<IteratorResult<P>> {
    if (this.hasReady) {
      const value = this.ready as P;
      this.ready = undefined;
      this.hasReady = false;
      return { done: false, value };
    }
    if (this.closed) return { done: true, value: undefined };
    return new Promise((resolve) => (this.waiter = resolve));
  }

  async return(): Promise<IteratorResult<P>> {
    if (!this.closed) {
      this.closed = true;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.pending = undefined;
      await Promise.all(this.options.sources.map((s) => s.return?.()));
      this.waiter?.({ done: true, value: undefined });
      this.waiter = null;
    }
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<P>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  private async pump(source: AsyncIterator<C>) {
    try {
      for (;;) {
        const result = await source.next();
        if (result.done || this.closed) return;
        let accepted = false;
        try {
          accepted = await this.options.accept(result.value);
        } catch (error) {
          this.options.onError?.(error);
        }
        if (!accepted || this.closed) continue;
        this.pending = this.options.merge(this.pending, result.value);
        this.schedule();
      }
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private schedule() {
    if (this.timer || this.producing || this.closed || this.pending === undefined) return;
    const wait = Math.max(0, this.lastStart + this.options.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, wait);
  }

  private async flush() {
    const batch = this.pending;
    if (batch === undefined || this.closed) return;
    this.pending = undefined;
    this.producing = true;
    this.lastStart = Date.now();
    try {
      const pulse = await this.options.produce(batch);
      if (!this.closed) this.deliver(pulse);
    } catch (error) {
      this.options.onError?.(error);
    } finally {
      this.producing = false;
      this.schedule();
    }
  }

  private deliver(pulse: P) {
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = null;
      resolve({ done: false, value: pulse });
      return;
    }
    this.ready = this.hasReady ? this.options.mergePulses(this.ready as P, pulse) : pulse;
    this.hasReady = true;
  }
}
