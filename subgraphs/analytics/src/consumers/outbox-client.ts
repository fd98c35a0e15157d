// Reads another service's outbox over HTTP with a service identity.
import { IDENTITY_HEADER, type InternalTokenCodec } from "@benefits-hub/platform";
import type { Position } from "../data/checkpoint.repository";

export interface RemoteEvent extends Position {
  id: string;
  tenantId: string;
  type: string;
  payload: Record<string, unknown>;
}

interface WireEvent {
  id: string;
  xid: string;
  seq: string;
  tenantId: string;
  type: string;
  payload: Record<string, unknown>;
}

export class OutboxClient {
  constructor(
    private readonly baseUrl: string,
    private readonly tokens: InternalTokenCodec,
    private readonly service: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async readAfter(after: Position, limit: number): Promise<RemoteEvent[]> {
    const url = new URL("/internal/outbox", this.baseUrl);
    url.searchParams.set("afterXid", after.xid.toString());
    url.searchParams.set("afterSeq", after.seq.toString());
    url.searchParams.set("limit", String(limit));
    const token = await this.tokens.sign({ kind: "service", service: this.service });
    const response = await fetch(url, {
      headers: { [IDENTITY_HEADER]: token },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`outbox answered ${response.status}`);
    const body = (await response.json()) as { events: WireEvent[] };
    return body.events.map((e) => ({ ...e, xid: BigInt(e.xid), seq: BigInt(e.seq) }));
  }
}
