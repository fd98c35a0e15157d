// Reads another service's outbox (GET /internal/outbox, the platform's outbox
// route) over HTTP with a service identity, in (xid, seq) order.
import { IDENTITY_HEADER, type InternalTokenCodec } from "@benefits-hub/platform";
import type { Position } from "../data/checkpoint.repository";

/** An event of a source's outbox as analytics folds it. */
export interface RemoteEvent extends Position {
  id: string;
  /** null only for events that belong to no tenant (a supplier's statement line). */
  tenantId: string | null;
  type: string;
  payload: Record<string, unknown>;
  /** ISO timestamp of when it happened. */
  occurredAt: string;
  /** Entitlements' events name their entitlement. */
  entitlementId?: string;
}

/** Where a consumer reads a source's events from. */
export interface OutboxFeed {
  readAfter(after: Position, limit: number): Promise<RemoteEvent[]>;
}

interface WireEvent {
  id: string;
  xid: string;
  seq: string;
  tenantId: string | null;
  type: string;
  payload: unknown;
  occurredAt?: string;
  entitlementId?: string;
}

/** Turns an event as the outbox route sends it (xid and seq as strings) into a RemoteEvent. */
export function fromWire(e: WireEvent): RemoteEvent {
  const payload = e.payload && typeof e.payload === "object" ? (e.payload as Record<string, unknown>) : {};
  return {
    id: e.id,
    xid: BigInt(e.xid),
    seq: BigInt(e.seq),
    tenantId: e.tenantId ?? null,
    type: e.type,
    payload,
    occurredAt: e.occurredAt ?? new Date(0).toISOString(),
    ...(typeof e.entitlementId === "string" ? { entitlementId: e.entitlementId } : {}),
  };
}

export class OutboxClient implements OutboxFeed {
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
    return body.events.map(fromWire);
  }
}
