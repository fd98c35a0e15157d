// Admission control for claims: at most `concurrency` issuance sagas run at
// once in this process, the others wait in a bounded queue (beyond it: busy).
// A flash sale's burst then queues here instead of piling onto the database
// and membership until everything times out (秒杀变秒崩).
export class Admission {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency = 16,
    private readonly maxQueue = 20_000,
  ) {}

  /** Runs `work` when a slot is free; null (without running it) when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T | null> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxQueue) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
