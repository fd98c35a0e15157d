// The attempt store on Redis: a sorted set per key (score = time), trimmed to its window in one script per
// attempt, with the server's clock, so every process and concurrent attempt sees the same windows.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { AttemptStore, RecordedAttempt, WindowKey } from "./auth-attempts.store";
import { hashKey } from "./auth-attempts.store";

// KEYS: the sorted sets; ARGV[1]: this attempt's id; ARGV[1 + i]: the window (ms) of KEYS[i].
const RECORD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {tostring(now)}
for i, key in ipairs(KEYS) do
  local window = tonumber(ARGV[i + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  out[i + 1] = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('PEXPIRE', key, window)
end
return out`;

export class RedisAttemptStore implements AttemptStore {
  readonly kind = "redis";
  private readonly redis: Redis;
  private namespaceName?: Promise<string>;

  /** `namespace` keeps hubs sharing one Redis (e.g. test runs) apart. */
  constructor(
    url: string,
    private readonly namespace: () => Promise<string>,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: true });
  }

  async record(keys: WindowKey[]): Promise<RecordedAttempt> {
    const names = await this.names(keys.map((k) => k.key));
    const id = randomUUID();
    const windows = keys.map((k) => String(Math.max(1, Math.round(k.windowMs))));
    const [now, ...result] = (await this.redis.eval(RECORD, names.length, ...names, id, ...windows)) as [
      string,
      ...string[][],
    ];
    return {
      at: Number(now),
      others: result.map((pairs) => {
        const scores: number[] = [];
        for (let i = 1; i < pairs.length; i += 2) scores.push(Number(pairs[i]));
        return scores;
      }),
      forget: async () => {
        const pipeline = this.redis.pipeline();
        for (const name of names) pipeline.zrem(name, id);
        await pipeline.exec();
      },
    };
  }

  async clear(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.redis.del(...(await this.names(keys)));
  }

  async close(): Promise<void> {
    if (this.redis.status !== "end") await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async names(keys: string[]): Promise<string[]> {
    // Asked once; a failed look-up is asked again next time.
    this.namespaceName ??= this.namespace().catch((error: unknown) => {
      this.namespaceName = undefined;
      throw error;
    });
    const namespace = await this.namespaceName;
    return keys.map((key) => `hub:auth-attempts:${namespace}:${hashKey(key)}`);
  }
}
