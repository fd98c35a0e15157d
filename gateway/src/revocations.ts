// Revocations the gateway hears on pub/sub: API keys (membership's
// revokeApiKey) and login sessions (logout, a reused refresh token). The API
// key cache and open websockets act on them; a revoked session's access
// tokens are refused from then on (remembered for a day, far past their expiry).
import { API_KEY_REVOKED_TOPIC, SESSION_REVOKED_TOPIC, type HubPubSub, type Logger } from "@benefits-hub/platform";

export type Revocation = { kind: "apiKey"; apiKeyId: string } | { kind: "session"; sessionId: string };

/** What membership publishes; checked, since it crossed a process boundary. */
type RevocationPayload = { apiKeyId?: unknown; sessionId?: unknown };

const MAX_REMEMBERED_SESSIONS = 100_000;
const REMEMBER_SESSION_MS = 24 * 60 * 60 * 1000;

export class Revocations {
  private readonly listeners = new Set<(revocation: Revocation) => void>();
  private readonly reconnectListeners = new Set<() => void>();
  /** Revoked session id → until when (ms) it is remembered. */
  private readonly sessions = new Map<string, number>();
  private readonly iterators: AsyncIterableIterator<RevocationPayload>[] = [];
  private readonly stopReconnect: (() => void) | undefined;

  constructor(
    pubsub: HubPubSub | undefined,
    private readonly log: Logger,
  ) {
    if (!pubsub) return;
    this.follow(pubsub.subscribe<RevocationPayload>(API_KEY_REVOKED_TOPIC), ({ apiKeyId }) =>
      typeof apiKeyId === "string" ? { kind: "apiKey", apiKeyId } : null,
    );
    this.follow(pubsub.subscribe<RevocationPayload>(SESSION_REVOKED_TOPIC), ({ sessionId }) =>
      typeof sessionId === "string" ? { kind: "session", sessionId } : null,
    );
    this.stopReconnect = pubsub.onReconnect?.(() => {
      for (const listener of this.reconnectListeners) listener();
    });
  }

  /** Calls `listener` for every revocation heard; returns its removal. */
  onRevoked(listener: (revocation: Revocation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `listener` when revocations may have been missed (pub/sub was disconnected). */
  onMissed(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  isSessionRevoked(sessionId: string | undefined): boolean {
    if (!sessionId) return false;
    const until = this.sessions.get(sessionId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.sessions.delete(sessionId);
    return false;
  }

  async close(): Promise<void> {
    this.stopReconnect?.();
    await Promise.all(this.iterators.map((iterator) => iterator.return?.()));
  }

  private follow(
    iterator: AsyncIterableIterator<RevocationPayload>,
    read: (payload: RevocationPayload) => Revocation | null,
  ): void {
    this.iterators.push(iterator);
    void (async () => {
      try {
        for await (const payload of iterator) {
          const revocation = payload && typeof payload === "object" ? read(payload) : null;
          if (revocation) this.apply(revocation);
        }
      } catch (error) {
        this.log.warn({ err: String(error) }, "revocations no longer heard");
      }
    })();
  }

  private apply(revocation: Revocation): void {
    if (revocation.kind === "session") {
      if (this.sessions.size >= MAX_REMEMBERED_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
      this.sessions.set(revocation.sessionId, Date.now() + REMEMBER_SESSION_MS);
    }
    for (const listener of this.listeners) {
      try {
        listener(revocation);
      } catch (error) {
        this.log.error({ err: String(error) }, "a revocation listener failed");
      }
    }
  }
}
