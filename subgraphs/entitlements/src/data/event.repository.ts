// Appends entitlement events (outbox and hash chain) inside the caller's
// transaction. Chains are read back by chain.repository.ts.
import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@benefits-hub/platform/db/client";
import { linkHash } from "../domain/event-chain";

export type Tx = Prisma.TransactionClient;

export interface NewEvent {
  tenantId: string;
  entitlementId: string;
  type: string;
  payload: Record<string, unknown>;
  /**
   * When it happened (default: now). Only for writers that record history
   * after the fact (the demo-history seeder); the chain orders by chain_seq
   * and the tenant anchor by commit, so an earlier time keeps both verifying.
   */
  occurredAt?: Date;
}

interface TipRow {
  chain_seq: number | null;
  hash: string | null;
}

export class EventRepository {
  constructor(private readonly db: PrismaClient) {}

  /**
   * Appends an event to its entitlement's chain. The caller holds the
   * entitlement's row lock (its guarded update, or it created the row in this
   * transaction), so no other writer appends to the chain meanwhile; the
   * unique (entitlement_id, chain_seq) backs that up.
   */
  async append(tx: Tx, event: NewEvent): Promise<void> {
    const [tip] = await tx.$queryRaw<TipRow[]>`
      SELECT chain_seq, hash FROM entitlements.entitlement_event
      WHERE entitlement_id = ${event.entitlementId}::uuid
      ORDER BY chain_seq DESC NULLS LAST LIMIT 1`;
    const link = {
      tenantId: event.tenantId,
      entitlementId: event.entitlementId,
      chainSeq: (tip?.chain_seq ?? 0) + 1,
      type: event.type,
      payload: event.payload,
      occurredAt: event.occurredAt ?? new Date(),
      prevHash: tip?.hash ?? null,
    };
    await tx.entitlementEvent.create({
      data: {
        id: randomUUID(),
        tenantId: link.tenantId,
        entitlementId: link.entitlementId,
        type: link.type,
        payload: link.payload as Prisma.InputJsonValue,
        occurredAt: link.occurredAt,
        chainSeq: link.chainSeq,
        prevHash: link.prevHash,
        hash: linkHash(link),
      },
    });
  }
}
