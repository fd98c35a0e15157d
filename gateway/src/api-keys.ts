// Partners' API keys, verified by membership (the gateway has no database).
// Answers are cached briefly, keyed by a hash of the key; a revocation
// heard on pub/sub evicts at once, and when pub/sub was disconnected (so one
// may have been missed) the whole cache goes. The TTL bounds it otherwise.
import { createHash } from "node:crypto";
import { IDENTITY_HEADER, type InternalTokenCodec, type PartnerIdentity } from "@benefits-hub/platform";
import type { Revocations } from "./revocations";

const MAX_ENTRIES = 10_000;

interface Entry {
  identity: PartnerIdentity | null;
  expires: number;
}

export class ApiKeyVerifier {
  private readonly cache = new Map<string, Entry>();
  private readonly unsubscribe: (() => void)[] = [];
  /** Moves on every eviction: an answer asked for before one is not cached (it may predate the revocation). */
  private revision = 0;

  constructor(
    private readonly membershipUrl: string,
    private readonly identities: InternalTokenCodec,
    revocations?: Revocations,
    private readonly ttlMs = 30_000,
  ) {
    if (!revocations) return;
    this.unsubscribe.push(
      revocations.onRevoked((revocation) => {
        if (revocation.kind !== "apiKey") return;
        this.revision += 1;
        for (const [k, entry] of this.cache) if (entry.identity?.apiKeyId === revocation.apiKeyId) this.cache.delete(k);
      }),
      revocations.onMissed(() => {
        this.revision += 1;
        this.cache.clear();
      }),
    );
  }

  async verify(key: string): Promise<PartnerIdentity | null> {
    const cacheKey = createHash("sha256").update(key).digest("hex");
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expires > Date.now()) return cached.identity;
    const revision = this.revision;
    const identity = await this.ask(key);
    if (revision !== this.revision) return identity;
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    // Unknown keys are remembered briefly too, so guessing costs membership nothing extra.
    this.cache.set(cacheKey, { identity, expires: Date.now() + (identity ? this.ttlMs : 5_000) });
    return identity;
  }

  close(): void {
    for (const stop of this.unsubscribe) stop();
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
}
