// Calls another subgraph's GraphQL endpoint directly, as the gateway would,
// with a signed identity (the entitlements service, or a member it acts for).
// Network failures, timeouts, non-2xx answers and GraphQL errors all become an
// UnavailableError: callers answer UNAVAILABLE and change nothing, or retry.
import {
  currentOrigin,
  IDENTITY_HEADER,
  internalTokenCodec,
  type Identity,
  type InternalTokenCodec,
} from "@benefits-hub/platform";

export const SERVICE_IDENTITY: Identity = Object.freeze({ kind: "service", service: "entitlements" });

export class UnavailableError extends Error {
  constructor(
    readonly service: string,
    reason: string,
  ) {
    super(`${service} unavailable: ${reason}`);
  }
}

export class GraphClient {
  private readonly tokens: InternalTokenCodec;

  constructor(
    private readonly service: string,
    private readonly url: string,
    internalSecret: string,
    private readonly timeoutMs = 5_000,
  ) {
    this.tokens = internalTokenCodec(internalSecret);
  }

  async request<T>(query: string, variables: object, identity: Identity = SERVICE_IDENTITY): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: { "content-type": "application/json", [IDENTITY_HEADER]: await this.sign(identity) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new UnavailableError(this.service, reasonOf(error));
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new UnavailableError(this.service, `HTTP ${response.status}`);
    }
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length || !body.data) {
      throw new UnavailableError(this.service, body.errors?.map((e) => e.message).join("; ") ?? "no data");
    }
    return body.data;
  }

  /** Acting for a member, the member's request origin goes along (the catalog records it with a reveal). */
  private sign(identity: Identity): Promise<string> {
    return this.tokens.sign(identity, identity.kind === "member" ? currentOrigin() : undefined);
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "timeout";
  return error instanceof Error ? error.message : String(error);
}
