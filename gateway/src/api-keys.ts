// Partners' API keys, verified by membership (the gateway has no database).
// Answers are cached briefly, keyed by a hash of the key; a revocation
// published on pub/sub evicts at once, the TTL bounds it otherwise.
import { createHash } from "node:crypto";
import {
  API_KEY_REVOKED_TOPIC,
  IDENTITY_HEADER,
  type HubPubSub,
  type InternalTokenCodec,
  type Logger,
  type PartnerIdentity,
} from "@benefits-hub/platform";

const MAX_ENTRIES = 10_000;

interface Entry {
  identity: PartnerIdentity | null;
  expires: number;
}

export class ApiKeyVerifier {
  private readonly cache = new Map<string, Entry>();
  private readonly revocations: AsyncIterableIterator<{ apiKeyId: string }> | null;

  constructor(
    private readonly membershipUrl: string,
    private readonly identities: InternalTokenCodec,
    private readonly log: Logger,
    pubsub?: HubPubSub,
    private readonly ttlMs = 30_000,
  ) {
    this.revocations = pubsub?.subscribe<{ apiKeyId: string }>(API_KEY_REVOKED_TOPIC) ?? null;
    void this.evictOnRevocation();
  }

  async verify(key: string): Promise<PartnerIdentity | null> {
    const cacheKey = createHash("sha256").update(key).digest("hex");
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expires > Date.now()) return cached.identity;
    const identity = await this.ask(key);
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    // Unknown keys are remembered briefly too, so guessing costs membership nothing extra.
    this.cache.set(cacheKey, { identity, expires: Date.now() + (identity ? this.ttlMs : 5_000) });
    return identity;
  }

  async close(): Promise<void> {
    await this.revocations?.return?.();
  }

  private async ask(key: string): Promise<PartnerIdentity | null> {
    const response = await fetch(new URL("/internal/api-keys/verify", this.membershipUrl), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [IDENTITY_HEADER]: await this.identities.sign({ kind: "service", service: "gateway" }),
      },
      body: JSON.stringify({ key }),
      signal: AbortSignal.timeout(5_000),
    });
    if (response.status === 401) return null;
    if (!response.ok) throw new Error(`membership answered ${response.status} to an API key check`);
    return ((await response.json()) as { identity: PartnerIdentity }).identity;
  }

  private async evictOnRevocation(): Promise<void> {
    if (!this.revocations) return;
    try {
      for await (const { apiKeyId } of this.revocations) {
        for (const [k, entry] of this.cache) if (entry.identity?.apiKeyId === apiKeyId) this.cache.delete(k);
      }
    } catch (error) {
      this.log.warn({ err: String(error) }, "API key revocations no longer heard; the cache TTL still applies");
    }
  }
}
