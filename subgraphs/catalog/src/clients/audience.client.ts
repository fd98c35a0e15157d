// A member's audience (tier and segment ids), asked of membership's
// `POST /internal/audience` with a signed service identity, so the shelf shows
// a member only the offers meant for them.
//
// - Cached per (tenant, member) for `ttlMs` (default 30 s) in a bounded LRU
//   (10,000 entries): a segment or tier change shows on the shelf within the TTL.
// - Concurrent calls for the same member share one request.
// - Fails closed: when membership errs or does not answer within `timeoutMs`
//   (default 2 s), the member gets `{ tier: null, segmentIds: [] }` (only the
//   unrestricted offers), a warning is logged (ids and reason, never the token),
//   and that answer is kept for at most 2 s so a recovering membership is asked
//   again soon. A member membership does not know (404) gets the same empty
//   audience, cached for the full TTL.
import { IDENTITY_HEADER, internalTokenCodec, type InternalTokenCodec, type Logger } from "@benefits-hub/platform";
import type { AudienceSource } from "../domain/shelf.service";

export interface MemberAudience {
  tier: string | null;
  segmentIds: string[];
}

export interface AudienceClientOptions {
  /** Membership's base URL, e.g. http://127.0.0.1:4002. */
  baseUrl: string;
  internalSecret: string;
  log: Logger;
  ttlMs?: number;
  timeoutMs?: number;
  /** Most members remembered at once (default 10,000). */
  maxEntries?: number;
}

const SERVICE = "catalog";
const FAILURE_TTL_MS = 2_000;
const nobody = (): MemberAudience => ({ tier: null, segmentIds: [] });

interface Entry {
  audience: MemberAudience;
  expires: number;
}

export class AudienceClient implements AudienceSource {
  private readonly url: URL;
  private readonly tokens: InternalTokenCodec;
  private readonly log: Logger;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly maxEntries: number;
  /** Insertion order is recency order: a hit moves its entry to the end, the first is the eldest. */
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<MemberAudience>>();

  constructor(opts: AudienceClientOptions) {
    this.url = new URL("/internal/audience", opts.baseUrl);
    this.tokens = internalTokenCodec(opts.internalSecret);
    this.log = opts.log;
    this.ttlMs = opts.ttlMs ?? 30_000;
    this.timeoutMs = opts.timeoutMs ?? 2_000;
    this.maxEntries = Math.max(1, opts.maxEntries ?? 10_000);
  }

  /** Never rejects: an unknown member or an unreachable membership yields the empty audience. */
  audienceOf(tenantId: string, memberId: string): Promise<MemberAudience> {
    const key = `${tenantId}/${memberId}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      if (cached.expires > Date.now()) {
        this.cache.set(key, cached);
        return Promise.resolve(copy(cached.audience));
      }
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.fetchAndRemember(key, tenantId, memberId).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending.then(copy);
  }

  /** Forgets cached audiences (all, or one member's). */
  clear(tenantId?: string, memberId?: string): void {
    if (tenantId && memberId) this.cache.delete(`${tenantId}/${memberId}`);
    else this.cache.clear();
  }

  private async fetchAndRemember(key: string, tenantId: string, memberId: string): Promise<MemberAudience> {
    let audience: MemberAudience;
    let ttl = this.ttlMs;
    try {
      audience = await this.ask(tenantId, memberId);
    } catch (error) {
      this.log.warn(
        { tenantId, memberId, reason: reasonOf(error) },
        "member audience unavailable; showing only unrestricted offers",
      );
      audience = nobody();
      ttl = Math.min(this.ttlMs, FAILURE_TTL_MS);
    }
    this.remember(key, audience, ttl);
    return audience;
  }

  private async ask(tenantId: string, memberId: string): Promise<MemberAudience> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [IDENTITY_HEADER]: await this.tokens.sign({ kind: "service", service: SERVICE }),
      },
      body: JSON.stringify({ tenantId, memberId }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (response.status === 404) {
      await response.body?.cancel();
      return nobody();
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`membership answered ${response.status}`);
    }
    const body = (await response.json()) as { tier?: unknown; segmentIds?: unknown };
    const tier = typeof body.tier === "string" ? body.tier : null;
    const segmentIds = body.segmentIds;
    if (!Array.isArray(segmentIds) || !segmentIds.every((id) => typeof id === "string")) {
      throw new Error("membership answered a malformed audience");
    }
    return { tier, segmentIds: segmentIds as string[] };
  }

  private remember(key: string, audience: MemberAudience, ttl: number): void {
    if (ttl <= 0) return;
    this.cache.delete(key);
    while (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { audience, expires: Date.now() + ttl });
  }
}

/** Callers get their own arrays: one cannot change what the cache hands to the next. */
const copy = (a: MemberAudience): MemberAudience => ({ tier: a.tier, segmentIds: [...a.segmentIds] });

function reasonOf(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "timeout";
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    return typeof cause?.code === "string" ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}
